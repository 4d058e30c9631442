//! The records this pallet stores and returns through its runtime API.

use crate::{BalanceOf, Config};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{ContributionId, DatanetId};
use scale_info::TypeInfo;
use sp_core::H256;

/// Who may contribute to a Datanet.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Access {
	/// Anyone.
	#[codec(index = 0)]
	Open,
	/// Only the owner and the curators.
	#[codec(index = 1)]
	Permissioned,
}

/// The rules a Datanet sets for its contributions.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Policy<Balance> {
	/// Who may contribute.
	pub access: Access,
	/// Held from each contributor while their contribution waits for review; at least
	/// `MinContributionDeposit`.
	pub contribution_deposit: Balance,
	/// The largest contribution accepted for review, in bytes; at least 1.
	pub max_contribution_bytes: u64,
}

/// Whether a Datanet takes contributions.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum DatanetStatus {
	/// Takes contributions.
	#[codec(index = 0)]
	Active,
	/// Takes no contributions for now; reviews, withdrawals and publishing go on.
	#[codec(index = 1)]
	Paused,
	/// Closed for good: its deposit is released but for the storage deposit of what remains
	/// (its record and versions), readable.
	#[codec(index = 2)]
	Archived,
}

/// A Datanet's running totals. Each one changes with the event named in its doc.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
pub struct DatanetCounters<Balance> {
	/// Contributions waiting for review (`Contributed` +1; reviewed or withdrawn −1).
	pub pending: u32,
	/// The deposits held for the pending contributions.
	pub pending_deposits: Balance,
	/// Contributions accepted (`ContributionAccepted`); also the next acceptance sequence.
	pub accepted: u64,
	/// The bytes of the accepted contributions.
	pub accepted_bytes: u64,
	/// Contributions rejected (`ContributionRejected`), spam or not.
	pub rejected: u64,
	/// The latest published version, 0 before the first one.
	pub latest_version: u32,
	/// How many accepted contributions the latest version holds.
	pub published: u64,
}

/// A curated, versioned dataset.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Datanet<T: Config> {
	/// Controls the Datanet: metadata, policy, curators, status, versions.
	pub owner: T::AccountId,
	/// Who paid the creation deposit; it is released to them when the Datanet is archived,
	/// even if ownership moved in between.
	pub depositor: T::AccountId,
	/// The creation deposit held from `depositor`; once archived, the storage deposit of what
	/// remains.
	pub deposit: BalanceOf<T>,
	/// A short human-readable name.
	pub name: BoundedVec<u8, T::MaxNameLength>,
	/// Where the description lives: a URI or an IPFS CID.
	pub description: BoundedVec<u8, T::MaxUriLength>,
	/// Free-form tags (domain, language, licence...).
	pub tags: BoundedVec<BoundedVec<u8, T::MaxTagLength>, T::MaxTags>,
	/// The rules for contributions.
	pub policy: Policy<BalanceOf<T>>,
	/// Whether it takes contributions.
	pub status: DatanetStatus,
	/// Accounts that may review contributions besides the owner.
	pub curators: BoundedVec<T::AccountId, T::MaxCurators>,
	/// The block it was created in.
	pub created_at: BlockNumberFor<T>,
	/// Running totals.
	pub counters: DatanetCounters<BalanceOf<T>>,
}

/// Where a contribution is in its life.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum ContributionStatus {
	/// Waiting for a curator; its deposit is held.
	#[codec(index = 0)]
	Pending,
	/// In the Datanet: part of every version published from now on.
	#[codec(index = 1)]
	Accepted {
		/// Its place in the Datanet's acceptance order, from 0.
		sequence: u64,
	},
	/// Turned down.
	#[codec(index = 2)]
	Rejected {
		/// Whether the reviewer marked it as spam or harmful, which slashed part of the deposit.
		/// Only spam stays on record; a plain rejection is removed.
		spam: bool,
	},
}

/// A reviewer's decision on a pending contribution.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Verdict {
	/// Into the Datanet; the deposit is released.
	#[codec(index = 0)]
	Accept,
	/// Not into the Datanet; the deposit is returned in full.
	#[codec(index = 1)]
	Reject,
	/// Spam or harmful: not into the Datanet, and `SpamSlash` of the deposit goes to the
	/// rewards pool.
	#[codec(index = 2)]
	RejectAsSpam,
}

/// One contribution of a [`crate::Pallet::contribute_batch`]: what `contribute` takes after the
/// Datanet.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct ContributionInput<T: Config> {
	/// The hash of the data.
	pub content_hash: H256,
	/// Its size, in bytes.
	pub size_bytes: u64,
	/// Where it can be fetched.
	pub uri: BoundedVec<u8, T::MaxUriLength>,
	/// Free-form metadata.
	pub metadata: BoundedVec<u8, T::MaxMetadataLength>,
}

/// A commitment to a piece of data: the data itself stays off-chain at `uri`.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Contribution<T: Config> {
	/// The Datanet it was submitted to.
	pub datanet: DatanetId,
	/// Who submitted it.
	pub contributor: T::AccountId,
	/// The hash of the data (for example its BLAKE2-256 or SHA-256); unique within the Datanet.
	pub content_hash: H256,
	/// The size of the data in bytes.
	pub size_bytes: u64,
	/// Where the data can be fetched.
	pub uri: BoundedVec<u8, T::MaxUriLength>,
	/// Free-form metadata (format, licence...).
	pub metadata: BoundedVec<u8, T::MaxMetadataLength>,
	/// The deposit it holds: review and storage deposits while pending, its storage deposit
	/// once reviewed (zero for records reviewed before storage deposits, storage version 0).
	pub deposit: BalanceOf<T>,
	/// Where it is in its life.
	pub status: ContributionStatus,
	/// The block it was submitted in.
	pub submitted_at: BlockNumberFor<T>,
}

/// An immutable snapshot of a Datanet: every contribution accepted before it was published.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Version<T: Config> {
	/// How many contributions it holds: those with acceptance sequence 0 to `contributions - 1`.
	pub contributions: u64,
	/// How many of them are new since the previous version.
	pub added: u64,
	/// Their total size in bytes.
	pub total_bytes: u64,
	/// The root of the Merkle tree over their content hashes in acceptance order (see
	/// [`crate::merkle`] for the exact construction).
	pub merkle_root: H256,
	/// The block it was published in.
	pub published_at: BlockNumberFor<T>,
}

/// What an account has contributed, across all Datanets.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
pub struct ContributorStats {
	/// Contributions waiting for review.
	pub pending: u32,
	/// Contributions accepted.
	pub accepted: u64,
	/// Contributions rejected as spam: those that stay on record (a plain rejection leaves
	/// nothing behind).
	pub rejected: u64,
	/// The bytes of the accepted contributions.
	pub accepted_bytes: u64,
}

/// One page of a contributor's contributions.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ContributionPage<Contribution> {
	/// The contributions on this page, with their ids.
	pub items: alloc::vec::Vec<(ContributionId, Contribution)>,
	/// Pass this as the cursor to get the next page; `None` on the last page.
	pub next_cursor: Option<ContributionId>,
}

/// A commitment to contributions not yet revealed (see `Pallet::commit`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Commitment<BlockNumber, Balance> {
	/// The block it was made in: the claim of the contributions it reveals dates from then.
	pub at: BlockNumber,
	/// The deposit held for it, released when it is revealed or cancelled.
	pub deposit: Balance,
}

/// From when a new contribution claims its content: the block it lands in, or the block of the
/// commitment it reveals. An earlier claim displaces a pending copy with a later one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Claim<BlockNumber> {
	/// A plain `contribute`: from this block.
	Now,
	/// A `reveal`: from the commitment's block.
	Committed(BlockNumber),
}
