//! Reads for the `AttributionApi` runtime API. None of them is used by extrinsics.

use crate::{
	AttributionRecord, Config, FeeSplit, FeeSplitOf, Inference, Inferences, Pallet,
	PendingInference, RecordPage, RecordsByModel,
};
use openledger_primitives::{take_page, InferenceId, ModelId};

impl<T: Config> Pallet<T> {
	/// The attribution record of a settled inference, while it is retained.
	pub fn record(id: InferenceId) -> Option<AttributionRecord<T>> {
		Inferences::<T>::get(id).and_then(|inference| inference.record().cloned())
	}

	/// An inference paid for and not yet settled.
	pub fn pending_inference(id: InferenceId) -> Option<PendingInference<T>> {
		Inferences::<T>::get(id).and_then(Inference::pending)
	}

	/// A page of the retained records of `model`, in storage order. Start with
	/// `cursor = None`; pass the returned `next_cursor` to get the next page.
	pub fn records_of_model(
		model: ModelId,
		cursor: Option<InferenceId>,
		limit: u32,
	) -> RecordPage<AttributionRecord<T>> {
		let ids = match cursor {
			Some(after) => RecordsByModel::<T>::iter_key_prefix_from(
				model,
				RecordsByModel::<T>::hashed_key_for(model, after),
			),
			None => RecordsByModel::<T>::iter_key_prefix(model),
		};
		let (ids, next_cursor) = take_page(ids, limit);
		let items = ids.into_iter().filter_map(|id| Self::record(id).map(|r| (id, r))).collect();
		RecordPage { items, next_cursor }
	}

	/// How inference fees are divided now.
	pub fn fee_split() -> FeeSplit {
		FeeSplitOf::<T>::get()
	}
}
