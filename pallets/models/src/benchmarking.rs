//! Benchmarks of every call at its worst case: full-length names and URIs, adapters (which
//! also read and index their base), `l` published Datanet versions in the lineage, and a full
//! provider list with the provider acted on last.

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		Footprint,
	},
};
use frame_system::RawOrigin;
use openledger_primitives::DatanetsInspect;
use sp_core::H256;
use sp_runtime::traits::{Convert, Saturating};

/// An account holding enough for several model deposits.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	// Ten models' deposits, and the storage of ten full-length versions each.
	let version = T::RecordDeposit::convert(Footprint::from_mel::<ModelVersionInfo<T>>());
	let funds = T::ModelDeposit::get()
		.saturating_add(version.saturating_mul(10u32.into()))
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(10u32.into());
	T::Currency::set_balance(&who, funds);
	who
}

fn bytes<S: Get<u32>>() -> Result<BoundedVec<u8, S>, BenchmarkError> {
	vec![b'x'; S::get() as usize]
		.try_into()
		.map_err(|_| BenchmarkError::Stop("over its bound"))
}

/// A lineage of `l` newly published Datanet versions.
fn lineage<T: Config>(owner: &T::AccountId, l: u32) -> Result<LineageOf<T>, BenchmarkError> {
	let entries: Vec<LineageEntry> = (0..l)
		.map(|_| {
			let (datanet, version, _) = T::Datanets::publish_version_for_benchmark(owner, 1, 1);
			LineageEntry { datanet, version }
		})
		.collect();
	entries
		.try_into()
		.map_err(|_| BenchmarkError::Stop("more entries than MaxLineage"))
}

/// Registers a model of `kind` owned by `owner`, with a full lineage; returns its id.
fn model<T: Config>(owner: &T::AccountId, kind: ModelKind) -> Result<ModelId, BenchmarkError> {
	let id = NextModelId::<T>::get();
	Pallet::<T>::do_register_model(
		owner.clone(),
		bytes()?,
		bytes()?,
		kind,
		H256::repeat_byte(1),
		bytes()?,
		lineage::<T>(owner, T::MaxLineage::get())?,
		1u32.into(),
	)?;
	Ok(id)
}

/// An adapter of a fresh base model, owned by `owner`; returns its id.
fn adapter<T: Config>(owner: &T::AccountId) -> Result<ModelId, BenchmarkError> {
	let base = model::<T>(owner, ModelKind::Base)?;
	model::<T>(owner, ModelKind::Adapter { base })
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case: an adapter, with `l` Datanet versions to check and index.
	#[benchmark]
	fn register_model(l: Linear<0, { T::MaxLineage::get() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let base = model::<T>(&owner, ModelKind::Base)?;
		let lineage = lineage::<T>(&owner, l)?;
		let id = NextModelId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			bytes()?,
			bytes()?,
			ModelKind::Adapter { base },
			H256::repeat_byte(2),
			bytes()?,
			lineage,
			1u32.into(),
		);

		assert!(Models::<T>::contains_key(id));
		Ok(())
	}

	// Worst case: an adapter (its base is read), with `l` Datanet versions.
	#[benchmark]
	fn publish_version(l: Linear<0, { T::MaxLineage::get() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = adapter::<T>(&owner)?;
		let lineage = lineage::<T>(&owner, l)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, H256::repeat_byte(3), bytes()?, lineage);

		assert!(Versions::<T>::contains_key(id, 2));
		Ok(())
	}

	#[benchmark]
	fn set_inference_fee() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, ModelKind::Base)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 2u32.into());

		Ok(())
	}

	// Worst case: all but one provider slot taken, so the duplicate check scans them all.
	#[benchmark]
	fn authorize_provider() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, ModelKind::Base)?;
		for i in 0..T::MaxProviders::get().saturating_sub(1) {
			Pallet::<T>::do_authorize_provider(owner.clone(), id, account("provider", i, 0))?;
		}
		let provider: T::AccountId = account("new provider", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, provider.clone());

		assert!(Models::<T>::get(id).is_some_and(|m| m.providers.contains(&provider)));
		Ok(())
	}

	// Worst case: a full provider list, revoking the last.
	#[benchmark]
	fn revoke_provider() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, ModelKind::Base)?;
		let providers: Vec<T::AccountId> =
			(0..T::MaxProviders::get()).map(|i| account("provider", i, 0)).collect();
		for provider in &providers {
			Pallet::<T>::do_authorize_provider(owner.clone(), id, provider.clone())?;
		}
		let last = providers.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, last.clone());

		assert!(Models::<T>::get(id).is_some_and(|m| !m.providers.contains(&last)));
		Ok(())
	}

	#[benchmark]
	fn deprecate() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, ModelKind::Base)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(Models::<T>::get(id).is_some_and(|m| m.status == ModelStatus::Deprecated));
		Ok(())
	}

	#[benchmark]
	fn transfer_ownership() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, ModelKind::Base)?;
		let new_owner: T::AccountId = account("new owner", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_owner);

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
