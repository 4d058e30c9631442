//! The logic behind each call, and the glue trait the attribution pallet uses.

use crate::{
	Adapters, BalanceOf, BaseVersion, Config, Error, Event, HoldReason, LineageOf, Model,
	ModelKind, ModelStatus, ModelVersionInfo, Models, ModelsByDatanet, NextModelId, Pallet,
	VersionDeposits, Versions,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision, Footprint},
};
use openledger_primitives::{DatanetsInspect, Lineage, ModelId, ModelVersion, ModelsInspect};
use sp_core::H256;
use sp_runtime::{
	traits::{Convert, Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult,
};

type Uri<T> = BoundedVec<u8, <T as Config>::MaxUriLength>;

impl<T: Config> Pallet<T> {
	/// The storage deposit of `record`: [`Config::RecordDeposit`] of its encoded size.
	pub fn record_deposit(record: &impl Encode) -> BalanceOf<T> {
		T::RecordDeposit::convert(Footprint::from_encodable(record))
	}

	/// The model `id`, if `who` owns it and it can still change.
	fn owned_model(who: &T::AccountId, id: ModelId) -> Result<Model<T>, DispatchError> {
		let model = Models::<T>::get(id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.owner == *who, Error::<T>::NotOwner);
		Ok(model)
	}

	fn owned_active_model(who: &T::AccountId, id: ModelId) -> Result<Model<T>, DispatchError> {
		let model = Self::owned_model(who, id)?;
		ensure!(model.status == ModelStatus::Active, Error::<T>::ModelDeprecated);
		Ok(model)
	}

	/// Checks that every entry names a published Datanet version, each Datanet once.
	fn ensure_valid_lineage(lineage: &LineageOf<T>) -> DispatchResult {
		for (i, entry) in lineage.iter().enumerate() {
			ensure!(
				T::Datanets::version_exists(entry.datanet, entry.version),
				Error::<T>::UnknownDatanetVersion
			);
			ensure!(
				!lineage.iter().skip(i.saturating_add(1)).any(|e| e.datanet == entry.datanet),
				Error::<T>::DuplicateDatanet
			);
		}
		Ok(())
	}

	/// Stores version `number` of `model`, holding its storage deposit from `publisher`, and
	/// indexes the Datanets it was trained on. Returns the deposit.
	fn insert_version(
		publisher: &T::AccountId,
		model: ModelId,
		number: ModelVersion,
		artifact_hash: H256,
		artifact_uri: Uri<T>,
		lineage: LineageOf<T>,
		base: Option<BaseVersion>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let info = ModelVersionInfo {
			artifact_hash,
			artifact_uri,
			lineage,
			base,
			published_at: frame_system::Pallet::<T>::block_number(),
		};
		let deposit = Self::record_deposit(&info);
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::VersionDeposit.into(), publisher, deposit)?;
			VersionDeposits::<T>::insert(model, number, (publisher, deposit));
		}
		for entry in &info.lineage {
			ModelsByDatanet::<T>::insert(entry.datanet, model, ());
		}
		Versions::<T>::insert(model, number, info);
		Ok(deposit)
	}

	/// The base version a new version of an adapter of `kind` trains on: its base's latest.
	fn current_base(kind: ModelKind) -> Result<Option<BaseVersion>, DispatchError> {
		let ModelKind::Adapter { base } = kind else { return Ok(None) };
		let base_model = Models::<T>::get(base).ok_or(Error::<T>::UnknownBaseModel)?;
		Ok(Some(BaseVersion { model: base, version: base_model.latest_version }))
	}

	pub(crate) fn do_register_model(
		owner: T::AccountId,
		name: BoundedVec<u8, T::MaxNameLength>,
		metadata_uri: Uri<T>,
		kind: ModelKind,
		artifact_hash: H256,
		artifact_uri: Uri<T>,
		lineage: LineageOf<T>,
		inference_fee: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		let base = match kind {
			ModelKind::Base => None,
			ModelKind::Adapter { base } => {
				let base_model = Models::<T>::get(base).ok_or(Error::<T>::UnknownBaseModel)?;
				ensure!(base_model.kind == ModelKind::Base, Error::<T>::AdapterOfAdapter);
				ensure!(base_model.status == ModelStatus::Active, Error::<T>::BaseModelDeprecated);
				Some(BaseVersion { model: base, version: base_model.latest_version })
			},
		};
		Self::ensure_valid_lineage(&lineage)?;
		let id = NextModelId::<T>::get();
		let next_id = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let deposit = T::ModelDeposit::get();
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::ModelDeposit.into(), &owner, deposit)?;
		}

		if let Some(base) = base {
			Adapters::<T>::insert(base.model, id, ());
		}
		let version_deposit =
			Self::insert_version(&owner, id, 1, artifact_hash, artifact_uri, lineage, base)?;
		Models::<T>::insert(
			id,
			Model {
				owner: owner.clone(),
				depositor: owner.clone(),
				deposit,
				name,
				metadata_uri,
				kind,
				inference_fee,
				providers: BoundedVec::new(),
				status: ModelStatus::Active,
				latest_version: 1,
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		NextModelId::<T>::put(next_id);
		Self::deposit_event(Event::ModelRegistered {
			model: id,
			owner,
			kind,
			artifact_hash,
			inference_fee,
			deposit,
			version_deposit,
		});
		Ok(())
	}

	pub(crate) fn do_publish_version(
		who: T::AccountId,
		id: ModelId,
		artifact_hash: H256,
		artifact_uri: Uri<T>,
		lineage: LineageOf<T>,
	) -> DispatchResult {
		let mut model = Self::owned_active_model(&who, id)?;
		Self::ensure_valid_lineage(&lineage)?;
		let version = model.latest_version.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let base = Self::current_base(model.kind)?;

		let deposit =
			Self::insert_version(&who, id, version, artifact_hash, artifact_uri, lineage, base)?;
		model.latest_version = version;
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ModelVersionPublished {
			model: id,
			version,
			artifact_hash,
			deposit,
		});
		Ok(())
	}

	pub(crate) fn do_set_inference_fee(
		who: T::AccountId,
		id: ModelId,
		fee: BalanceOf<T>,
	) -> DispatchResult {
		let mut model = Self::owned_active_model(&who, id)?;
		let old_fee = model.inference_fee;
		model.inference_fee = fee;
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::InferenceFeeChanged { model: id, old_fee, new_fee: fee });
		Ok(())
	}

	pub(crate) fn do_authorize_provider(
		who: T::AccountId,
		id: ModelId,
		provider: T::AccountId,
	) -> DispatchResult {
		let mut model = Self::owned_active_model(&who, id)?;
		ensure!(!model.providers.contains(&provider), Error::<T>::AlreadyProvider);
		model
			.providers
			.try_push(provider.clone())
			.map_err(|_| Error::<T>::TooManyProviders)?;
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ProviderAuthorized { model: id, provider });
		Ok(())
	}

	pub(crate) fn do_revoke_provider(
		who: T::AccountId,
		id: ModelId,
		provider: T::AccountId,
	) -> DispatchResult {
		// Deprecated models too: their pending inferences can still be settled, so a leaked
		// provider key must be revocable for as long as the model exists.
		let mut model = Self::owned_model(&who, id)?;
		let position = model
			.providers
			.iter()
			.position(|p| *p == provider)
			.ok_or(Error::<T>::NotProvider)?;
		model.providers.remove(position);
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ProviderRevoked { model: id, provider });
		Ok(())
	}

	pub(crate) fn do_deprecate(who: T::AccountId, id: ModelId) -> DispatchResult {
		let mut model = Self::owned_active_model(&who, id)?;
		model.status = ModelStatus::Deprecated;
		// The record stays, as lineage: it keeps paying for its storage.
		let kept = Self::record_deposit(&model).min(model.deposit);
		let released = model.deposit.saturating_sub(kept);
		if !released.is_zero() {
			T::Currency::release(
				&HoldReason::ModelDeposit.into(),
				&model.depositor,
				released,
				Precision::Exact,
			)?;
		}
		model.deposit = kept;
		let depositor = model.depositor.clone();
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ModelDeprecated {
			model: id,
			depositor,
			deposit_released: released,
			deposit_kept: kept,
		});
		Ok(())
	}

	pub(crate) fn do_transfer_ownership(
		who: T::AccountId,
		id: ModelId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut model = Self::owned_active_model(&who, id)?;
		ensure!(new_owner != who, Error::<T>::AlreadyOwner);
		model.owner = new_owner.clone();
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::OwnershipTransferred { model: id, from: who, to: new_owner });
		Ok(())
	}
}

impl<T: Config> ModelsInspect<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn owner(model: ModelId) -> Option<T::AccountId> {
		Models::<T>::get(model).map(|m| m.owner)
	}

	fn inference_fee(model: ModelId) -> Option<BalanceOf<T>> {
		Models::<T>::get(model)
			.filter(|m| m.status == ModelStatus::Active)
			.map(|m| m.inference_fee)
	}

	fn latest_version(model: ModelId) -> Option<ModelVersion> {
		Models::<T>::get(model).map(|m| m.latest_version)
	}

	fn is_provider(model: ModelId, who: &T::AccountId) -> bool {
		Models::<T>::get(model).is_some_and(|m| m.providers.contains(who))
	}

	fn lineage(model: ModelId, version: ModelVersion) -> Option<Lineage> {
		let info = Versions::<T>::get(model, version)?;
		let base = info.base.and_then(|base| Versions::<T>::get(base.model, base.version));
		let entries = info.lineage.iter().chain(base.iter().flat_map(|b| b.lineage.iter()));
		Some(Lineage(entries.map(|e| (e.datanet, e.version)).collect()))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn model_for_benchmark(
		owner: &T::AccountId,
		provider: &T::AccountId,
		contributions: u32,
		contributors: u32,
	) -> (ModelId, alloc::vec::Vec<openledger_primitives::ContributionId>) {
		use frame_support::traits::fungible::{Inspect, Mutate};
		use sp_runtime::traits::Saturating;
		let unit = T::Currency::minimum_balance();
		let _ = T::Currency::mint_into(owner, T::ModelDeposit::get().saturating_add(unit));
		let (datanet, version, ids) =
			T::Datanets::publish_version_for_benchmark(owner, contributions, contributors);
		let id = NextModelId::<T>::get();
		// Errors surface in the caller's benchmark, as a model that does not exist.
		let _ = Self::do_register_model(
			owner.clone(),
			BoundedVec::truncate_from(b"benchmark".to_vec()),
			BoundedVec::new(),
			ModelKind::Base,
			H256::zero(),
			BoundedVec::new(),
			BoundedVec::truncate_from(alloc::vec![crate::LineageEntry { datanet, version }]),
			unit.saturating_mul(1_000u32.into()),
		)
		.and_then(|_| Self::do_authorize_provider(owner.clone(), id, provider.clone()));
		(id, ids)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn adapter_for_benchmark(owner: &T::AccountId, provider: &T::AccountId) -> ModelId {
		use frame_support::traits::fungible::{Inspect, Mutate};
		use sp_runtime::traits::Saturating;
		let (base, _) = Self::model_for_benchmark(owner, provider, 1, 1);
		let unit = T::Currency::minimum_balance();
		let _ = T::Currency::mint_into(owner, T::ModelDeposit::get().saturating_add(unit));
		let (datanet, version, _) = T::Datanets::publish_version_for_benchmark(owner, 1, 1);
		let id = NextModelId::<T>::get();
		// Errors surface in the caller's benchmark, as a model that does not exist.
		let _ = Self::do_register_model(
			owner.clone(),
			BoundedVec::truncate_from(b"benchmark-adapter".to_vec()),
			BoundedVec::new(),
			ModelKind::Adapter { base },
			H256::zero(),
			BoundedVec::new(),
			BoundedVec::truncate_from(alloc::vec![crate::LineageEntry { datanet, version }]),
			unit.saturating_mul(1_000u32.into()),
		)
		.and_then(|_| Self::do_authorize_provider(owner.clone(), id, provider.clone()));
		id
	}
}
