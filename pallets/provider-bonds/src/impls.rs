//! What other pallets ask of bonds, and the invariants `try_state` checks.

use crate::*;
use frame_support::traits::{
	fungible::{InspectHold, MutateHold},
	tokens::{Fortitude, Precision, Restriction},
	Get,
};
use openledger_primitives::ProviderBonds;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Stores `bond`, or removes the record if nothing is left in it.
	pub(crate) fn put(who: &T::AccountId, bond: BondOf<T>) {
		if bond.active.is_zero() && bond.unbonding.is_none() {
			Bonds::<T>::remove(who);
		} else {
			Bonds::<T>::insert(who, bond);
		}
	}

	/// Every bond is held in full under the pallet's hold reason, and no record is empty.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (who, bond) in Bonds::<T>::iter() {
			frame_support::ensure!(
				T::Currency::balance_on_hold(&HoldReason::ProviderBond.into(), &who) == bond.held(),
				"a bond is not held in full"
			);
			frame_support::ensure!(
				!bond.active.is_zero() || bond.unbonding.is_some(),
				"an empty bond record"
			);
			frame_support::ensure!(
				bond.unbonding.is_none_or(|u| !u.amount.is_zero()),
				"an empty unbonding record"
			);
		}
		Ok(())
	}
}

impl<T: Config> ProviderBonds<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn is_bonded(who: &T::AccountId) -> bool {
		Bonds::<T>::get(who).is_some_and(|bond| bond.active >= T::MinBond::get())
	}

	fn slash(who: &T::AccountId, amount: BalanceOf<T>, to: &T::AccountId) -> BalanceOf<T> {
		let Some(mut bond) = Bonds::<T>::get(who) else { return Zero::zero() };
		let take = amount.min(bond.held());
		if take.is_zero() {
			return take;
		}
		// `to` receives it free: a challenger, or the rewards pool. A transfer the currency
		// refuses (to an account it would leave below the existential deposit) moves nothing.
		let Ok(moved) = T::Currency::transfer_on_hold(
			&HoldReason::ProviderBond.into(),
			who,
			to,
			take,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		) else {
			return Zero::zero();
		};
		let from_active = moved.min(bond.active);
		bond.active = bond.active.saturating_sub(from_active);
		let from_unbonding = moved.saturating_sub(from_active);
		bond.unbonding = bond.unbonding.and_then(|mut u| {
			u.amount = u.amount.saturating_sub(from_unbonding);
			(!u.amount.is_zero()).then_some(u)
		});
		Self::put(who, bond);
		Self::deposit_event(Event::Slashed { who: who.clone(), amount: moved, to: to.clone() });
		moved
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn bond_for_benchmark(who: &T::AccountId) {
		use frame_support::traits::fungible::{Inspect, Mutate};
		let min = T::MinBond::get();
		let needed = min.saturating_add(T::Currency::minimum_balance()).saturating_mul(2u32.into());
		if T::Currency::reducible_balance(
			who,
			frame_support::traits::tokens::Preservation::Preserve,
			Fortitude::Polite,
		) < needed
		{
			let _ = T::Currency::mint_into(who, needed);
		}
		let _ = T::Currency::hold(&HoldReason::ProviderBond.into(), who, min);
		Bonds::<T>::mutate(who, |bond| {
			let bond = bond.get_or_insert_with(Default::default);
			bond.active = bond.active.saturating_add(min);
		});
	}
}
