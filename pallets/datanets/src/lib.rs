//! Datanets: curated, versioned datasets that contributors fill and curators review.
//!
//! ## Overview
//!
//! A Datanet is a domain-specific dataset whose data lives off-chain and whose *commitments*
//! live here: each contribution is a content hash, a size and a URI. Anyone can create a
//! Datanet against a creation deposit and becomes its owner. Contributors submit data with
//! [`Pallet::contribute`], holding a deposit that the Datanet's policy sets; the owner or a
//! curator reviews each submission with [`Pallet::review`]:
//!
//! - **accepted** data joins the Datanet and its deposit is released, all but the storage deposit
//!   its record keeps for as long as it lives ([`Config::RecordDeposit`]);
//! - **rejected** data is turned down, its record removed and its deposit returned, except that
//!   data marked as spam or harmful loses [`Config::SpamSlash`] of its review deposit to the
//!   rewards pool and stays on record, keeping its storage deposit.
//!
//! A contributor may [`Pallet::withdraw`] a submission while it waits (in two steps). The owner
//! freezes the accepted data into numbered, immutable versions with [`Pallet::publish_version`];
//! models name the versions they were trained on, and inference rewards flow back to the
//! contributors of those versions.
//!
//! ## Example
//!
//! ```ignore
//! // From the tests: Alice creates an open Datanet, Bob contributes, Alice accepts and publishes.
//! assert_ok!(Datanets::create_datanet(
//!     RuntimeOrigin::signed(ALICE),
//!     bounded(b"med"),
//!     bounded(b"ipfs://desc"),
//!     vec![bounded(b"en")].try_into().unwrap(),
//!     Policy { access: Access::Open, contribution_deposit: 20, max_contribution_bytes: 1_000 },
//! ));
//! assert_ok!(Datanets::contribute(
//!     RuntimeOrigin::signed(BOB),
//!     datanet,
//!     H256::repeat_byte(1),
//!     10,
//!     bounded(b"ipfs://data"),
//!     bounded(b"csv"),
//!     20, // the most deposit Bob accepts
//! ));
//! assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), contribution, Verdict::Accept));
//! assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));
//! ```
//!
//! ## Design notes
//!
//! - **Versions are snapshots.** Version `v` holds every contribution accepted before it was
//!   published, identified by acceptance sequence numbers `0..contributions`. Whether a
//!   contribution is in a version is one comparison, and publishing never loops over contributions:
//!   the version's Merkle root comes from an append-only accumulator updated at each acceptance
//!   (see [`merkle`] for the exact hashing).
//! - **Deposits are holds** under this pallet's [`HoldReason`], never reserves; `try_state` checks
//!   that every held deposit matches a Datanet or a contribution.
//! - **Every record pays for its storage while it lives.** A contribution holds the policy's review
//!   deposit plus the storage deposit of its record; once reviewed it keeps only the latter, for as
//!   long as it stays (accepted data and spam stay for good). An archived Datanet keeps the storage
//!   deposit of what remains of it. A version needs a newly accepted contribution, whose storage
//!   deposit covers it.
//! - **Spam stays on record; other rejections go.** Spam keeps its content hash taken, so it cannot
//!   be resubmitted as is; a plain rejection removes the record and frees the hash (for its author,
//!   if the rejected one was a copy). Withdrawn and displaced ones are removed too and may be
//!   submitted again.
//! - **Claims date from commitments.** A contributor who [`Pallet::commit`]s first claims the
//!   content from the commitment's block, so a copy taken from the transaction pool after the
//!   [`Pallet::reveal`] is displaced (only a reveal displaces, so plain contributions never pay for
//!   it); the owner cannot raise the deposit under a pending contribution (`max_deposit`), and a
//!   withdrawal waits [`Config::WithdrawalDelay`] so that a review already sent still lands.
//! - Other pallets ask about Datanets through [`openledger_primitives::DatanetsInspect`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(any(feature = "std", feature = "try-runtime"))]
mod invariants;
pub mod merkle;
pub mod migrations;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use frame_support::traits::fungible;
pub use openledger_primitives::{ContributionId, DatanetId, VersionNumber, MAX_PAGE_SIZE};

/// The account id type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;

// FRAME's attribute macros expand to `expect()`s that carry our spans; the lint stays on for the
// code outside this module.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible::MutateHold, Footprint},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::{traits::Convert, Perbill};

	/// The in-code storage version: 1 since reviewed contributions keep their storage deposits
	/// ([`crate::migrations::v1`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency deposits are held in (OPEN).
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Where the slashed share of a spam deposit goes: the rewards pool. It must exist.
		type SpamSlashBeneficiary: Get<Self::AccountId>;

		/// Held from the creator of a Datanet until it is archived; pays for its storage while it
		/// takes contributions.
		#[pallet::constant]
		type DatanetDeposit: Get<BalanceOf<Self>>;

		/// The smallest review deposit a Datanet's policy may ask of a contribution.
		#[pallet::constant]
		type MinContributionDeposit: Get<BalanceOf<Self>>;

		/// The storage deposit of a record that outlives its review or its owner's interest (an
		/// accepted or spam contribution, an archived Datanet), from its encoded size: held for
		/// as long as the record stays.
		type RecordDeposit: Convert<Footprint, BalanceOf<Self>>;

		/// The share of a contribution's review deposit that goes to the rewards pool when a
		/// reviewer rejects it as spam or harmful.
		#[pallet::constant]
		type SpamSlash: Get<Perbill>;

		/// The longest Datanet name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// The longest URI or CID (Datanet description, contribution location), in bytes.
		#[pallet::constant]
		type MaxUriLength: Get<u32>;

		/// The longest tag, in bytes.
		#[pallet::constant]
		type MaxTagLength: Get<u32>;

		/// The most tags a Datanet carries.
		#[pallet::constant]
		type MaxTags: Get<u32>;

		/// The most curators a Datanet has besides its owner.
		#[pallet::constant]
		type MaxCurators: Get<u32>;

		/// The longest contribution metadata, in bytes.
		#[pallet::constant]
		type MaxMetadataLength: Get<u32>;

		/// The most contributions in one `contribute_batch`.
		#[pallet::constant]
		type MaxContributionBatch: Get<u32>;

		/// The largest size, in bytes, a contribution may declare, whatever its Datanet's
		/// policy allows. Sizes are the contributor's word, and the byte counters of a Datanet
		/// and of a contributor add them up: at 1 TiB, overflowing 2^64 bytes would take 16
		/// million accepted contributions (and the counters saturate rather than block).
		#[pallet::constant]
		type MaxContributionBytes: Get<u64>;

		/// Held from whoever commits to contributions with [`Pallet::commit`] until they
		/// reveal them or cancel the commitment; pays for the commitment's storage.
		#[pallet::constant]
		type CommitmentDeposit: Get<BalanceOf<Self>>;

		/// How many blocks a contributor who asks to [`Pallet::withdraw`] a pending contribution
		/// waits before the deposit comes back; reviews may still land meanwhile, so a
		/// withdrawal cannot overtake a spam verdict already on its way.
		#[pallet::constant]
		type WithdrawalDelay: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, generated by its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The creation deposit of a Datanet, released when it is archived (all but the storage
		/// deposit of what remains).
		#[codec(index = 0)]
		DatanetDeposit,
		/// The deposit of a contribution: its review and storage deposits while it is pending,
		/// its storage deposit once reviewed.
		#[codec(index = 1)]
		ContributionDeposit,
		/// The deposit of a commitment to contributions not yet revealed.
		#[codec(index = 2)]
		CommitmentDeposit,
	}

	/// The id the next Datanet gets.
	#[pallet::storage]
	pub type NextDatanetId<T> = StorageValue<_, DatanetId, ValueQuery>;

	/// Every Datanet ever created, archived ones included (their versions stay referenced).
	#[pallet::storage]
	pub type Datanets<T: Config> = StorageMap<_, Twox64Concat, DatanetId, Datanet<T>>;

	/// Each Datanet's Merkle frontier over its accepted content hashes (see [`merkle`]).
	#[pallet::storage]
	pub type Frontiers<T> = StorageMap<_, Twox64Concat, DatanetId, merkle::Frontier, ValueQuery>;

	/// The published versions of each Datanet, from 1.
	#[pallet::storage]
	pub type Versions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DatanetId, Twox64Concat, VersionNumber, Version<T>>;

	/// The id the next contribution gets.
	#[pallet::storage]
	pub type NextContributionId<T> = StorageValue<_, ContributionId, ValueQuery>;

	/// Every pending, accepted or rejected contribution. Withdrawn ones are removed.
	#[pallet::storage]
	pub type Contributions<T: Config> =
		StorageMap<_, Twox64Concat, ContributionId, Contribution<T>>;

	/// Which contribution carries a content hash in a Datanet: keeps hashes unique per Datanet.
	#[pallet::storage]
	pub type ContentIndex<T> =
		StorageDoubleMap<_, Twox64Concat, DatanetId, Blake2_128Concat, H256, ContributionId>;

	/// Accepted contributions by their acceptance sequence: the leaves of the version Merkle
	/// tree, in order.
	#[pallet::storage]
	pub type AcceptedBySequence<T> =
		StorageDoubleMap<_, Twox64Concat, DatanetId, Twox64Concat, u64, ContributionId>;

	/// The contributions of each account, for paging through them.
	#[pallet::storage]
	pub type ContributionsOf<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ContributionId,
		(),
		OptionQuery,
	>;

	/// What each account has contributed, across all Datanets.
	#[pallet::storage]
	pub type ContributorStatsOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ContributorStats, ValueQuery>;

	/// Commitments to contributions not yet revealed, by committer and commitment (see
	/// [`Pallet::commit`]).
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Identity,
		H256,
		Commitment<BlockNumberFor<T>, BalanceOf<T>>,
	>;

	/// The block a pending contribution's commitment was made in, for those revealed from one:
	/// their claim to their content dates from then. Removed once the contribution is reviewed,
	/// withdrawn or displaced.
	#[pallet::storage]
	pub type CommittedAt<T: Config> =
		StorageMap<_, Twox64Concat, ContributionId, BlockNumberFor<T>>;

	/// Pending contributions whose contributor asked to withdraw them, with the block from which
	/// the withdrawal can complete.
	#[pallet::storage]
	pub type WithdrawalsDue<T: Config> =
		StorageMap<_, Twox64Concat, ContributionId, BlockNumberFor<T>>;

	// The field names are the documentation: ids, accounts and amounts.
	#[allow(missing_docs)]
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A Datanet was created and its creation deposit held.
		DatanetCreated { datanet: DatanetId, owner: T::AccountId, deposit: BalanceOf<T> },
		/// A Datanet's name, description or tags changed.
		MetadataUpdated { datanet: DatanetId },
		/// A Datanet's contribution policy changed; pending contributions keep their deposits.
		PolicyUpdated { datanet: DatanetId, policy: Policy<BalanceOf<T>> },
		/// A curator was added to a Datanet.
		CuratorAdded { datanet: DatanetId, curator: T::AccountId },
		/// A curator was removed from a Datanet.
		CuratorRemoved { datanet: DatanetId, curator: T::AccountId },
		/// A Datanet stopped taking contributions for now.
		DatanetPaused { datanet: DatanetId },
		/// A paused Datanet takes contributions again.
		DatanetResumed { datanet: DatanetId },
		/// A Datanet was closed for good and its creation deposit released, but for
		/// `deposit_kept`, the storage deposit of what remains of it.
		DatanetArchived {
			datanet: DatanetId,
			depositor: T::AccountId,
			deposit_released: BalanceOf<T>,
			deposit_kept: BalanceOf<T>,
		},
		/// A Datanet changed owner.
		OwnershipTransferred { datanet: DatanetId, from: T::AccountId, to: T::AccountId },
		/// Data was submitted for review and its deposit held.
		Contributed {
			datanet: DatanetId,
			contribution: ContributionId,
			contributor: T::AccountId,
			content_hash: H256,
			size_bytes: u64,
			deposit: BalanceOf<T>,
		},
		/// A contribution joined its Datanet at acceptance position `sequence`; its deposit was
		/// released but for `deposit_kept`, its record's storage deposit.
		ContributionAccepted {
			datanet: DatanetId,
			contribution: ContributionId,
			contributor: T::AccountId,
			reviewer: T::AccountId,
			sequence: u64,
			deposit_released: BalanceOf<T>,
			deposit_kept: BalanceOf<T>,
		},
		/// A contribution was turned down: `deposit_returned` went back to the contributor and
		/// `slashed` (non-zero only for spam or harmful data) to the rewards pool; spam stays on
		/// record holding `deposit_kept`, any other rejection is removed (`deposit_kept` zero).
		ContributionRejected {
			datanet: DatanetId,
			contribution: ContributionId,
			contributor: T::AccountId,
			reviewer: T::AccountId,
			deposit_returned: BalanceOf<T>,
			slashed: BalanceOf<T>,
			deposit_kept: BalanceOf<T>,
		},
		/// A contributor asked to withdraw a pending contribution; reviews may still decide on
		/// it until block `due`, when `withdraw` can complete.
		WithdrawalRequested {
			datanet: DatanetId,
			contribution: ContributionId,
			contributor: T::AccountId,
			due: BlockNumberFor<T>,
		},
		/// A contributor took back a pending contribution and its deposit.
		ContributionWithdrawn {
			datanet: DatanetId,
			contribution: ContributionId,
			contributor: T::AccountId,
			deposit_returned: BalanceOf<T>,
		},
		/// A pending contribution gave way to `by`, the same content revealed from an earlier
		/// commitment; its deposit went back to its contributor.
		ContributionDisplaced {
			datanet: DatanetId,
			contribution: ContributionId,
			contributor: T::AccountId,
			by: ContributionId,
			deposit_returned: BalanceOf<T>,
		},
		/// `who` committed to contributions they will reveal in a later block.
		Committed { who: T::AccountId, commitment: H256, deposit: BalanceOf<T> },
		/// A commitment was withdrawn unrevealed and its deposit released.
		CommitmentCancelled { who: T::AccountId, commitment: H256, deposit_released: BalanceOf<T> },
		/// A version was published: it holds the first `contributions` accepted contributions,
		/// `added` of them new.
		VersionPublished {
			datanet: DatanetId,
			version: VersionNumber,
			contributions: u64,
			added: u64,
			total_bytes: u64,
			merkle_root: H256,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No Datanet has this id; check `datanets.nextDatanetId` or the `DatanetCreated` event.
		UnknownDatanet,
		/// No contribution has this id; it may have been withdrawn.
		UnknownContribution,
		/// Only the Datanet's owner may do this.
		NotOwner,
		/// Only the Datanet's owner or one of its curators may review.
		NotReviewer,
		/// Only the contributor may withdraw their contribution.
		NotContributor,
		/// The Datanet is permissioned: only its owner and curators may contribute.
		NotPermitted,
		/// The Datanet is paused; it takes contributions again once the owner resumes it.
		DatanetPaused,
		/// The Datanet is archived and can no longer change.
		DatanetArchived,
		/// The Datanet is not paused, so it cannot be resumed.
		NotPaused,
		/// The Datanet is already paused.
		AlreadyPaused,
		/// The Datanet still has pending contributions; review them (pause it first to stop
		/// new ones) before archiving.
		PendingContributions,
		/// The account already owns the Datanet.
		AlreadyOwner,
		/// The name is empty.
		EmptyName,
		/// The policy's contribution deposit is below `MinContributionDeposit`.
		DepositBelowMinimum,
		/// The policy's maximum contribution size is zero.
		ZeroMaxContributionSize,
		/// The account is already a curator of the Datanet.
		AlreadyCurator,
		/// The account is not a curator of the Datanet.
		NotCurator,
		/// The Datanet has `MaxCurators` curators already; remove one first.
		TooManyCurators,
		/// A contribution must have at least one byte.
		EmptyContribution,
		/// The contribution is larger than the Datanet's `max_contribution_bytes`, or than the
		/// chain's `MaxContributionBytes`, whichever is smaller.
		ContributionTooLarge,
		/// A contribution with this content hash is already in the Datanet: accepted, rejected
		/// as spam, or pending with a claim as old as this one's (a commitment made in an
		/// earlier block than the pending one's displaces it).
		DuplicateContent,
		/// The Datanet's contribution deposit is above the `max_deposit` the call accepts: its
		/// policy changed since you looked. Check `datanets.datanets(id).policy` and resubmit.
		DepositAboveMaximum,
		/// The caller already holds this commitment.
		DuplicateCommitment,
		/// The caller holds no such commitment: none was made, or it names other content, in
		/// another order or another Datanet (see `Pallet::commitment`), or it was revealed or
		/// cancelled already.
		UnknownCommitment,
		/// The withdrawal was asked for and completes at the block in `WithdrawalRequested`.
		WithdrawalNotDue,
		/// The contribution was already reviewed.
		NotPending,
		/// Nothing was accepted since the latest version.
		NothingToPublish,
		/// The Datanet holds the most accepted contributions a version tree can take (2^32 - 1).
		DatanetFull,
		/// A `contribute_batch` without contributions.
		EmptyBatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxNameLength::get() > 0, "a Datanet needs room for a name");
			assert!(T::MaxUriLength::get() > 0, "contributions need room for a URI");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a Datanet owned by the caller, holding [`Config::DatanetDeposit`] from them.
		///
		/// - `name`: a short name, not empty. `description`: a URI or CID of the description.
		/// - `policy`: who may contribute, the deposit each contribution holds (at least
		///   [`Config::MinContributionDeposit`]) and the largest contribution in bytes (not 0).
		///
		/// Errors: `EmptyName`, `DepositBelowMinimum`, `ZeroMaxContributionSize`, or a token
		/// error if the caller cannot afford the deposit. Emits `DatanetCreated`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_datanet(
			name.len() as u32,
			description.len() as u32,
			tags.len() as u32,
		))]
		pub fn create_datanet(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLength>,
			description: BoundedVec<u8, T::MaxUriLength>,
			tags: BoundedVec<BoundedVec<u8, T::MaxTagLength>, T::MaxTags>,
			policy: Policy<BalanceOf<T>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_create_datanet(owner, name, description, tags, policy)
		}

		/// Replaces a Datanet's name, description and tags. Owner only; not when archived.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `EmptyName`. Emits
		/// `MetadataUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_metadata(
			name.len() as u32,
			description.len() as u32,
			tags.len() as u32,
		))]
		pub fn update_metadata(
			origin: OriginFor<T>,
			datanet: DatanetId,
			name: BoundedVec<u8, T::MaxNameLength>,
			description: BoundedVec<u8, T::MaxUriLength>,
			tags: BoundedVec<BoundedVec<u8, T::MaxTagLength>, T::MaxTags>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_metadata(who, datanet, name, description, tags)
		}

		/// Replaces a Datanet's contribution policy. Owner only; not when archived. Pending
		/// contributions keep the deposit they were submitted with.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `DepositBelowMinimum`,
		/// `ZeroMaxContributionSize`. Emits `PolicyUpdated`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_policy())]
		pub fn set_policy(
			origin: OriginFor<T>,
			datanet: DatanetId,
			policy: Policy<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_policy(who, datanet, policy)
		}

		/// Lets `curator` review contributions to the Datanet (and contribute to it when it
		/// is permissioned). Owner only; not when archived.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `AlreadyCurator`,
		/// `TooManyCurators`. Emits `CuratorAdded`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_curator())]
		pub fn add_curator(
			origin: OriginFor<T>,
			datanet: DatanetId,
			curator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_curator(who, datanet, curator)
		}

		/// Removes a curator. Owner only; not when archived.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `NotCurator`. Emits
		/// `CuratorRemoved`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_curator())]
		pub fn remove_curator(
			origin: OriginFor<T>,
			datanet: DatanetId,
			curator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_curator(who, datanet, curator)
		}

		/// Stops new contributions until [`Pallet::resume`]; reviews, withdrawals and
		/// publishing go on. Owner only.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `AlreadyPaused`. Emits
		/// `DatanetPaused`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::pause())]
		pub fn pause(origin: OriginFor<T>, datanet: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_status(who, datanet, DatanetStatus::Paused)
		}

		/// Takes contributions again after [`Pallet::pause`]. Owner only.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `NotPaused`. Emits
		/// `DatanetResumed`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>, datanet: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_status(who, datanet, DatanetStatus::Active)
		}

		/// Closes the Datanet for good and releases its creation deposit to whoever paid it.
		/// Its published versions stay readable. Owner only, once no contribution is pending;
		/// accepted contributions not yet in a version never will be.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `PendingContributions`.
		/// Emits `DatanetArchived`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::archive())]
		pub fn archive(origin: OriginFor<T>, datanet: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_archive(who, datanet)
		}

		/// Hands the Datanet to `new_owner`. The creation deposit stays held from whoever paid
		/// it. Owner only; not when archived.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `AlreadyOwner`. Emits
		/// `OwnershipTransferred`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			datanet: DatanetId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_ownership(who, datanet, new_owner)
		}

		/// Submits data for review: `content_hash` of `size_bytes` bytes, fetchable at `uri`.
		/// Holds the Datanet's contribution deposit from the caller until review, if it is no
		/// more than `max_deposit`.
		///
		/// The contribution's claim to its content dates from this block, so anyone who sees
		/// this call in the transaction pool can copy it and land first. To keep the credit for
		/// content others might copy, [`Pallet::commit`] to it first and send it with
		/// [`Pallet::reveal`].
		///
		/// Errors: `UnknownDatanet`, `DatanetPaused`, `DatanetArchived`, `NotPermitted` (a
		/// permissioned Datanet and a caller who is neither owner nor curator),
		/// `EmptyContribution`, `ContributionTooLarge`, `DuplicateContent`,
		/// `DepositAboveMaximum`, or a token error if the caller cannot afford the deposit.
		/// Emits `Contributed` with the new id.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::contribute(uri.len() as u32, metadata.len() as u32))]
		pub fn contribute(
			origin: OriginFor<T>,
			datanet: DatanetId,
			content_hash: H256,
			size_bytes: u64,
			uri: BoundedVec<u8, T::MaxUriLength>,
			metadata: BoundedVec<u8, T::MaxMetadataLength>,
			max_deposit: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let item = ContributionInput { content_hash, size_bytes, uri, metadata };
			Self::do_contribute(who, datanet, alloc::vec![item], max_deposit, Claim::Now)
		}

		/// Submits many contributions to one Datanet at once, all or none: each as
		/// `contribute` would, with one deposit hold for all of them. Cheaper per contribution
		/// than one `contribute` each, for a contributor uploading a dataset. `max_deposit`
		/// bounds the deposit of each contribution.
		///
		/// Errors: those of `contribute` (for the first contribution that fails, including a
		/// hash repeated inside the batch: `DuplicateContent`), and `EmptyBatch`. Emits
		/// `Contributed` for each, in order.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::contribute_batch(contributions.len() as u32))]
		pub fn contribute_batch(
			origin: OriginFor<T>,
			datanet: DatanetId,
			contributions: BoundedVec<ContributionInput<T>, T::MaxContributionBatch>,
			max_deposit: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!contributions.is_empty(), Error::<T>::EmptyBatch);
			Self::do_contribute(who, datanet, contributions.into_inner(), max_deposit, Claim::Now)
		}

		/// Reveals contributions the caller committed to with [`Pallet::commit`] in an earlier
		/// block, and submits them as `contribute_batch` would. The commitment's deposit is
		/// released and the contributions' claim to their content dates from the commitment, so
		/// a pending copy of one of them with a later claim (sent after seeing this call, or
		/// after the commitment) is displaced and its deposit returned.
		///
		/// `contributions` are those the commitment names, in its order (see
		/// [`Pallet::commitment`]); one contribution is a batch of one.
		///
		/// Errors: those of `contribute_batch`, and `UnknownCommitment` when the caller holds no
		/// commitment to these contributions. Emits `ContributionDisplaced` for each copy it
		/// displaces, before the `Contributed` of the contribution that displaced it.
		///
		/// Weight: the worst case, every contribution displacing a copy. Plain contributions
		/// are never charged for it: only a reveal can displace.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::reveal(contributions.len() as u32))]
		pub fn reveal(
			origin: OriginFor<T>,
			datanet: DatanetId,
			contributions: BoundedVec<ContributionInput<T>, T::MaxContributionBatch>,
			max_deposit: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!contributions.is_empty(), Error::<T>::EmptyBatch);
			let items = contributions.into_inner();
			let claim = Self::take_commitment(&who, datanet, &items)?;
			Self::do_contribute(who, datanet, items, max_deposit, Claim::Committed(claim))
		}

		/// Decides on a pending contribution. The Datanet's owner or a curator only.
		///
		/// `Accept` releases the deposit and appends the contribution to the Datanet;
		/// `Reject` returns the deposit; `RejectAsSpam` sends [`Config::SpamSlash`] of it to
		/// the rewards pool and returns the rest.
		///
		/// Errors: `UnknownContribution`, `NotPending`, `NotReviewer`, `DatanetFull`. Emits
		/// `ContributionAccepted` or `ContributionRejected`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::review_accept().max(T::WeightInfo::review_reject()))]
		pub fn review(
			origin: OriginFor<T>,
			contribution: ContributionId,
			verdict: Verdict,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_review(who, contribution, verdict)
		}

		/// Takes back a pending contribution and its deposit, in two steps. The contributor
		/// only. The first call asks; the contribution can still be reviewed for
		/// [`Config::WithdrawalDelay`] blocks, so a spam verdict already sent cannot be
		/// escaped. A second call from the block in `WithdrawalRequested` on completes the
		/// withdrawal, if no review came first.
		///
		/// Errors: `UnknownContribution`, `NotContributor`, `NotPending`, `WithdrawalNotDue`.
		/// Emits `WithdrawalRequested`, then `ContributionWithdrawn`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::request_withdrawal().max(T::WeightInfo::withdraw()))]
		pub fn withdraw(origin: OriginFor<T>, contribution: ContributionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, contribution)
		}

		/// Publishes the next version of the Datanet: every contribution accepted so far, with
		/// the Merkle root over their content hashes. Owner only; not when archived. Costs the
		/// same whatever the Datanet's size.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetArchived`, `NothingToPublish`. Emits
		/// `VersionPublished`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::publish_version())]
		pub fn publish_version(origin: OriginFor<T>, datanet: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_publish_version(who, datanet)
		}

		/// Commits the caller to contributions they will send with [`Pallet::reveal`] in a later
		/// block, holding [`Config::CommitmentDeposit`] until then.
		///
		/// `commitment` is [`Pallet::commitment`] of the caller, the Datanet and the content
		/// hashes in the order the reveal will send them; it shows nothing of the content. A
		/// revealed contribution's claim to its content dates from the commitment's block: a
		/// pending contribution of the same content in the same Datanet with a later claim
		/// (someone who copied the reveal from the transaction pool, or contributed the content
		/// after this commitment) is displaced and its deposit returned.
		///
		/// Errors: `DuplicateCommitment`, or a token error if the caller cannot afford the
		/// deposit. Emits `Committed`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, commitment)
		}

		/// Withdraws a commitment that will not be revealed and releases its deposit.
		///
		/// Errors: `UnknownCommitment`. Emits `CommitmentCancelled`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::cancel_commitment())]
		pub fn cancel_commitment(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_commitment(who, commitment)
		}
	}
}
