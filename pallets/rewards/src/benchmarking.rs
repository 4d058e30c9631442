//! Benchmarks at their worst case: a claim that first settles an emission share from a closed
//! epoch and pays all four sources, and an epoch close that emits and drops an old summary.
//! Neither depends on how many accounts were credited or how many inferences were settled:
//! no benchmark has a component, because no code path loops.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use openledger_primitives::RewardsCredit;
use sp_runtime::{traits::Saturating, FixedU128};

/// A sizeable amount: a thousand existential deposits.
fn amount<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(1_000u32.into())
}

/// Credits `who` from each source, funding the pot as attribution does.
fn credit_all<T: Config>(who: &T::AccountId) -> Result<(), BenchmarkError> {
	for source in [RewardSource::Data, RewardSource::Model, RewardSource::Provider] {
		T::Currency::mint_into(&Pallet::<T>::pot(), amount::<T>())?;
		<Pallet<T> as RewardsCredit<_, _>>::credit(who, amount::<T>(), source)?;
	}
	Ok(())
}

/// Gives the pot its existential deposit and the pool funds to emit.
fn fund_accounts<T: Config>() -> Result<(), BenchmarkError> {
	T::Currency::set_balance(&Pallet::<T>::pot(), T::Currency::minimum_balance());
	T::Currency::set_balance(&T::RewardsPool::get(), amount::<T>().saturating_mul(1_000u32.into()));
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case: the account's data score from a closed epoch is settled into emission first,
	// then all four sources are paid out.
	#[benchmark]
	fn claim() -> Result<(), BenchmarkError> {
		fund_accounts::<T>()?;
		let who: T::AccountId = whitelisted_caller();
		credit_all::<T>(&who)?;
		EmissionPerEpoch::<T>::put(amount::<T>());
		Pallet::<T>::close_epoch();
		assert!(EpochRates::<T>::contains_key(0));

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Accounts::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn set_emission() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, amount::<T>());

		assert_eq!(EmissionPerEpoch::<T>::get(), amount::<T>());
		Ok(())
	}

	// Worst case: data was attributed, the pool pays the emission, and the summary that falls
	// out of the kept window is removed.
	#[benchmark]
	fn close_epoch() -> Result<(), BenchmarkError> {
		fund_accounts::<T>()?;
		let history = T::SummaryHistory::get();
		CurrentEpoch::<T>::put(history);
		Summaries::<T>::insert(0, EpochSummary::<BalanceOf<T>>::default());
		credit_all::<T>(&account("contributor", 0, 0))?;
		EmissionPerEpoch::<T>::put(amount::<T>());

		#[block]
		{
			Pallet::<T>::close_epoch();
		}

		assert!(EpochRates::<T>::get(history).is_some_and(|rate| rate > FixedU128::from(0)));
		assert!(!Summaries::<T>::contains_key(0));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
