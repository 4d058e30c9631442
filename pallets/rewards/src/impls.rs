//! Crediting, accruing emission shares lazily, claiming and closing epochs.

use crate::{
	Accounts, BalanceOf, Config, CurrentEpoch, CurrentScore, CurrentTotals, EmissionPerEpoch,
	EpochIndex, EpochRates, EpochSummary, Error, Event, Pallet, PendingRewards, RewardAccount,
	Summaries, TotalOwed,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Get,
	},
};
use openledger_primitives::{RewardSource, RewardsCredit};
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, Saturating, Zero},
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

	/// Stores `account`, leaving no entry behind once nothing is pending or scored.
	fn put_account(who: &T::AccountId, account: RewardAccount<BalanceOf<T>>) {
		let RewardAccount { data, model, provider, emission, score, .. } = account;
		if [data, model, provider, emission, score].iter().all(Zero::is_zero) {
			Accounts::<T>::remove(who);
		} else {
			Accounts::<T>::insert(who, account);
		}
	}

	pub(crate) fn do_claim(who: T::AccountId) -> DispatchResult {
		let mut account = Accounts::<T>::get(&who).ok_or(Error::<T>::NothingToClaim)?;
		Self::accrue_emission(&mut account, CurrentEpoch::<T>::get());
		let RewardAccount { data, model, provider, emission, .. } = account;
		let amount = account.claimable();
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
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
		CurrentEpoch::<T>::put(epoch.saturating_add(1));
		Self::deposit_event(Event::EpochClosed {
			epoch,
			emitted: summary.emitted,
			score: total_score.saturated_into(),
			attributed_to_data: summary.attributed_to_data,
		});
	}

	/// What `who` can claim now, by source, and its score in the current epoch.
	pub fn pending(who: T::AccountId) -> PendingRewards<BalanceOf<T>> {
		let current = CurrentEpoch::<T>::get();
		let mut account = Accounts::<T>::get(&who).unwrap_or_default();
		Self::accrue_emission(&mut account, current);
		let total = account.claimable();
		let RewardAccount { data, model, provider, emission, score, score_epoch } = account;
		PendingRewards {
			data,
			model,
			provider,
			emission,
			total,
			current_epoch_score: if score_epoch == current { score } else { Zero::zero() },
		}
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

impl<T: Config> RewardsCredit<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn pot() -> T::AccountId {
		Pallet::<T>::pot()
	}

	fn credit(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		source: RewardSource,
		score: BalanceOf<T>,
	) -> Result<(), DispatchError> {
		if amount.is_zero() && score.is_zero() {
			return Ok(());
		}
		let current = CurrentEpoch::<T>::get();
		let mut account = Accounts::<T>::get(who).unwrap_or_default();
		Self::accrue_emission(&mut account, current);
		let add = |to: BalanceOf<T>| to.checked_add(&amount).ok_or(ArithmeticError::Overflow);
		match source {
			RewardSource::Data => account.data = add(account.data)?,
			RewardSource::Model => account.model = add(account.model)?,
			RewardSource::Provider => account.provider = add(account.provider)?,
		}
		if !score.is_zero() {
			account.score = account.score.checked_add(&score).ok_or(ArithmeticError::Overflow)?;
			account.score_epoch = current;
		}
		let owed = add(TotalOwed::<T>::get())?;

		TotalOwed::<T>::put(owed);
		if source == RewardSource::Data {
			CurrentTotals::<T>::mutate(|t| t.attributed_to_data.saturating_accrue(amount));
		}
		CurrentScore::<T>::mutate(|total| total.saturating_accrue(score));
		Accounts::<T>::insert(who, account);
		Self::deposit_event(Event::Credited { who: who.clone(), amount, source });
		Ok(())
	}

	fn note_fees_settled(amount: BalanceOf<T>) {
		CurrentTotals::<T>::mutate(|t| t.fees_settled.saturating_accrue(amount));
	}
}
