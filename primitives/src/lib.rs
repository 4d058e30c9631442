//! Identifiers and glue traits shared by OpenLedger's pallets.
//!
//! Pallets never reach into each other's storage or `Config`: a pallet that needs to know
//! something about another one asks through a trait defined here, and the runtime wires the
//! implementation in (see polkadot-sdk's "frame_pallet_coupling" reference doc).

#![cfg_attr(not(feature = "std"), no_std)]

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Identifies a Datanet. Assigned in creation order, starting at 0.
pub type DatanetId = u32;

/// Identifies a contribution, across all Datanets. Assigned in submission order, starting at 0.
pub type ContributionId = u64;

/// A published version of a Datanet. The first version is 1.
pub type VersionNumber = u32;

/// A contribution that a curator accepted into a Datanet.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AcceptedContribution<AccountId> {
	/// The Datanet it belongs to.
	pub datanet: DatanetId,
	/// Who submitted it.
	pub contributor: AccountId,
	/// Its place in the Datanet's acceptance order, from 0. It is part of every version whose
	/// `contributions` count is greater than this.
	pub sequence: u64,
}

/// What the rest of the chain may ask about Datanets (implemented by `pallet-datanets`).
pub trait DatanetsInspect<AccountId> {
	/// Whether `version` of `datanet` has been published.
	fn version_exists(datanet: DatanetId, version: VersionNumber) -> bool;

	/// How many contributions `version` of `datanet` contains, if it is published. Versions
	/// are snapshots: version `v` holds the first `n` accepted contributions of the Datanet, so
	/// an accepted contribution is in it exactly when its `sequence` is below `n`.
	fn version_size(datanet: DatanetId, version: VersionNumber) -> Option<u64>;

	/// The contribution `id`, if it was accepted.
	fn accepted_contribution(id: ContributionId) -> Option<AcceptedContribution<AccountId>>;

	/// Who contributed `id`, if it is part of `version` of `datanet`.
	fn contributor_in_version(
		id: ContributionId,
		datanet: DatanetId,
		version: VersionNumber,
	) -> Option<AccountId> {
		let accepted = Self::accepted_contribution(id)?;
		let size = Self::version_size(datanet, version)?;
		(accepted.datanet == datanet && accepted.sequence < size).then_some(accepted.contributor)
	}
}
