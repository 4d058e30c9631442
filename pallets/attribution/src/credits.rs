//! What a settling call owes: the fee shares of every account it pays, added up so that each
//! account is credited once however many settlements pay it, and the pool's part.

use crate::{BalanceOf, Config};
use alloc::collections::BTreeMap;
use frame_support::traits::{fungible::Mutate, tokens::Preservation, Get};
use openledger_primitives::{RewardSource, RewardsCredit};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};

/// The shares a settling call owes, with their scores, gathered until [`Credits::pay`].
pub(crate) struct Credits<T: Config> {
	owed: BTreeMap<(T::AccountId, RewardSource), (BalanceOf<T>, BalanceOf<T>)>,
	to_pool: BalanceOf<T>,
	fees: BalanceOf<T>,
}

impl<T: Config> Default for Credits<T> {
	fn default() -> Self {
		Credits { owed: BTreeMap::new(), to_pool: Zero::zero(), fees: Zero::zero() }
	}
}

impl<T: Config> Credits<T> {
	/// Owes `who` `amount` more from `source`, with `score` towards the epoch's emission.
	pub fn owe(
		&mut self,
		who: T::AccountId,
		source: RewardSource,
		amount: BalanceOf<T>,
		score: BalanceOf<T>,
	) {
		if !amount.is_zero() || !score.is_zero() {
			let owed = self.owed.entry((who, source)).or_default();
			owed.0.saturating_accrue(amount);
			owed.1.saturating_accrue(score);
		}
	}

	/// Owes the rewards pool `amount` more.
	pub fn owe_pool(&mut self, amount: BalanceOf<T>) {
		self.to_pool.saturating_accrue(amount);
	}

	/// Counts `fee` as settled: it moves from the escrow account to the rewards pot in
	/// [`Credits::pay`], and counts in the epoch's summary.
	pub fn count_fee(&mut self, fee: BalanceOf<T>) {
		self.fees.saturating_accrue(fee);
	}

	/// How many credits [`Credits::pay`] makes: one for each account and source.
	pub fn accounts(&self) -> u32 {
		u32::try_from(self.owed.len()).unwrap_or(u32::MAX)
	}

	/// Pays what is owed: the settled fees move from the escrow account to the rewards pot in
	/// one transfer, the pool's part leaves the pot in another, every other share is credited
	/// there. Returns how many of the credits found earlier credits of their account matured
	/// (each costs a second entry).
	pub fn pay(self) -> Result<u32, DispatchError> {
		if !self.fees.is_zero() {
			T::Currency::transfer(
				&crate::Pallet::<T>::escrow(),
				&T::Rewards::pot(),
				self.fees,
				Preservation::Expendable,
			)?;
		}
		if !self.to_pool.is_zero() {
			T::Currency::transfer(
				&T::Rewards::pot(),
				&T::RewardsPool::get(),
				self.to_pool,
				Preservation::Preserve,
			)?;
		}
		let mut matured: u32 = 0;
		for ((who, source), (amount, score)) in self.owed {
			if T::Rewards::credit(&who, amount, source, score)? {
				matured.saturating_inc();
			}
		}
		T::Rewards::note_fees_settled(self.fees);
		Ok(matured)
	}
}
