//! Benchmarks at their worst case: full attributions (every entry a lineage lookup and a
//! credit to a contributor of its own), full batches (every settlement for a model, an owner
//! and a consumer of its own), a fee split that pays every party, and one pruning step.
//!
//! A batch's weight is `settle_batch(n)` for its settlements plus, for each contribution it
//! names, `settle_inference`'s slope the first time and `settle_repeated`'s after
//! ([`Pallet::settle_batch_weight`]): the cost of an entry does not depend on which settlement
//! carries it. A credit the batch repeats is refunded (`settle_inference`'s slope less
//! `settle_shared_contributor`'s), and so is a model it reads again (`settle_batch`'s slope less
//! `settle_batch_one_model`'s and a credit) ([`Pallet::settlement_costs`]).

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

/// `settlements` as one batch.
fn as_batch<T: Config>(
	settlements: Vec<Settlement<T>>,
) -> Result<BoundedVec<Settlement<T>, T::MaxBatch>, BenchmarkError> {
	settlements
		.try_into()
		.map_err(|_| BenchmarkError::Stop("more settlements than MaxBatch"))
}

/// A batch of `n` settlements without entries, the `i`th for `model(i)` (served by `provider`)
/// and paid by a consumer of its own.
fn unattributed_batch<T: Config>(
	n: u32,
	model: impl Fn(u32) -> ModelId,
) -> Result<BoundedVec<Settlement<T>, T::MaxBatch>, BenchmarkError> {
	let settlements = (0..n)
		.map(|i| {
			let model = model(i);
			let fee = T::Models::inference_fee(model).ok_or(BenchmarkError::Stop("no model"))?;
			let consumer: T::AccountId = account("consumer", i, 0);
			T::Currency::set_balance(
				&consumer,
				fee.saturating_add(T::Currency::minimum_balance()).saturating_mul(2u32.into()),
			);
			let inference = requests::<T>(&consumer, model, 1)?
				.first()
				.copied()
				.ok_or(BenchmarkError::Weightless)?;
			Ok(Settlement { inference, output_hash: H256::zero(), attribution: Default::default() })
		})
		.collect::<Result<Vec<_>, BenchmarkError>>()?;
	as_batch::<T>(settlements)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn request_inference() -> Result<(), BenchmarkError> {
		let (model, _, consumer) = setup::<T>(&account("provider", 0, 0), 1, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), model, <BalanceOf<T> as Bounded>::max_value(), H256::zero());

		assert!(Pallet::<T>::pending_inference(0).is_some());
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

		assert!(Pallet::<T>::record(id).is_some());
		Ok(())
	}

	// Worst case: `n` settlements without entries (entries are priced by `settle_inference`),
	// each for a model, an owner and a consumer of its own, so nothing is credited twice.
	#[benchmark]
	fn settle_batch(n: Linear<1, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let settlements = unattributed_batch::<T>(n, |i| {
			T::Models::model_for_benchmark(&account("owner", i, 0), &provider, 1, 1).0
		})?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), settlements);

		assert!(Inferences::<T>::iter_values().all(|i| matches!(i, Inference::Settled(_))));
		Ok(())
	}

	// `n` settlements without entries, all for one model, each for a consumer of its own: the
	// model is read and its owner credited once, so that `settle_batch`'s slope less this one
	// is what reading a model and crediting an owner cost.
	#[benchmark]
	fn settle_batch_one_model(n: Linear<1, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, _) = T::Models::model_for_benchmark(&account("owner", 0, 0), &provider, 1, 1);
		let settlements = unattributed_batch::<T>(n, |_| model)?;

		#[extrinsic_call]
		settle_batch(RawOrigin::Signed(provider), settlements);

		assert!(Inferences::<T>::iter_values().all(|i| matches!(i, Inference::Settled(_))));
		Ok(())
	}

	// A full batch whose first settlement names `MaxAttribution` contributions and every later
	// one `e` of them again: each of those entries is a read and a credit the batch has made
	// already. A repeat costs too little to measure one at a time, so the slope is the cost of
	// `MaxBatch - 1` of them.
	#[benchmark]
	fn settle_repeated(e: Linear<0, { T::MaxAttribution::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let batch = T::MaxBatch::get();
		let (model, contributions, consumer) =
			setup::<T>(&provider, batch, T::MaxAttribution::get())?;
		let ids = requests::<T>(&consumer, model, batch)?;
		let full = attribution::<T>(&contributions, T::MaxAttribution::get())?;
		let repeats = attribution::<T>(&contributions, e)?;
		let settlements = ids
			.iter()
			.enumerate()
			.map(|(i, inference)| Settlement {
				inference: *inference,
				output_hash: H256::zero(),
				attribution: if i == 0 { full.clone() } else { repeats.clone() },
			})
			.collect::<Vec<_>>();
		let settlements = as_batch::<T>(settlements)?;

		#[extrinsic_call]
		settle_batch(RawOrigin::Signed(provider), settlements);

		assert!(ids.iter().all(|id| Pallet::<T>::record(*id).is_some()));
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

		assert!(Pallet::<T>::record(id).is_some());
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

		assert!(Pallet::<T>::pending_inference(id).is_none());
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

	// One step of `on_idle`: an expired queue entry of `n` records, each with a full
	// attribution, removed with the records and their index entries.
	#[benchmark]
	fn prune_settlements(n: Linear<1, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, contributions, consumer) = setup::<T>(&provider, n, T::MaxAttribution::get())?;
		let ids = requests::<T>(&consumer, model, n)?;
		let full = attribution::<T>(&contributions, T::MaxAttribution::get())?;
		let settlements = ids
			.iter()
			.map(|id| Settlement {
				inference: *id,
				output_hash: H256::zero(),
				attribution: full.clone(),
			})
			.collect::<Vec<_>>();
		let settlements = as_batch::<T>(settlements)?;
		Pallet::<T>::do_settle_all(&provider, settlements)?;
		let now =
			frame_system::Pallet::<T>::block_number().saturating_add(T::RetentionPeriod::get());

		#[block]
		{
			let bounds = T::DbWeight::get().reads(1);
			let largest = T::WeightInfo::prune_settlements(T::MaxBatch::get());
			Pallet::<T>::prune_expired(now, bounds.saturating_add(largest));
		}

		assert!(ids.iter().all(|id| Pallet::<T>::record(*id).is_none()));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
