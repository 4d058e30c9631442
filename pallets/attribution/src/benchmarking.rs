//! Benchmarks at their worst case: full attributions (every entry a lineage lookup and a
//! credit to a contributor of its own), full batches (every settlement for a model, an owner
//! and a consumer of its own), a fee split that pays every party, and one pruning step.
//!
//! A batch's weight is `settle_batch(n)` for its settlements plus `settle_inference`'s slope
//! for each of its entries ([`Pallet::settle_batch_weight`]): the cost of an entry does not
//! depend on which settlement carries it. What a batch repeats is refunded after dispatch:
//! `settle_shared_contributor` measures entries whose contributor was credited already, and
//! `settle_repeated` entries whose lookup and credit the batch already made
//! ([`Pallet::entry_costs`]).

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate},
};
use frame_system::RawOrigin;
use openledger_primitives::ModelsInspect;
use sp_core::H256;
use sp_runtime::{
	traits::{Bounded, Saturating},
	Perbill,
};

/// A model served by `provider`, trained on `MaxAttribution` contributions from
/// `contributors` accounts, and a consumer funded for `requests` inferences of it.
fn setup<T: Config>(
	provider: &T::AccountId,
	requests: u32,
	contributors: u32,
) -> Result<(ModelId, Vec<ContributionId>, T::AccountId), BenchmarkError> {
	let owner: T::AccountId = account("owner", 0, 0);
	let (model, contributions) =
		T::Models::model_for_benchmark(&owner, provider, T::MaxAttribution::get(), contributors);
	let fee = T::Models::inference_fee(model).ok_or(BenchmarkError::Stop("no model"))?;
	let consumer: T::AccountId = account("consumer", 0, 0);
	let funds = fee
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(requests.saturating_add(1).into());
	T::Currency::set_balance(&consumer, funds);
	Ok((model, contributions, consumer))
}

/// `consumer` pays for `count` inferences of `model`; returns their ids.
fn requests<T: Config>(
	consumer: &T::AccountId,
	model: ModelId,
	count: u32,
) -> Result<Vec<InferenceId>, BenchmarkError> {
	(0..count)
		.map(|_| {
			let id = NextInferenceId::<T>::get();
			Pallet::<T>::do_request(
				consumer.clone(),
				model,
				<BalanceOf<T> as Bounded>::max_value(),
				H256::zero(),
			)?;
			Ok(id)
		})
		.collect()
}

/// The first `a` contributions, sharing the data fee equally.
fn attribution<T: Config>(
	contributions: &[ContributionId],
	a: u32,
) -> Result<AttributionOf<T>, BenchmarkError> {
	let weight = Perbill::from_rational(1, a.max(1));
	contributions
		.iter()
		.take(a as usize)
		.map(|contribution| AttributionEntry { contribution: *contribution, weight })
		.collect::<Vec<_>>()
		.try_into()
		.map_err(|_| BenchmarkError::Stop("more entries than MaxAttribution"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn request_inference() -> Result<(), BenchmarkError> {
		let (model, _, consumer) = setup::<T>(&account("provider", 0, 0), 1, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), model, <BalanceOf<T> as Bounded>::max_value(), H256::zero());

		assert!(Pending::<T>::contains_key(0));
		Ok(())
	}

	// Worst case: `a` entries, each a lineage lookup and a credit to a contributor of its own.
	#[benchmark]
	fn settle_inference(a: Linear<0, { T::MaxAttribution::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, contributions, consumer) = setup::<T>(&provider, 1, T::MaxAttribution::get())?;
		let ids = requests::<T>(&consumer, model, 1)?;
		let id = ids.first().copied().ok_or(BenchmarkError::Weightless)?;
		let attribution = attribution::<T>(&contributions, a)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, H256::zero(), attribution);

		assert!(Records::<T>::contains_key(id));
		Ok(())
	}

	// Worst case: `n` settlements without entries (entries are priced by `settle_inference`),
	// each for a model, an owner and a consumer of its own, so nothing is credited twice.
	#[benchmark]
	fn settle_batch(n: Linear<1, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let settlements: BoundedVec<Settlement<T>, T::MaxBatch> = (0..n)
			.map(|i| {
				let owner: T::AccountId = account("owner", i, 0);
				let (model, _) = T::Models::model_for_benchmark(&owner, &provider, 1, 1);
				let fee =
					T::Models::inference_fee(model).ok_or(BenchmarkError::Stop("no model"))?;
				let consumer: T::AccountId = account("consumer", i, 0);
				T::Currency::set_balance(
					&consumer,
					fee.saturating_add(T::Currency::minimum_balance()).saturating_mul(2u32.into()),
				);
				let inference = requests::<T>(&consumer, model, 1)?
					.first()
					.copied()
					.ok_or(BenchmarkError::Weightless)?;
				Ok(Settlement {
					inference,
					output_hash: H256::zero(),
					attribution: Default::default(),
				})
			})
			.collect::<Result<Vec<_>, BenchmarkError>>()?
			.try_into()
			.map_err(|_| BenchmarkError::Stop("more settlements than MaxBatch"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), settlements);

		assert!(Pending::<T>::iter_keys().next().is_none());
		Ok(())
	}

	// Entries that repeat, in the second settlement of a batch, the contributions the first
	// attributed: each a lookup and a credit the batch has already made, so its slope is what
	// a repeated entry costs.
	#[benchmark]
	fn settle_repeated(e: Linear<0, { T::MaxAttribution::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, contributions, consumer) = setup::<T>(&provider, 2, T::MaxAttribution::get())?;
		let ids = requests::<T>(&consumer, model, 2)?;
		let settlements: BoundedVec<Settlement<T>, T::MaxBatch> = ids
			.iter()
			.zip([T::MaxAttribution::get(), e])
			.map(|(inference, entries)| {
				Ok(Settlement {
					inference: *inference,
					output_hash: H256::zero(),
					attribution: attribution::<T>(&contributions, entries)?,
				})
			})
			.collect::<Result<Vec<_>, BenchmarkError>>()?
			.try_into()
			.map_err(|_| BenchmarkError::Stop("more settlements than MaxBatch"))?;

		#[extrinsic_call]
		settle_batch(RawOrigin::Signed(provider), settlements);

		assert!(ids.iter().all(|id| Records::<T>::contains_key(id)));
		Ok(())
	}

	// `a` entries, each a lineage lookup, all for one contributor: one credit, so that
	// `settle_inference`'s slope less this one is what crediting a contributor costs.
	#[benchmark]
	fn settle_shared_contributor(
		a: Linear<0, { T::MaxAttribution::get() }>,
	) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, contributions, consumer) = setup::<T>(&provider, 1, 1)?;
		let ids = requests::<T>(&consumer, model, 1)?;
		let id = ids.first().copied().ok_or(BenchmarkError::Weightless)?;
		let attribution = attribution::<T>(&contributions, a)?;

		#[extrinsic_call]
		settle_inference(RawOrigin::Signed(provider), id, H256::zero(), attribution);

		assert!(Records::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn refund() -> Result<(), BenchmarkError> {
		let (model, _, consumer) = setup::<T>(&account("provider", 0, 0), 1, 1)?;
		let ids = requests::<T>(&consumer, model, 1)?;
		let id = ids.first().copied().ok_or(BenchmarkError::Weightless)?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::RefundTimeout::get()));

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);

		assert!(!Pending::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn set_fee_split() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let split = T::DefaultFeeSplit::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, split);

		Ok(())
	}

	// One step of `on_idle`: an expired record found at the head of the queue and removed with
	// its index entry.
	#[benchmark]
	fn prune_record() -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, contributions, consumer) = setup::<T>(&provider, 1, T::MaxAttribution::get())?;
		let ids = requests::<T>(&consumer, model, 1)?;
		let id = ids.first().copied().ok_or(BenchmarkError::Weightless)?;
		let attribution = attribution::<T>(&contributions, T::MaxAttribution::get())?;
		Pallet::<T>::do_settle_all(
			&provider,
			[Settlement { inference: id, output_hash: H256::zero(), attribution }],
		)?;
		let now =
			frame_system::Pallet::<T>::block_number().saturating_add(T::RetentionPeriod::get());

		#[block]
		{
			let bounds = T::DbWeight::get().reads(1);
			Pallet::<T>::prune_expired(now, bounds.saturating_add(T::WeightInfo::prune_record()));
		}

		assert!(!Records::<T>::contains_key(id));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
