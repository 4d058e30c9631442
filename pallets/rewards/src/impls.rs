//! Crediting, maturing credits and accruing emission shares lazily, claiming and closing epochs.

use crate::{
	pending::{maturity, Amounts},
	AccountRewards, Accounts, BalanceOf, Config, CurrentEpoch, CurrentScore, CurrentTotals,
	EmissionPerEpoch, EpochIndex, EpochRates, EpochSummary, Error, Event, FutureScores, Pallet,
	PendingCredits, PendingOf, PendingRewards, RewardAccount, Summaries, TotalOwed,
};
use alloc::vec::Vec;
use core::cmp::Ordering;
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{RewardSource, RewardsCredit};
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, CheckedDiv, Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult, FixedPointNumber, FixedU128, Perbill,
	SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// The account holding every claimable reward.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Turns a score earned in an epoch that has closed into that epoch's emission share.
	fn accrue_emission(account: &mut RewardAccount<BalanceOf<T>>, current: EpochIndex) {
		if account.score_epoch < current && !account.score.is_zero() {
			let share = EpochRates::<T>::get(account.score_epoch)
				.map(|rate| rate.saturating_mul_int(account.score.saturated_into::<u128>()))
				.unwrap_or_default();
			account.emission.saturating_accrue(share.saturated_into());
			account.score = Zero::zero();
		}
	}

	/// The epoch block `at` (now or later) falls in: the current one, plus the epoch boundaries
	/// between now and then.
	fn epoch_at(at: BlockNumberFor<T>) -> EpochIndex {
		let length = T::EpochLength::get();
		let index = |block: BlockNumberFor<T>| block.checked_div(&length).unwrap_or_default();
		let boundaries = index(at).saturating_sub(index(frame_system::Pallet::<T>::block_number()));
		CurrentEpoch::<T>::get().saturating_add(boundaries.saturated_into())
	}

	/// Moves the credits of `pending` that matured by now into `account`: their amounts become
	/// claimable, their score counts for the epoch they matured in (its emission share if it
	/// has closed, the current epoch's score otherwise).
	fn mature(account: &mut RewardAccount<BalanceOf<T>>, pending: &mut PendingOf<T>) {
		let (now, current) = (frame_system::Pallet::<T>::block_number(), CurrentEpoch::<T>::get());
		for bucket in pending.mature(now).iter().filter(|b| !b.amounts.is_empty()) {
			let Amounts { data, model, provider, score } = bucket.amounts;
			account.data.saturating_accrue(data);
			account.model.saturating_accrue(model);
			account.provider.saturating_accrue(provider);
			match bucket.epoch.cmp(&current) {
				Ordering::Less => {
					let share = EpochRates::<T>::get(bucket.epoch)
						.map(|rate| rate.saturating_mul_int(score.saturated_into::<u128>()))
						.unwrap_or_default();
					account.emission.saturating_accrue(share.saturated_into());
				},
				Ordering::Equal if !score.is_zero() => {
					Self::accrue_emission(account, current);
					account.score.saturating_accrue(score);
					account.score_epoch = current;
				},
				// A bucket matures before the epoch its score was counted in only if an upgrade
				// changed the epoch length without migrating: the score earns nothing rather
				// than a share of an epoch whose total left it out (`try_state` reports it).
				_ => {},
			}
		}
	}

	/// `who`'s claimable rewards and pending credits, with what has matured moved over and any
	/// closed epoch's score turned into emission.
	fn matured(who: &T::AccountId) -> (RewardAccount<BalanceOf<T>>, PendingOf<T>) {
		let mut account = Accounts::<T>::get(who).unwrap_or_default();
		let mut pending = PendingCredits::<T>::get(who).unwrap_or_default();
		Self::mature(&mut account, &mut pending);
		Self::accrue_emission(&mut account, CurrentEpoch::<T>::get());
		(account, pending)
	}

	/// Stores `account`, leaving no entry behind once nothing is claimable or scored.
	fn put_account(who: &T::AccountId, account: RewardAccount<BalanceOf<T>>) {
		let RewardAccount { data, model, provider, emission, score, .. } = account;
		if [data, model, provider, emission, score].iter().all(Zero::is_zero) {
			Accounts::<T>::remove(who);
		} else {
			Accounts::<T>::insert(who, account);
		}
	}

	/// Stores `pending`, leaving no entry behind once nothing is pending.
	fn put_pending(who: &T::AccountId, pending: PendingOf<T>) {
		if pending.is_empty() {
			PendingCredits::<T>::remove(who);
		} else {
			PendingCredits::<T>::insert(who, pending);
		}
	}

	pub(crate) fn do_claim(who: T::AccountId) -> DispatchResult {
		let (account, pending) = Self::matured(&who);
		let RewardAccount { data, model, provider, emission, .. } = account;
		let amount = account.claimable();
		if amount.is_zero() {
			let refusal = if pending.is_empty() {
				Error::<T>::NothingToClaim
			} else {
				Error::<T>::StillInChallenge
			};
			return Err(refusal.into());
		}
		T::Currency::transfer(&Self::pot(), &who, amount, Preservation::Preserve)?;

		TotalOwed::<T>::mutate(|owed| owed.saturating_reduce(amount));
		CurrentTotals::<T>::mutate(|totals| totals.claimed.saturating_accrue(amount));
		Self::put_account(
			&who,
			RewardAccount {
				data: Zero::zero(),
				model: Zero::zero(),
				provider: Zero::zero(),
				emission: Zero::zero(),
				..account
			},
		);
		Self::put_pending(&who, pending);
		Self::deposit_event(Event::Claimed { who, amount, data, model, provider, emission });
		Ok(())
	}

	/// Closes the epoch in progress: emits from the rewards pool to the pot and records the
	/// emission per unit of score, at most [`Config::MaxEmissionRate`]. O(1) whatever the number
	/// of contributors.
	pub(crate) fn close_epoch() {
		let score = CurrentScore::<T>::take();
		Self::close_epoch_with(score, Some(T::MaxEmissionRate::get()));
	}

	/// Closes the epoch in progress with its emission shared by `score`, at a rate of at most
	/// `max_rate` (any rate for `None`: the epoch in progress at the upgrade to storage version
	/// 1, whose scores were data fees, closes by the rule they were earned under).
	pub(crate) fn close_epoch_with(score: BalanceOf<T>, max_rate: Option<Perbill>) {
		let epoch = CurrentEpoch::<T>::get();
		let mut summary = CurrentTotals::<T>::take();
		let pool = T::RewardsPool::get();
		let budget = EmissionPerEpoch::<T>::get().min(T::Currency::reducible_balance(
			&pool,
			Preservation::Preserve,
			Fortitude::Polite,
		));
		let total_score = score.saturated_into::<u128>();
		let rate = FixedU128::checked_from_rational(budget.saturated_into::<u128>(), total_score)
			.map(|rate| max_rate.map_or(rate, |max| rate.min(max.into())))
			.filter(|rate| !rate.is_zero());
		if let Some(rate) = rate {
			// What the rate pays in aggregate, rounded down: never more than the budget.
			let emitted: BalanceOf<T> = rate.saturating_mul_int(total_score).saturated_into();
			let emitted = emitted.min(budget);
			match T::Currency::transfer(&pool, &Self::pot(), emitted, Preservation::Preserve) {
				Ok(_) => {
					EpochRates::<T>::insert(epoch, rate);
					TotalOwed::<T>::mutate(|owed| owed.saturating_accrue(emitted));
					summary.emitted = emitted;
				},
				Err(e) =>
					log::warn!(target: "runtime::rewards", "epoch {epoch}: no emission: {e:?}"),
			}
		}
		Summaries::<T>::insert(epoch, summary);
		if let Some(expired) = epoch.checked_sub(T::SummaryHistory::get()) {
			Summaries::<T>::remove(expired);
		}
		let next = epoch.saturating_add(1);
		CurrentEpoch::<T>::put(next);
		CurrentScore::<T>::put(FutureScores::<T>::take(next).unwrap_or_default());
		Self::deposit_event(Event::EpochClosed {
			epoch,
			emitted: summary.emitted,
			score: total_score.saturated_into(),
			attributed_to_data: summary.attributed_to_data,
		});
	}

	/// What `who` can claim now, by source, and its score in the current epoch.
	pub fn pending(who: T::AccountId) -> PendingRewards<BalanceOf<T>> {
		Self::rewards_of(who).claimable
	}

	/// What `who` can claim now, and what is still in its challenge period.
	pub fn rewards_of(who: T::AccountId) -> AccountRewards<BalanceOf<T>, BlockNumberFor<T>> {
		let (account, pending) = Self::matured(&who);
		let total = account.claimable();
		let RewardAccount { data, model, provider, emission, score, score_epoch } = account;
		let current_epoch_score =
			if score_epoch == CurrentEpoch::<T>::get() { score } else { Zero::zero() };
		AccountRewards {
			claimable: PendingRewards {
				data,
				model,
				provider,
				emission,
				total,
				current_epoch_score,
			},
			in_challenge: pending.total(),
			maturing: pending.held().map(|b| (b.matures_at, b.amounts.total())).collect(),
		}
	}

	/// Adds `amounts`, already in the pot, to `who`'s credits maturing at `due`, or to what it
	/// can claim if `due` has passed (its score then counts in the current epoch). Returns
	/// whether the claimable account was read and written on the way (earlier credits matured,
	/// or this one is claimable at once) and when these mature.
	fn add_credit(
		who: &T::AccountId,
		amounts: Amounts<BalanceOf<T>>,
		due: BlockNumberFor<T>,
	) -> Result<(bool, BlockNumberFor<T>), DispatchError> {
		let owed = TotalOwed::<T>::get()
			.checked_add(&amounts.total())
			.ok_or(ArithmeticError::Overflow)?;
		let mut pending = PendingCredits::<T>::get(who).unwrap_or_default();
		// What matured is moved over first, so that a bucket is free for this credit. Only then
		// is the claimable account read and written: most credits touch one entry.
		let now = frame_system::Pallet::<T>::block_number();
		let late = due < now;
		let matured = late || pending.held().any(|b| b.matures_at <= now);
		let (due, epoch) = if matured {
			let mut account = Accounts::<T>::get(who).unwrap_or_default();
			Self::mature(&mut account, &mut pending);
			let landed = if late {
				// Past its challenge period already (a challenge's verdict came after it): it
				// matures now. Both buckets may hold later credits, so it goes straight over.
				let mut lone = PendingOf::<T>::default();
				let landed = lone.add(now, CurrentEpoch::<T>::get(), &amounts);
				Self::mature(&mut account, &mut lone);
				landed
			} else {
				pending.add(due, Self::epoch_at(due), &amounts)
			};
			Self::put_account(who, account);
			landed
		} else {
			pending.add(due, Self::epoch_at(due), &amounts)
		};
		let score = amounts.score;
		if !score.is_zero() {
			if epoch <= CurrentEpoch::<T>::get() {
				CurrentScore::<T>::mutate(|total| total.saturating_accrue(score));
			} else {
				FutureScores::<T>::mutate(epoch, |total| {
					total.get_or_insert_with(Zero::zero).saturating_accrue(score)
				});
			}
		}
		TotalOwed::<T>::put(owed);
		Self::put_pending(who, pending);
		Ok((matured, due))
	}

	/// The epoch in progress and its running totals.
	pub fn current_epoch() -> (EpochIndex, EpochSummary<BalanceOf<T>>) {
		(CurrentEpoch::<T>::get(), CurrentTotals::<T>::get())
	}

	/// The summaries of the closed epochs still kept, newest first.
	pub fn epoch_summaries() -> Vec<(EpochIndex, EpochSummary<BalanceOf<T>>)> {
		let current = CurrentEpoch::<T>::get();
		(current.saturating_sub(T::SummaryHistory::get())..current)
			.rev()
			.filter_map(|epoch| Summaries::<T>::get(epoch).map(|s| (epoch, s)))
			.collect()
	}
}

impl<T: Config> RewardsCredit<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn pot() -> T::AccountId {
		Pallet::<T>::pot()
	}

	fn credit(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		source: RewardSource,
		score: BalanceOf<T>,
	) -> Result<bool, DispatchError> {
		if amount.is_zero() && score.is_zero() {
			return Ok(false);
		}
		let due = Self::matures_at(frame_system::Pallet::<T>::block_number());
		let (matured, matures_at) = Self::add_credit(who, amounts(amount, source, score), due)?;
		if source == RewardSource::Data {
			CurrentTotals::<T>::mutate(|t| t.attributed_to_data.saturating_accrue(amount));
		}
		Self::deposit_event(Event::Credited { who: who.clone(), amount, source, matures_at });
		Ok(matured)
	}

	fn take_pending(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		source: RewardSource,
		score: BalanceOf<T>,
		credited_at: BlockNumberFor<T>,
	) -> DispatchResult {
		if amount.is_zero() && score.is_zero() {
			return Ok(());
		}
		let due = Self::matures_at(credited_at);
		ensure!(due > frame_system::Pallet::<T>::block_number(), Error::<T>::NotPending);
		let mut pending = PendingCredits::<T>::get(who).unwrap_or_default();
		let (_, epoch) = pending
			.take(due, &amounts(amount, source, score))
			.ok_or(Error::<T>::NotPending)?;
		if !score.is_zero() {
			if epoch <= CurrentEpoch::<T>::get() {
				CurrentScore::<T>::mutate(|total| total.saturating_reduce(score));
			} else {
				FutureScores::<T>::mutate_exists(epoch, |total| {
					let left = total.unwrap_or_default().saturating_sub(score);
					*total = (!left.is_zero()).then_some(left);
				});
			}
		}
		TotalOwed::<T>::mutate(|owed| owed.saturating_reduce(amount));
		Self::put_pending(who, pending);
		Self::deposit_event(Event::CreditTaken { who: who.clone(), amount, source });
		Ok(())
	}

	fn restore_pending(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		source: RewardSource,
		score: BalanceOf<T>,
		credited_at: BlockNumberFor<T>,
	) -> DispatchResult {
		if amount.is_zero() && score.is_zero() {
			return Ok(());
		}
		let due = Self::matures_at(credited_at);
		let (_, matures_at) = Self::add_credit(who, amounts(amount, source, score), due)?;
		Self::deposit_event(Event::CreditRestored { who: who.clone(), amount, source, matures_at });
		Ok(())
	}

	fn note_fees_settled(amount: BalanceOf<T>) {
		CurrentTotals::<T>::mutate(|t| t.fees_settled.saturating_accrue(amount));
	}

	fn matures_at(credited_at: BlockNumberFor<T>) -> BlockNumberFor<T> {
		maturity(credited_at, T::ChallengePeriod::get())
	}
}

/// A credit of `amount` from `source` with `score`, as a bucket holds it.
fn amounts<Balance: Default>(
	amount: Balance,
	source: RewardSource,
	score: Balance,
) -> Amounts<Balance> {
	let mut amounts = Amounts { score, ..Default::default() };
	match source {
		RewardSource::Data => amounts.data = amount,
		RewardSource::Model => amounts.model = amount,
		RewardSource::Provider => amounts.provider = amount,
	}
	amounts
}
