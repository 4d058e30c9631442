//! `try_state`: the pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	Accounts, BalanceOf, Config, CurrentEpoch, CurrentScore, FutureScores, Pallet, PendingCredits,
	Summaries, TotalOwed,
};
use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{
	ensure,
	traits::{
		fungible::Inspect,
		tokens::{Fortitude, Preservation},
		Get,
	},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks that the pot covers everything owed, that the accounts' claimable and pending
	/// rewards fit in it, and that the scores of each epoch (the current one and those pending
	/// credits will mature in) add up to its total score.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let owed = TotalOwed::<T>::get();
		let spendable =
			T::Currency::reducible_balance(&Self::pot(), Preservation::Preserve, Fortitude::Polite);
		ensure!(spendable >= owed, "the pot holds less than the rewards owed");

		let current = CurrentEpoch::<T>::get();
		let mut holders = BTreeSet::new();
		// The scores each epoch from the current one on is owed, as stored.
		let mut scores = BTreeMap::<_, BalanceOf<T>>::new();
		for (who, account) in Accounts::<T>::iter() {
			ensure!(account.score_epoch <= current, "a score belongs to a future epoch");
			ensure!(
				!(account.claimable().is_zero() && account.score.is_zero()),
				"an account with nothing claimable is stored"
			);
			if account.score_epoch == current {
				scores.entry(current).or_default().saturating_accrue(account.score);
			}
			holders.insert(who);
		}
		for (who, pending) in PendingCredits::<T>::iter() {
			ensure!(!pending.is_empty(), "an account with nothing pending is stored");
			for bucket in pending.held() {
				if bucket.epoch >= current {
					scores.entry(bucket.epoch).or_default().saturating_accrue(bucket.amounts.score);
				}
			}
			holders.insert(who);
		}
		let mut rewards = BalanceOf::<T>::zero();
		for who in holders {
			let of = Self::rewards_of(who);
			rewards.saturating_accrue(of.claimable.total.saturating_add(of.in_challenge.total()));
		}
		ensure!(rewards <= owed, "accounts are owed more than the total owed");
		ensure!(
			scores.remove(&current).unwrap_or_default() == CurrentScore::<T>::get(),
			"the current epoch's scores do not add up to its total score"
		);
		ensure!(
			FutureScores::<T>::iter().all(|(epoch, total)| epoch > current &&
				scores.remove(&epoch).unwrap_or_default() == total) &&
				scores.values().all(Zero::is_zero),
			"a later epoch's scores do not add up to its total score"
		);
		ensure!(
			Summaries::<T>::iter_keys().all(|epoch| epoch < current) &&
				Summaries::<T>::iter_keys().count() <= T::SummaryHistory::get() as usize,
			"epoch summaries outside the kept window"
		);
		Ok(())
	}
}
