//! Reads for the `ModelsApi` runtime API. None of them is used by extrinsics.

use crate::{
	Adapters, Config, LineageEntry, Model, ModelPage, ModelVersionInfo, Models, ModelsByDatanet,
	Pallet, Versions,
};
use alloc::vec::Vec;
use openledger_primitives::{page_size, take_page, DatanetId, ModelId, ModelVersion};

impl<T: Config> Pallet<T> {
	/// The model `id`.
	pub fn model(id: ModelId) -> Option<Model<T>> {
		Models::<T>::get(id)
	}

	/// Version `version` of model `id`.
	pub fn version(id: ModelId, version: ModelVersion) -> Option<ModelVersionInfo<T>> {
		Versions::<T>::get(id, version)
	}

	/// Up to `limit` versions of model `id`, from number `from` (1 is the first) upwards.
	pub fn versions(
		id: ModelId,
		from: ModelVersion,
		limit: u32,
	) -> Vec<(ModelVersion, ModelVersionInfo<T>)> {
		let latest = Models::<T>::get(id).map_or(0, |m| m.latest_version);
		(from.max(1)..=latest)
			.take(page_size(limit))
			.filter_map(|number| Versions::<T>::get(id, number).map(|v| (number, v)))
			.collect()
	}

	/// Every Datanet version `version` of model `id` draws on: its own lineage, then (for an
	/// adapter) that of the base version it was trained on. Empty if the version is unknown.
	pub fn lineage(id: ModelId, version: ModelVersion) -> Vec<LineageEntry> {
		let Some(info) = Versions::<T>::get(id, version) else { return Vec::new() };
		let base = info
			.base
			.and_then(|base| Versions::<T>::get(base.model, base.version))
			.map(|base_info| base_info.lineage.into_inner())
			.unwrap_or_default();
		info.lineage.into_iter().chain(base).collect()
	}

	/// A page of the models with a version trained on Datanet `datanet`, in storage order.
	/// Start with `cursor = None`; pass the returned `next_cursor` to get the next page.
	pub fn models_by_datanet(datanet: DatanetId, cursor: Option<ModelId>, limit: u32) -> ModelPage {
		let ids = match cursor {
			Some(after) => ModelsByDatanet::<T>::iter_key_prefix_from(
				datanet,
				ModelsByDatanet::<T>::hashed_key_for(datanet, after),
			),
			None => ModelsByDatanet::<T>::iter_key_prefix(datanet),
		};
		let (items, next_cursor) = take_page(ids, limit);
		ModelPage { items, next_cursor }
	}

	/// A page of the adapters of base model `base`, in storage order, paged like
	/// [`Self::models_by_datanet`].
	pub fn adapters(base: ModelId, cursor: Option<ModelId>, limit: u32) -> ModelPage {
		let ids = match cursor {
			Some(after) => Adapters::<T>::iter_key_prefix_from(
				base,
				Adapters::<T>::hashed_key_for(base, after),
			),
			None => Adapters::<T>::iter_key_prefix(base),
		};
		let (items, next_cursor) = take_page(ids, limit);
		ModelPage { items, next_cursor }
	}
}
