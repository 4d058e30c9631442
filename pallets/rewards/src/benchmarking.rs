//! Benchmarks at their worst case: a claim that first accrues an emission share from a closed
//! epoch and pays all four sources, and an epoch close that emits and drops an old summary.
//!
//! Their components prove a property rather than price a length: `claim` after `s`
//! inferences settled to the claimer and `c` other contributors credited, and an epoch close
//! after `c` contributors credited (10 to 100,000). No code path loops over either, so their
//! slopes are noise. The number of reward accounts in storage is the same at every `c` (the
//! others are credited as model owners): a bigger trie makes every storage access slower, which
//! the database weights price, and would otherwise show up as a slope here.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use openledger_primitives::RewardsCredit;
use sp_runtime::{
	traits::{Saturating, Zero},
	FixedU128,
};

/// A sizeable amount: a thousand existential deposits.
fn amount<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(1_000u32.into())
}

/// Credits `who` from each source, funding the pot as attribution does.
fn credit_all<T: Config>(who: &T::AccountId) -> Result<(), BenchmarkError> {
	for source in [RewardSource::Data, RewardSource::Model, RewardSource::Provider] {
		T::Currency::mint_into(&Pallet::<T>::pot(), amount::<T>())?;
		// A data credit's score: what it owes is all pool share.
		let score = if source == RewardSource::Data { amount::<T>() } else { Zero::zero() };
		<Pallet<T> as RewardsCredit<_, _>>::credit(who, amount::<T>(), source, score)?;
	}
	Ok(())
}

/// Credits `ACCOUNTS` distinct accounts a unit each (the pot funded first), as settlements
/// would: the first `contributors` for their data, the others as model owners. The storage
/// holds as many reward accounts whatever `contributors` is, so a component over it measures
/// the code, not the depth of a bigger trie.
fn credit_accounts<T: Config>(contributors: u32, accounts: u32) -> Result<(), BenchmarkError> {
	let unit = T::Currency::minimum_balance();
	T::Currency::mint_into(&Pallet::<T>::pot(), unit.saturating_mul(accounts.into()))?;
	for i in 0..accounts {
		let who: T::AccountId = account("contributor", i, 0);
		let (source, score) = if i < contributors {
			(RewardSource::Data, unit)
		} else {
			(RewardSource::Model, Zero::zero())
		};
		<Pallet<T> as RewardsCredit<_, _>>::credit(&who, unit, source, score)?;
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

	// Worst case: the account's score from a closed epoch is accrued into emission first,
	// then all four sources are paid out.
	#[benchmark]
	fn claim(
		s: Linear<1, CLAIM_BENCHMARK_HISTORY>,
		c: Linear<0, CLAIM_BENCHMARK_HISTORY>,
	) -> Result<(), BenchmarkError> {
		fund_accounts::<T>()?;
		let who: T::AccountId = whitelisted_caller();
		credit_all::<T>(&who)?;
		// `s` settlements credited the claimer; `c` others were credited beside.
		let unit = T::Currency::minimum_balance();
		T::Currency::mint_into(&Pallet::<T>::pot(), unit.saturating_mul(s.into()))?;
		for _ in 1..s {
			<Pallet<T> as RewardsCredit<_, _>>::credit(&who, unit, RewardSource::Data, unit)?;
		}
		credit_accounts::<T>(c, CLAIM_BENCHMARK_HISTORY)?;
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
		_(origin as T::RuntimeOrigin, T::MaxEmissionPerEpoch::get());

		assert_eq!(EmissionPerEpoch::<T>::get(), T::MaxEmissionPerEpoch::get());
		Ok(())
	}

	// Worst case: data was attributed, the pool pays the emission, and the summary that falls
	// out of the kept window is removed.
	#[benchmark]
	fn close_epoch(c: Linear<10, EPOCH_BENCHMARK_CONTRIBUTORS>) -> Result<(), BenchmarkError> {
		fund_accounts::<T>()?;
		let history = T::SummaryHistory::get();
		CurrentEpoch::<T>::put(history);
		Summaries::<T>::insert(0, EpochSummary::<BalanceOf<T>>::default());
		credit_all::<T>(&whitelisted_caller())?;
		credit_accounts::<T>(c, EPOCH_BENCHMARK_CONTRIBUTORS)?;
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
