//! `try_state`: the pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	Accounts, BalanceOf, Config, CurrentEpoch, CurrentScore, Pallet, Summaries, TotalOwed,
};
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
	/// Checks that the pot covers everything owed, that the accounts' pending rewards fit in
	/// it, and that the current epoch's scores add up to its total score.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let owed = TotalOwed::<T>::get();
		let spendable =
			T::Currency::reducible_balance(&Self::pot(), Preservation::Preserve, Fortitude::Polite);
		ensure!(spendable >= owed, "the pot holds less than the rewards owed");

		let current = CurrentEpoch::<T>::get();
		let mut pending = BalanceOf::<T>::zero();
		let mut scores = BalanceOf::<T>::zero();
		for (who, account) in Accounts::<T>::iter() {
			ensure!(account.score_epoch <= current, "a score belongs to a future epoch");
			let rewards = Self::pending(who);
			ensure!(
				!(rewards.total.is_zero() && account.score.is_zero()),
				"an account with nothing pending is stored"
			);
			pending.saturating_accrue(rewards.total);
			scores.saturating_accrue(rewards.current_epoch_score);
		}
		ensure!(pending <= owed, "accounts are owed more than the total owed");
		ensure!(
			scores == CurrentScore::<T>::get(),
			"the current epoch's scores do not add up to its total score"
		);
		ensure!(
			Summaries::<T>::iter_keys().all(|epoch| epoch < current) &&
				Summaries::<T>::iter_keys().count() <= T::SummaryHistory::get() as usize,
			"epoch summaries outside the kept window"
		);
		Ok(())
	}
}
