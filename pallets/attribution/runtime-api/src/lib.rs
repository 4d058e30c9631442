//! The `AttributionApi` runtime API: attribution records and pending inferences (from
//! polkadot.js: `api.call.attributionApi.*`).
//!
//! Version 2 adds `standing`: where a settled record stands with challenges. Version 3 adds
//! `disclosure`: where an inference's output is published, or that it is private.

#![cfg_attr(not(feature = "std"), no_std)]
// `decl_runtime_apis!` expands to items without docs.
#![allow(missing_docs)]

extern crate alloc;

use codec::Codec;
pub use pallet_attribution::{
	FeeSplit, InferenceId, ModelId, OpenChallenge, OutputDisclosure, RecordPage, RecordStanding,
	MAX_PAGE_SIZE,
};
use sp_runtime::traits::NumberFor;

sp_api::decl_runtime_apis! {
	/// Reads attribution records, pending inferences and the fee split.
	#[api_version(3)]
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
		/// Since version 2.
		fn standing(id: InferenceId) -> Option<RecordStanding<NumberFor<Block>>>;

		/// How an inference's output is disclosed: a settled record's output URI (or that its
		/// consumer asked for privacy, or that it was settled before outputs were published);
		/// `Private` for a pending request whose consumer asked for privacy. `None` for a public
		/// pending request (its URI is fixed when it is settled), and an unknown or pruned one.
		/// Since version 3.
		fn disclosure(id: InferenceId) -> Option<OutputDisclosure<alloc::vec::Vec<u8>>>;
	}
}
