//! The `ModelsApi` runtime API: what clients read about models, their versions, lineage and
//! adapters (from polkadot.js: `api.call.modelsApi.*`).

#![cfg_attr(not(feature = "std"), no_std)]
// `decl_runtime_apis!` expands to items without docs.
#![allow(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_models::{DatanetId, LineageEntry, ModelId, ModelPage, ModelVersion, MAX_PAGE_SIZE};

sp_api::decl_runtime_apis! {
	/// Reads models, their versions, lineage and adapters. Pages hold at most
	/// [`MAX_PAGE_SIZE`] items, whatever `limit` asks for.
	#[api_version(1)]
	pub trait ModelsApi<Model, ModelVersionInfo> where
		Model: Codec,
		ModelVersionInfo: Codec,
	{
		/// The model `id`, if it exists (deprecated ones included).
		fn model(id: ModelId) -> Option<Model>;

		/// Version `version` of model `id`, if it exists.
		fn version(id: ModelId, version: ModelVersion) -> Option<ModelVersionInfo>;

		/// Up to `limit` versions of model `id` with their numbers, from number `from` up.
		fn versions(id: ModelId, from: ModelVersion, limit: u32) -> Vec<(ModelVersion, ModelVersionInfo)>;

		/// Every Datanet version that `version` of model `id` draws on: its own lineage, then
		/// for an adapter that of the base version it was trained on.
		fn lineage(id: ModelId, version: ModelVersion) -> Vec<LineageEntry>;

		/// A page of the models with a version trained on `datanet`. Start with
		/// `cursor = None` and pass each page's `next_cursor` to get the next one.
		fn models_by_datanet(datanet: DatanetId, cursor: Option<ModelId>, limit: u32) -> ModelPage;

		/// A page of the adapters of base model `base`, paged like `models_by_datanet`.
		fn adapters(base: ModelId, cursor: Option<ModelId>, limit: u32) -> ModelPage;
	}
}
