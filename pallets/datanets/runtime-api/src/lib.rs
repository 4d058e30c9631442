//! The `DatanetsApi` runtime API: what clients read about Datanets, their versions and
//! contributions (from polkadot.js: `api.call.datanetsApi.*`).

#![cfg_attr(not(feature = "std"), no_std)]
// `decl_runtime_apis!` expands to items without docs.
#![allow(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_datanets::{
	ContributionId, ContributionPage, ContributorStats, DatanetId, VersionNumber, MAX_PAGE_SIZE,
};

sp_api::decl_runtime_apis! {
	/// Reads Datanets, their versions and their contributions. Pages hold at most
	/// [`MAX_PAGE_SIZE`] items, whatever `limit` asks for.
	///
	/// Version 2 adds `contribution_deposit`.
	#[api_version(2)]
	pub trait DatanetsApi<AccountId, Datanet, Version, Contribution, Balance> where
		AccountId: Codec,
		Datanet: Codec,
		Version: Codec,
		Contribution: Codec,
		Balance: Codec,
	{
		/// The Datanet `id`, if it exists (archived ones included).
		fn datanet(id: DatanetId) -> Option<Datanet>;

		/// Version `version` of Datanet `id`, if it is published.
		fn version(id: DatanetId, version: VersionNumber) -> Option<Version>;

		/// Up to `limit` versions of Datanet `id` with their numbers, from number `from` up.
		fn versions(id: DatanetId, from: VersionNumber, limit: u32) -> Vec<(VersionNumber, Version)>;

		/// The contribution `id`, if it exists (withdrawn ones do not).
		fn contribution(id: ContributionId) -> Option<Contribution>;

		/// A page of `who`'s contributions. Start with `cursor = None` and pass each page's
		/// `next_cursor` to get the next one.
		fn contributions_of(
			who: AccountId,
			cursor: Option<ContributionId>,
			limit: u32,
		) -> ContributionPage<Contribution>;

		/// What `who` has contributed, across all Datanets.
		fn contributor_stats(who: AccountId) -> ContributorStats;

		/// Up to `limit` contributions of a version in acceptance order, from sequence
		/// `from_sequence`: the leaves of the version's Merkle tree.
		fn version_contributions(
			id: DatanetId,
			version: VersionNumber,
			from_sequence: u64,
			limit: u32,
		) -> Vec<(ContributionId, Contribution)>;

		/// What `who` would hold for a contribution to Datanet `id` with a URI of `uri_len`
		/// bytes and metadata of `metadata_len` bytes: the policy's review deposit and the
		/// record's storage deposit, the least `max_deposit` that `contribute` accepts. `None`
		/// if the Datanet does not exist or a length is over its bound.
		#[api_version(2)]
		fn contribution_deposit(
			who: AccountId,
			id: DatanetId,
			uri_len: u32,
			metadata_len: u32,
		) -> Option<Balance>;
	}
}
