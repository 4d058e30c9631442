//! `try_state`: the pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	Adapters, BalanceOf, Config, HoldReason, ModelKind, Models, ModelsByDatanet, NextModelId,
	Pallet, VersionDeposits, Versions,
};
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use frame_support::{ensure, traits::fungible::InspectHold};
use openledger_primitives::{DatanetId, ModelId};
use sp_runtime::{traits::Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Checks that versions, lineage indexes, adapter links and held deposits agree with the
	/// models on record. Linear in the pallet's storage: never called by extrinsics.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut by_datanet = BTreeSet::<(DatanetId, ModelId)>::new();
		let mut adapters = BTreeSet::<(ModelId, ModelId)>::new();
		let mut holds = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let next_id = NextModelId::<T>::get();

		for (id, model) in Models::<T>::iter() {
			ensure!(id < next_id, "a model id is not below NextModelId");
			ensure!(
				Versions::<T>::iter_key_prefix(id).count() == model.latest_version as usize &&
					Versions::<T>::contains_key(id, model.latest_version),
				"a model's versions are not 1..=latest"
			);
			for (_, info) in Versions::<T>::iter_prefix(id) {
				let datanets: BTreeSet<_> = info.lineage.iter().map(|e| e.datanet).collect();
				ensure!(datanets.len() == info.lineage.len(), "a lineage names a Datanet twice");
				by_datanet.extend(datanets.into_iter().map(|d| (d, id)));
				match (model.kind, info.base) {
					(ModelKind::Base, None) => {},
					(ModelKind::Adapter { base }, Some(version)) => ensure!(
						version.model == base &&
							Versions::<T>::contains_key(version.model, version.version),
						"an adapter version names a base version that does not exist"
					),
					_ => Err("a version's base does not match its model's kind")?,
				}
			}
			if let ModelKind::Adapter { base } = model.kind {
				let base_kind = Models::<T>::get(base).map(|b| b.kind);
				ensure!(
					base_kind == Some(ModelKind::Base),
					"an adapter's base is not a base model"
				);
				adapters.insert((base, id));
			}
			holds.entry(model.depositor).or_default().saturating_accrue(model.deposit);
		}

		ensure!(
			ModelsByDatanet::<T>::iter_keys().collect::<BTreeSet<_>>() == by_datanet,
			"the Datanet index does not match the models' lineage"
		);
		ensure!(
			Adapters::<T>::iter_keys().collect::<BTreeSet<_>>() == adapters,
			"the adapter index does not match the adapters"
		);
		Self::ensure_holds(HoldReason::ModelDeposit, holds, "a model deposit hold does not match")?;
		let mut version_holds = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (model, version, (who, deposit)) in VersionDeposits::<T>::iter() {
			ensure!(
				Versions::<T>::contains_key(model, version),
				"a version deposit names no version"
			);
			version_holds.entry(who).or_default().saturating_accrue(deposit);
		}
		Self::ensure_holds(
			HoldReason::VersionDeposit,
			version_holds,
			"a version deposit hold does not match",
		)
	}

	/// Checks that each account holds, under `reason`, what `expected` says.
	fn ensure_holds(
		reason: HoldReason,
		expected: BTreeMap<T::AccountId, BalanceOf<T>>,
		mismatch: &'static str,
	) -> Result<(), TryRuntimeError> {
		for (who, amount) in expected {
			ensure!(T::Currency::balance_on_hold(&reason.into(), &who) == amount, mismatch);
		}
		Ok(())
	}
}
