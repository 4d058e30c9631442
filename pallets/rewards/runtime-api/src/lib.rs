//! The `RewardsApi` runtime API: an account's pending rewards with their breakdown, and the
//! emission epochs (from polkadot.js: `api.call.rewardsApi.*`).

#![cfg_attr(not(feature = "std"), no_std)]
// `decl_runtime_apis!` expands to items without docs.
#![allow(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_rewards::{EpochIndex, EpochSummary, PendingRewards};

sp_api::decl_runtime_apis! {
	/// Reads pending rewards and epoch summaries.
	#[api_version(1)]
	pub trait RewardsApi<AccountId, Balance> where
		AccountId: Codec,
		Balance: Codec,
	{
		/// What `who` can claim now, by source (data, model, provider, emission), and its data
		/// score in the epoch in progress.
		fn pending_rewards(who: AccountId) -> PendingRewards<Balance>;

		/// The epoch in progress and its running totals.
		fn current_epoch() -> (EpochIndex, EpochSummary<Balance>);

		/// The summaries of the closed epochs still kept, newest first.
		fn epoch_summaries() -> Vec<(EpochIndex, EpochSummary<Balance>)>;
	}
}
