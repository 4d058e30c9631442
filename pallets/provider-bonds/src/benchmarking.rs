//! Benchmarks of the bond calls. Each reads and writes one bond record and one hold; the worst
//! case is the one that writes most: adding to a bond, adding to what is unbonding, and a
//! withdrawal that removes the record.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_system::RawOrigin;
use openledger_primitives::ProviderBonds;
use sp_runtime::traits::{One, Saturating};

/// An account that can afford several times the minimum bond.
fn funded<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("provider", 0, 0);
	let amount = T::MinBond::get()
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(10u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// An existing bond grows: its record and its hold are both read and written.
	#[benchmark]
	fn bond() {
		let who = funded::<T>();
		Pallet::<T>::bond_for_benchmark(&who);
		let min = T::MinBond::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), min);

		assert_eq!(Bonds::<T>::get(&who).map(|b| b.active), Some(min.saturating_add(min)));
	}

	// Something is unbonding already, so the amounts are added.
	#[benchmark]
	fn unbond() -> Result<(), BenchmarkError> {
		let who = funded::<T>();
		let min = T::MinBond::get();
		Pallet::<T>::bond(RawOrigin::Signed(who.clone()).into(), min.saturating_mul(3u32.into()))?;
		Pallet::<T>::unbond(RawOrigin::Signed(who.clone()).into(), min)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), min);

		assert_eq!(Bonds::<T>::get(&who).map(|b| b.active), Some(min));
		Ok(())
	}

	// All of the bond leaves, so the hold is released and the record removed.
	#[benchmark]
	fn withdraw_unbonded() -> Result<(), BenchmarkError> {
		let who = funded::<T>();
		let min = T::MinBond::get();
		Pallet::<T>::bond(RawOrigin::Signed(who.clone()).into(), min)?;
		Pallet::<T>::unbond(RawOrigin::Signed(who.clone()).into(), min)?;
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::UnbondingPeriod::get())
			.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Bonds::<T>::get(&who).is_none());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
