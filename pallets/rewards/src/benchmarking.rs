//! Benchmarks at their worst case: a claim that first matures two buckets of credits and
//! accrues emission shares from closed epochs, then pays all four sources; and an epoch close
//! that emits, drops an old summary and brings in the next epoch's scores.
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
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use openledger_primitives::RewardsCredit;
use sp_runtime::{
	traits::{CheckedDiv, Saturating, Zero},
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
		<Pallet<T> as RewardsCredit<_, _, _>>::credit(who, amount::<T>(), source, score)?;
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
		<Pallet<T> as RewardsCredit<_, _, _>>::credit(&who, unit, source, score)?;
	}
	Ok(())
}

/// The first epoch boundary after `block`.
fn epoch_end<T: Config>(block: BlockNumberFor<T>) -> BlockNumberFor<T> {
	let length = T::EpochLength::get();
	let index = block.checked_div(&length).unwrap_or_default();
	index.saturating_add(1u32.into()).saturating_mul(length)
}

/// Moves the chain on to block `to`, closing every epoch whose end it passes.
fn advance_to<T: Config>(to: BlockNumberFor<T>) {
	let mut now = frame_system::Pallet::<T>::block_number();
	while now < to {
		let epoch_end = epoch_end::<T>(now);
		now = epoch_end.min(to);
		frame_system::Pallet::<T>::set_block_number(now);
		if now == epoch_end {
			Pallet::<T>::close_epoch();
		}
	}
}

/// A credit of data to `who`, with a score, as a settlement makes it.
fn credit_data<T: Config>(who: &T::AccountId) -> Result<(), BenchmarkError> {
	let unit = T::Currency::minimum_balance();
	T::Currency::mint_into(&Pallet::<T>::pot(), unit)?;
	<Pallet<T> as RewardsCredit<_, _, _>>::credit(who, unit, RewardSource::Data, unit)?;
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

	// Worst case: the claimer's score from a closed epoch is accrued, and two buckets of
	// credits mature (their scores counting in a closed epoch or the current one), before all
	// four sources are paid out.
	#[benchmark]
	fn claim(
		s: Linear<1, CLAIM_BENCHMARK_HISTORY>,
		c: Linear<0, CLAIM_BENCHMARK_HISTORY>,
	) -> Result<(), BenchmarkError> {
		fund_accounts::<T>()?;
		EmissionPerEpoch::<T>::put(amount::<T>());
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		let who: T::AccountId = whitelisted_caller();
		credit_all::<T>(&who)?;
		// `s` settlements credited the claimer; `c` others were credited beside.
		for _ in 1..s {
			credit_data::<T>(&who)?;
		}
		credit_accounts::<T>(c, CLAIM_BENCHMARK_HISTORY)?;
		// Those credits mature (into the claimable account, with their score) when the next
		// credit comes; two more buckets fill a challenge period apart.
		let period = T::ChallengePeriod::get();
		let first = pending::maturity(1u32.into(), period);
		advance_to::<T>(first);
		credit_data::<T>(&who)?;
		advance_to::<T>(first.saturating_add(period).saturating_sub(1u32.into()));
		credit_data::<T>(&who)?;
		let buckets = PendingCredits::<T>::get(&who).map(|p| p.held().count());
		assert_eq!(buckets, Some(2));
		let last = PendingCredits::<T>::get(&who)
			.and_then(|p| p.held().last().map(|b| b.matures_at))
			.unwrap_or_default();
		// Both buckets mature, and the epoch of the claimer's score closes.
		let scored_in = Accounts::<T>::get(&who).map(|a| a.score_epoch).unwrap_or_default();
		advance_to::<T>(last.max(epoch_end::<T>(first)));
		assert!(EpochRates::<T>::contains_key(scored_in));

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!PendingCredits::<T>::contains_key(&who));
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

	// Worst case: data was attributed, the pool pays the emission, the summary that falls out
	// of the kept window is removed, and the next epoch's scores come in.
	#[benchmark]
	fn close_epoch(c: Linear<10, EPOCH_BENCHMARK_CONTRIBUTORS>) -> Result<(), BenchmarkError> {
		fund_accounts::<T>()?;
		let history = T::SummaryHistory::get();
		CurrentEpoch::<T>::put(history);
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		credit_all::<T>(&whitelisted_caller())?;
		credit_accounts::<T>(c, EPOCH_BENCHMARK_CONTRIBUTORS)?;
		EmissionPerEpoch::<T>::put(amount::<T>());
		// Their scores count in the epoch they mature in: the one the benchmark closes.
		let matures = pending::maturity(1u32.into(), T::ChallengePeriod::get());
		advance_to::<T>(epoch_end::<T>(matures).saturating_sub(1u32.into()));
		// A credit maturing later, whose score a later close brings in.
		credit_data::<T>(&account("later", 0, 0))?;
		let epoch = CurrentEpoch::<T>::get();
		for kept in epoch.saturating_sub(history)..epoch {
			Summaries::<T>::insert(kept, EpochSummary::<BalanceOf<T>>::default());
		}

		#[block]
		{
			Pallet::<T>::close_epoch();
		}

		assert!(EpochRates::<T>::get(epoch).is_some_and(|rate| rate > FixedU128::from(0)));
		assert!(!Summaries::<T>::contains_key(epoch.saturating_sub(history)));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
