//! The `RewardsApi` runtime API: an account's rewards with their breakdown, claimable and still
//! in their challenge period, and the emission epochs (from polkadot.js: `api.call.rewardsApi.*`).
//!
//! Version 2 adds `rewards_of` (claimable and in-challenge amounts, and when the latter mature);
//! version 1's `pending_rewards` stays, answering what `claim` pays now.

#![cfg_attr(not(feature = "std"), no_std)]
// `decl_runtime_apis!` expands to items without docs.
#![allow(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_rewards::{
	pending::Amounts, AccountRewards, EpochIndex, EpochSummary, PendingRewards,
};
use sp_runtime::traits::NumberFor;

sp_api::decl_runtime_apis! {
	/// Reads pending rewards and epoch summaries.
	#[api_version(2)]
	pub trait RewardsApi<AccountId, Balance> where
		AccountId: Codec,
		Balance: Codec,
	{
		/// What `who` can claim now, by source (data, model, provider, emission), and its data
		/// score in the epoch in progress. Credits in their challenge period are not in it.
		fn pending_rewards(who: AccountId) -> PendingRewards<Balance>;

		/// What `who` can claim now, by source, and what is still in its challenge period, with
		/// the blocks it matures at.
		#[api_version(2)]
		fn rewards_of(who: AccountId) -> AccountRewards<Balance, NumberFor<Block>>;

		/// The epoch in progress and its running totals.
		fn current_epoch() -> (EpochIndex, EpochSummary<Balance>);

		/// The summaries of the closed epochs still kept, newest first.
		fn epoch_summaries() -> Vec<(EpochIndex, EpochSummary<Balance>)>;
	}
}
