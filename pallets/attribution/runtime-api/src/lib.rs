//! The `AttributionApi` runtime API: attribution records and pending inferences (from
//! polkadot.js: `api.call.attributionApi.*`).
//!
//! Version 2 adds `standing`: where a settled record stands with challenges.

#![cfg_attr(not(feature = "std"), no_std)]
// `decl_runtime_apis!` expands to items without docs.
#![allow(missing_docs)]

use codec::Codec;
pub use pallet_attribution::{
	FeeSplit, InferenceId, ModelId, OpenChallenge, RecordPage, RecordStanding, MAX_PAGE_SIZE,
};
use sp_runtime::traits::NumberFor;

sp_api::decl_runtime_apis! {
	/// Reads attribution records, pending inferences and the fee split.
	#[api_version(2)]
	pub trait AttributionApi<Record, Pending> where
		Record: Codec,
		Pending: Codec,
	{
		/// The attribution record of a settled inference, while it is retained.
		fn record(id: InferenceId) -> Option<Record>;

		/// A page of the retained records of `model`. Start with `cursor = None` and pass each
		/// page's `next_cursor` to get the next one.
		fn records_of_model(model: ModelId, cursor: Option<InferenceId>, limit: u32) -> RecordPage<Record>;

		/// An inference paid for and not yet settled or refunded.
		fn pending_inference(id: InferenceId) -> Option<Pending>;

		/// How inference fees are divided now.
		fn fee_split() -> FeeSplit;

		/// Where a settled inference's record stands with challenges: when its credits mature
		/// (challenges may be opened before), whether it was voided, and its open challenges.
		/// `None` for an inference not settled, pruned, or settled before challenges existed.
		#[api_version(2)]
		fn standing(id: InferenceId) -> Option<RecordStanding<NumberFor<Block>>>;
	}
}
