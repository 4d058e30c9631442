//! The logic behind each call, and the glue trait other pallets use.

use crate::{
	merkle, AcceptedBySequence, BalanceOf, Claim, Commitment, Commitments, CommittedAt, Config,
	ContentIndex, Contribution, ContributionInput, ContributionStatus, Contributions,
	ContributionsOf, ContributorStats, ContributorStatsOf, Datanet, DatanetCounters, DatanetStatus,
	Datanets, Error, Event, Frontiers, HoldReason, NextContributionId, NextDatanetId, Pallet,
	Policy, Verdict, Version, Versions, WithdrawalsDue,
};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Footprint,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	AcceptedContribution, ContributionId, DatanetId, DatanetsInspect, VersionNumber,
};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Convert, Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult,
};

/// A Datanet's name, description and tags, as the calls take them.
type Name<T> = BoundedVec<u8, <T as Config>::MaxNameLength>;
type Uri<T> = BoundedVec<u8, <T as Config>::MaxUriLength>;
type Tags<T> = BoundedVec<BoundedVec<u8, <T as Config>::MaxTagLength>, <T as Config>::MaxTags>;

fn add_one<N: CheckedAdd + From<u8>>(n: N) -> Result<N, DispatchError> {
	n.checked_add(&N::from(1)).ok_or(ArithmeticError::Overflow.into())
}

fn sub_one<N: CheckedSub + From<u8>>(n: N) -> Result<N, DispatchError> {
	n.checked_sub(&N::from(1)).ok_or(ArithmeticError::Underflow.into())
}

impl<T: Config> Pallet<T> {
	/// The storage deposit of `record` (one or more values that stay in state together):
	/// [`Config::RecordDeposit`] of its encoded size.
	pub fn record_deposit(record: &impl Encode) -> BalanceOf<T> {
		T::RecordDeposit::convert(Footprint::from_encodable(record))
	}

	/// The storage deposit of the largest contribution record, for benchmarks to fund.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn largest_record_deposit() -> BalanceOf<T> {
		T::RecordDeposit::convert(Footprint::from_mel::<Contribution<T>>())
	}

	/// What a contribution with `uri` and `metadata` to a Datanet with `policy` holds while it
	/// is pending: the policy's review deposit and its record's storage deposit.
	pub fn pending_deposit(
		policy: &Policy<BalanceOf<T>>,
		record: &Contribution<T>,
	) -> BalanceOf<T> {
		policy.contribution_deposit.saturating_add(Self::record_deposit(record))
	}

	/// What the contribution `record`, holding `held`, keeps once reviewed: its storage deposit
	/// at today's price, never more than it holds.
	fn kept_deposit(record: &Contribution<T>, held: BalanceOf<T>) -> BalanceOf<T> {
		Self::record_deposit(record).min(held)
	}

	/// The Datanet `id`, if `who` owns it and it can still change.
	fn owned_datanet(who: &T::AccountId, id: DatanetId) -> Result<Datanet<T>, DispatchError> {
		let datanet = Datanets::<T>::get(id).ok_or(Error::<T>::UnknownDatanet)?;
		ensure!(datanet.owner == *who, Error::<T>::NotOwner);
		ensure!(datanet.status != DatanetStatus::Archived, Error::<T>::DatanetArchived);
		Ok(datanet)
	}

	fn ensure_valid_policy(policy: &Policy<BalanceOf<T>>) -> DispatchResult {
		ensure!(
			policy.contribution_deposit >= T::MinContributionDeposit::get(),
			Error::<T>::DepositBelowMinimum
		);
		ensure!(policy.max_contribution_bytes > 0, Error::<T>::ZeroMaxContributionSize);
		Ok(())
	}

	fn hold(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount)
	}

	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Stores `stats`, leaving no entry behind for an account with nothing on record.
	pub(crate) fn put_stats(who: &T::AccountId, stats: ContributorStats) {
		if stats == ContributorStats::default() {
			ContributorStatsOf::<T>::remove(who);
		} else {
			ContributorStatsOf::<T>::insert(who, stats);
		}
	}

	/// Takes a reviewed or withdrawn contribution, holding `deposit`, out of the pending totals
	/// of its Datanet and its contributor.
	fn remove_pending(
		counters: &mut DatanetCounters<BalanceOf<T>>,
		stats: &mut ContributorStats,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		counters.pending = sub_one(counters.pending)?;
		counters.pending_deposits = counters
			.pending_deposits
			.checked_sub(&deposit)
			.ok_or(ArithmeticError::Underflow)?;
		stats.pending = sub_one(stats.pending)?;
		Ok(())
	}

	pub(crate) fn do_create_datanet(
		owner: T::AccountId,
		name: Name<T>,
		description: Uri<T>,
		tags: Tags<T>,
		policy: Policy<BalanceOf<T>>,
	) -> DispatchResult {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		Self::ensure_valid_policy(&policy)?;
		let id = NextDatanetId::<T>::get();
		let next_id = add_one(id)?;
		let deposit = T::DatanetDeposit::get();
		Self::hold(HoldReason::DatanetDeposit, &owner, deposit)?;

		Datanets::<T>::insert(
			id,
			Datanet {
				owner: owner.clone(),
				depositor: owner.clone(),
				deposit,
				name,
				description,
				tags,
				policy,
				status: DatanetStatus::Active,
				curators: BoundedVec::new(),
				created_at: frame_system::Pallet::<T>::block_number(),
				counters: DatanetCounters::default(),
			},
		);
		NextDatanetId::<T>::put(next_id);
		Self::deposit_event(Event::DatanetCreated { datanet: id, owner, deposit });
		Ok(())
	}

	pub(crate) fn do_update_metadata(
		who: T::AccountId,
		id: DatanetId,
		name: Name<T>,
		description: Uri<T>,
		tags: Tags<T>,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, id)?;
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		datanet.name = name;
		datanet.description = description;
		datanet.tags = tags;
		Datanets::<T>::insert(id, datanet);
		Self::deposit_event(Event::MetadataUpdated { datanet: id });
		Ok(())
	}

	pub(crate) fn do_set_policy(
		who: T::AccountId,
		id: DatanetId,
		policy: Policy<BalanceOf<T>>,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, id)?;
		Self::ensure_valid_policy(&policy)?;
		datanet.policy = policy;
		Datanets::<T>::insert(id, datanet);
		Self::deposit_event(Event::PolicyUpdated { datanet: id, policy });
		Ok(())
	}

	pub(crate) fn do_add_curator(
		who: T::AccountId,
		id: DatanetId,
		curator: T::AccountId,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, id)?;
		ensure!(!datanet.curators.contains(&curator), Error::<T>::AlreadyCurator);
		datanet
			.curators
			.try_push(curator.clone())
			.map_err(|_| Error::<T>::TooManyCurators)?;
		Datanets::<T>::insert(id, datanet);
		Self::deposit_event(Event::CuratorAdded { datanet: id, curator });
		Ok(())
	}

	pub(crate) fn do_remove_curator(
		who: T::AccountId,
		id: DatanetId,
		curator: T::AccountId,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, id)?;
		let position = datanet
			.curators
			.iter()
			.position(|c| *c == curator)
			.ok_or(Error::<T>::NotCurator)?;
		datanet.curators.remove(position);
		Datanets::<T>::insert(id, datanet);
		Self::deposit_event(Event::CuratorRemoved { datanet: id, curator });
		Ok(())
	}

	/// Pauses (`to = Paused`) or resumes (`to = Active`) a Datanet.
	pub(crate) fn do_set_status(
		who: T::AccountId,
		id: DatanetId,
		to: DatanetStatus,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, id)?;
		let event = match (datanet.status, to) {
			(DatanetStatus::Active, DatanetStatus::Paused) => Event::DatanetPaused { datanet: id },
			(DatanetStatus::Paused, DatanetStatus::Active) => Event::DatanetResumed { datanet: id },
			(DatanetStatus::Paused, DatanetStatus::Paused) => Err(Error::<T>::AlreadyPaused)?,
			_ => Err(Error::<T>::NotPaused)?,
		};
		datanet.status = to;
		Datanets::<T>::insert(id, datanet);
		Self::deposit_event(event);
		Ok(())
	}

	pub(crate) fn do_archive(who: T::AccountId, id: DatanetId) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, id)?;
		ensure!(datanet.counters.pending == 0, Error::<T>::PendingContributions);
		datanet.status = DatanetStatus::Archived;
		// Nothing is accepted any more, so the Merkle frontier goes; the record stays (its
		// versions are paid for by the contributions they hold).
		Frontiers::<T>::remove(id);
		let kept = Self::record_deposit(&datanet).min(datanet.deposit);
		let released = datanet.deposit.saturating_sub(kept);
		Self::release(HoldReason::DatanetDeposit, &datanet.depositor, released)?;

		datanet.deposit = kept;
		let depositor = datanet.depositor.clone();
		Datanets::<T>::insert(id, datanet);
		Self::deposit_event(Event::DatanetArchived {
			datanet: id,
			depositor,
			deposit_released: released,
			deposit_kept: kept,
		});
		Ok(())
	}

	pub(crate) fn do_transfer_ownership(
		who: T::AccountId,
		id: DatanetId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, id)?;
		ensure!(new_owner != who, Error::<T>::AlreadyOwner);
		datanet.owner = new_owner.clone();
		Datanets::<T>::insert(id, datanet);
		Self::deposit_event(Event::OwnershipTransferred { datanet: id, from: who, to: new_owner });
		Ok(())
	}

	/// The commitment that `contribute` or `contribute_batch` of `hashes` (in that order) by
	/// `who` to `datanet` reveals: the BLAKE2-256 of the SCALE encoding of
	/// `(who, datanet, hashes)`, the last as a `Vec<H256>` (a compact length, then the hashes).
	pub fn commitment(who: &T::AccountId, datanet: DatanetId, hashes: &[H256]) -> H256 {
		H256(sp_io::hashing::blake2_256(&(who, datanet, hashes).encode()))
	}

	/// The block from which a pending contribution's claim to its content dates.
	fn claim_of(id: ContributionId, contribution: &Contribution<T>) -> BlockNumberFor<T> {
		CommittedAt::<T>::get(id).unwrap_or(contribution.submitted_at)
	}

	pub(crate) fn do_commit(who: T::AccountId, commitment: H256) -> DispatchResult {
		ensure!(!Commitments::<T>::contains_key(&who, commitment), Error::<T>::DuplicateCommitment);
		let deposit = T::CommitmentDeposit::get();
		Self::hold(HoldReason::CommitmentDeposit, &who, deposit)?;
		let at = frame_system::Pallet::<T>::block_number();
		Commitments::<T>::insert(&who, commitment, Commitment { at, deposit });
		Self::deposit_event(Event::Committed { who, commitment, deposit });
		Ok(())
	}

	pub(crate) fn do_cancel_commitment(who: T::AccountId, commitment: H256) -> DispatchResult {
		let Commitment { deposit, .. } =
			Commitments::<T>::take(&who, commitment).ok_or(Error::<T>::UnknownCommitment)?;
		Self::release(HoldReason::CommitmentDeposit, &who, deposit)?;
		Self::deposit_event(Event::CommitmentCancelled {
			who,
			commitment,
			deposit_released: deposit,
		});
		Ok(())
	}

	/// Consumes the commitment `who` made to these contributions and releases its deposit;
	/// returns the block it was made in, from which their claim dates.
	pub(crate) fn take_commitment(
		who: &T::AccountId,
		datanet: DatanetId,
		items: &[ContributionInput<T>],
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let hashes: Vec<H256> = items.iter().map(|item| item.content_hash).collect();
		let Commitment { at, deposit } =
			Commitments::<T>::take(who, Self::commitment(who, datanet, &hashes))
				.ok_or(Error::<T>::UnknownCommitment)?;
		Self::release(HoldReason::CommitmentDeposit, who, deposit)?;
		Ok(at)
	}

	/// Makes room for a contribution of `content_hash` claimed from block `claim` by
	/// `contributor`: refuses it if the content is accepted, rejected as spam, or pending with a
	/// claim as old; displaces a pending one with a later claim from someone else (which only a
	/// committed claim can have: every pending claim is from this block or earlier).
	fn make_room(
		datanet: &mut Datanet<T>,
		datanet_id: DatanetId,
		content_hash: H256,
		contributor: &T::AccountId,
		claim: BlockNumberFor<T>,
		by: ContributionId,
	) -> DispatchResult {
		let Some(holder_id) = ContentIndex::<T>::get(datanet_id, content_hash) else {
			return Ok(());
		};
		let holder = Contributions::<T>::get(holder_id).ok_or(Error::<T>::DuplicateContent)?;
		ensure!(
			holder.status == ContributionStatus::Pending &&
				holder.contributor != *contributor &&
				claim < Self::claim_of(holder_id, &holder),
			Error::<T>::DuplicateContent
		);
		Self::remove_pending_contribution(&mut datanet.counters, holder_id, &holder)?;
		Self::deposit_event(Event::ContributionDisplaced {
			datanet: datanet_id,
			contribution: holder_id,
			contributor: holder.contributor,
			by,
			deposit_returned: holder.deposit,
		});
		Ok(())
	}

	/// Removes pending contribution `id` of a Datanet with `counters`: out of the pending totals,
	/// its deposit back to its contributor, its record and its contributor's index entry gone.
	/// The content index is the caller's to update.
	fn remove_pending_contribution(
		counters: &mut DatanetCounters<BalanceOf<T>>,
		id: ContributionId,
		contribution: &Contribution<T>,
	) -> DispatchResult {
		let who = &contribution.contributor;
		let mut stats = ContributorStatsOf::<T>::get(who);
		Self::remove_pending(counters, &mut stats, contribution.deposit)?;
		Self::release(HoldReason::ContributionDeposit, who, contribution.deposit)?;
		Self::forget_pending(id);
		Contributions::<T>::remove(id);
		ContributionsOf::<T>::remove(who, id);
		Self::put_stats(who, stats);
		Ok(())
	}

	/// Drops what only a pending contribution has: its commitment's block and a withdrawal
	/// request.
	fn forget_pending(id: ContributionId) {
		CommittedAt::<T>::remove(id);
		WithdrawalsDue::<T>::remove(id);
	}

	/// Adds `items` to Datanet `datanet_id` as pending contributions of `contributor`, with
	/// one hold for all their deposits and the Datanet, the contributor's statistics and the
	/// id counter written once, claiming their content as `claim` says (see
	/// [`Self::make_room`]).
	pub(crate) fn do_contribute(
		contributor: T::AccountId,
		datanet_id: DatanetId,
		items: Vec<ContributionInput<T>>,
		max_deposit: BalanceOf<T>,
		claim: Claim<BlockNumberFor<T>>,
	) -> DispatchResult {
		let mut datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		match datanet.status {
			DatanetStatus::Active => {},
			DatanetStatus::Paused => Err(Error::<T>::DatanetPaused)?,
			DatanetStatus::Archived => Err(Error::<T>::DatanetArchived)?,
		}
		ensure!(
			datanet.policy.access == crate::Access::Open ||
				datanet.owner == contributor ||
				datanet.curators.contains(&contributor),
			Error::<T>::NotPermitted
		);
		let now = frame_system::Pallet::<T>::block_number();
		let (claim, committed_at) = match claim {
			Claim::Now => (now, None),
			Claim::Committed(at) => (at, Some(at)),
		};
		let mut stats = ContributorStatsOf::<T>::get(&contributor);
		let mut next_id = NextContributionId::<T>::get();
		let mut held: BalanceOf<T> = Zero::zero();
		let max_bytes = datanet.policy.max_contribution_bytes.min(T::MaxContributionBytes::get());
		for ContributionInput { content_hash, size_bytes, uri, metadata } in items {
			ensure!(size_bytes > 0, Error::<T>::EmptyContribution);
			ensure!(size_bytes <= max_bytes, Error::<T>::ContributionTooLarge);
			let id = next_id;
			Self::make_room(&mut datanet, datanet_id, content_hash, &contributor, claim, id)?;
			next_id = add_one(id)?;
			let mut record = Contribution {
				datanet: datanet_id,
				contributor: contributor.clone(),
				content_hash,
				size_bytes,
				uri,
				metadata,
				deposit: Zero::zero(),
				status: ContributionStatus::Pending,
				submitted_at: now,
			};
			let deposit = Self::pending_deposit(&datanet.policy, &record);
			ensure!(deposit <= max_deposit, Error::<T>::DepositAboveMaximum);
			record.deposit = deposit;
			let counters = &mut datanet.counters;
			counters.pending = add_one(counters.pending)?;
			counters.pending_deposits = counters
				.pending_deposits
				.checked_add(&deposit)
				.ok_or(ArithmeticError::Overflow)?;
			stats.pending = add_one(stats.pending)?;
			held = held.checked_add(&deposit).ok_or(ArithmeticError::Overflow)?;

			Contributions::<T>::insert(id, record);
			ContentIndex::<T>::insert(datanet_id, content_hash, id);
			ContributionsOf::<T>::insert(&contributor, id, ());
			if let Some(at) = committed_at {
				CommittedAt::<T>::insert(id, at);
			}
			Self::deposit_event(Event::Contributed {
				datanet: datanet_id,
				contribution: id,
				contributor: contributor.clone(),
				content_hash,
				size_bytes,
				deposit,
			});
		}
		Self::hold(HoldReason::ContributionDeposit, &contributor, held)?;
		ContributorStatsOf::<T>::insert(&contributor, stats);
		Datanets::<T>::insert(datanet_id, datanet);
		NextContributionId::<T>::put(next_id);
		Ok(())
	}

	pub(crate) fn do_review(
		reviewer: T::AccountId,
		id: ContributionId,
		verdict: Verdict,
	) -> DispatchResult {
		let mut contribution =
			Contributions::<T>::get(id).ok_or(Error::<T>::UnknownContribution)?;
		ensure!(contribution.status == ContributionStatus::Pending, Error::<T>::NotPending);
		let datanet_id = contribution.datanet;
		let mut datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		ensure!(
			datanet.owner == reviewer || datanet.curators.contains(&reviewer),
			Error::<T>::NotReviewer
		);
		let contributor = contribution.contributor.clone();
		let deposit = contribution.deposit;
		let mut stats = ContributorStatsOf::<T>::get(&contributor);
		Self::remove_pending(&mut datanet.counters, &mut stats, deposit)?;
		let counters = &mut datanet.counters;
		let event = match verdict {
			Verdict::Accept => {
				let sequence = counters.accepted;
				contribution.status = ContributionStatus::Accepted { sequence };
				let kept = Self::kept_deposit(&contribution, deposit);
				let released = deposit.saturating_sub(kept);
				let mut frontier = Frontiers::<T>::get(datanet_id);
				merkle::insert(&mut frontier, sequence, contribution.content_hash)
					.map_err(|_| Error::<T>::DatanetFull)?;
				let size = contribution.size_bytes;
				counters.accepted = add_one(sequence)?;
				// Byte counts are statistics of self-declared sizes: they saturate, and never
				// stop an acceptance.
				counters.accepted_bytes.saturating_accrue(size);
				stats.accepted = add_one(stats.accepted)?;
				stats.accepted_bytes.saturating_accrue(size);
				Self::release(HoldReason::ContributionDeposit, &contributor, released)?;

				Frontiers::<T>::insert(datanet_id, frontier);
				AcceptedBySequence::<T>::insert(datanet_id, sequence, id);
				contribution.deposit = kept;
				Event::ContributionAccepted {
					datanet: datanet_id,
					contribution: id,
					contributor,
					reviewer,
					sequence,
					deposit_released: released,
					deposit_kept: kept,
				}
			},
			Verdict::Reject | Verdict::RejectAsSpam => {
				let spam = verdict == Verdict::RejectAsSpam;
				contribution.status = ContributionStatus::Rejected { spam };
				// Spam stays on record and keeps its storage deposit; the slash takes a share of
				// the rest, the review deposit.
				let kept =
					if spam { Self::kept_deposit(&contribution, deposit) } else { Zero::zero() };
				let review_deposit = deposit.saturating_sub(kept);
				let slashed =
					if spam { T::SpamSlash::get().mul_floor(review_deposit) } else { Zero::zero() };
				let returned = review_deposit.saturating_sub(slashed);
				counters.rejected = add_one(counters.rejected)?;
				if spam {
					stats.rejected = add_one(stats.rejected)?;
				}
				if !slashed.is_zero() {
					T::Currency::transfer_on_hold(
						&HoldReason::ContributionDeposit.into(),
						&contributor,
						&T::SpamSlashBeneficiary::get(),
						slashed,
						Precision::Exact,
						Restriction::Free,
						Fortitude::Force,
					)?;
				}
				Self::release(HoldReason::ContributionDeposit, &contributor, returned)?;

				// A plain rejection leaves nothing behind and frees the content for someone
				// else (its author, if this was a copy); spam keeps it taken, with the verdict
				// on record.
				contribution.deposit = kept;
				if !spam {
					ContentIndex::<T>::remove(datanet_id, contribution.content_hash);
					ContributionsOf::<T>::remove(&contributor, id);
				}
				Event::ContributionRejected {
					datanet: datanet_id,
					contribution: id,
					contributor,
					reviewer,
					deposit_returned: returned,
					slashed,
					deposit_kept: kept,
				}
			},
		};
		Self::forget_pending(id);
		Self::put_stats(&contribution.contributor, stats);
		if contribution.status == (ContributionStatus::Rejected { spam: false }) {
			Contributions::<T>::remove(id);
		} else {
			Contributions::<T>::insert(id, contribution);
		}
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(event);
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, id: ContributionId) -> DispatchResult {
		let contribution = Contributions::<T>::get(id).ok_or(Error::<T>::UnknownContribution)?;
		ensure!(contribution.contributor == who, Error::<T>::NotContributor);
		ensure!(contribution.status == ContributionStatus::Pending, Error::<T>::NotPending);
		let datanet_id = contribution.datanet;
		let (now, delay) = (frame_system::Pallet::<T>::block_number(), T::WithdrawalDelay::get());
		match WithdrawalsDue::<T>::get(id) {
			None if !delay.is_zero() => {
				let due = now.saturating_add(delay);
				WithdrawalsDue::<T>::insert(id, due);
				Self::deposit_event(Event::WithdrawalRequested {
					datanet: datanet_id,
					contribution: id,
					contributor: who,
					due,
				});
				return Ok(());
			},
			Some(due) => ensure!(now >= due, Error::<T>::WithdrawalNotDue),
			None => {},
		}
		let mut datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		Self::remove_pending_contribution(&mut datanet.counters, id, &contribution)?;
		ContentIndex::<T>::remove(datanet_id, contribution.content_hash);
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(Event::ContributionWithdrawn {
			datanet: datanet_id,
			contribution: id,
			contributor: who,
			deposit_returned: contribution.deposit,
		});
		Ok(())
	}

	pub(crate) fn do_publish_version(who: T::AccountId, id: DatanetId) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, id)?;
		let counters = &mut datanet.counters;
		ensure!(counters.accepted > counters.published, Error::<T>::NothingToPublish);
		let version = add_one(counters.latest_version)?;
		let merkle_root = merkle::root(&Frontiers::<T>::get(id), counters.accepted);
		let added = counters.accepted.saturating_sub(counters.published);
		let contributions = counters.accepted;
		let total_bytes = counters.accepted_bytes;
		counters.latest_version = version;
		counters.published = contributions;

		Versions::<T>::insert(
			id,
			version,
			Version {
				contributions,
				added,
				total_bytes,
				merkle_root,
				published_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Datanets::<T>::insert(id, datanet);
		Self::deposit_event(Event::VersionPublished {
			datanet: id,
			version,
			contributions,
			added,
			total_bytes,
			merkle_root,
		});
		Ok(())
	}
}

impl<T: Config> DatanetsInspect<T::AccountId> for Pallet<T> {
	fn version_exists(datanet: DatanetId, version: VersionNumber) -> bool {
		Versions::<T>::contains_key(datanet, version)
	}

	fn version_size(datanet: DatanetId, version: VersionNumber) -> Option<u64> {
		Versions::<T>::get(datanet, version).map(|v| v.contributions)
	}

	fn accepted_contribution(id: ContributionId) -> Option<AcceptedContribution<T::AccountId>> {
		let contribution = Contributions::<T>::get(id)?;
		match contribution.status {
			ContributionStatus::Accepted { sequence } => Some(AcceptedContribution {
				datanet: contribution.datanet,
				contributor: contribution.contributor,
				sequence,
			}),
			_ => None,
		}
	}

	fn content(id: ContributionId) -> Option<([u8; 32], u64)> {
		Contributions::<T>::get(id).map(|c| (c.content_hash.0, c.size_bytes))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_content_for_benchmark(id: ContributionId, root: [u8; 32], size: u64) {
		Contributions::<T>::mutate(id, |contribution| {
			if let Some(c) = contribution {
				ContentIndex::<T>::remove(c.datanet, c.content_hash);
				c.content_hash = sp_core::H256(root);
				c.size_bytes = size;
				ContentIndex::<T>::insert(c.datanet, c.content_hash, id);
			}
		});
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn publish_version_for_benchmark(
		owner: &T::AccountId,
		contributions: u32,
		contributors: u32,
	) -> (DatanetId, VersionNumber, alloc::vec::Vec<ContributionId>) {
		use frame_support::traits::fungible::{Inspect, Mutate};
		use sp_runtime::traits::Saturating;
		let count = contributions.max(1);
		let per_contribution = T::MinContributionDeposit::get()
			.saturating_add(Self::largest_record_deposit())
			.saturating_add(T::Currency::minimum_balance());
		let funds = per_contribution
			.saturating_mul(count.into())
			.saturating_add(T::DatanetDeposit::get())
			.saturating_mul(2u32.into());
		let _ = T::Currency::mint_into(owner, funds);
		let id = NextDatanetId::<T>::get();
		let policy = Policy {
			access: crate::Access::Open,
			contribution_deposit: T::MinContributionDeposit::get(),
			max_contribution_bytes: u64::MAX,
		};
		// Errors surface in the caller's benchmark, as a version or contribution that does
		// not exist.
		let _ = Self::do_create_datanet(
			owner.clone(),
			BoundedVec::truncate_from(b"benchmark".to_vec()),
			BoundedVec::new(),
			BoundedVec::new(),
			policy,
		);
		// With as many contributors as contributions, each from a contributor of its own: the
		// worst case for whoever credits them.
		let contributors = contributors.max(1);
		let ids: alloc::vec::Vec<ContributionId> = (0..count)
			.map(|i| {
				let contributor: T::AccountId = frame_benchmarking::account(
					"contributor",
					i.checked_rem(contributors).unwrap_or(0),
					id,
				);
				let _ = T::Currency::mint_into(&contributor, per_contribution);
				let contribution = NextContributionId::<T>::get();
				let hash = sp_core::H256(sp_io::hashing::blake2_256(&i.to_le_bytes()));
				let item = ContributionInput {
					content_hash: hash,
					size_bytes: 1,
					uri: BoundedVec::new(),
					metadata: BoundedVec::new(),
				};
				let _ = Self::do_contribute(
					contributor,
					id,
					alloc::vec![item],
					sp_runtime::traits::Bounded::max_value(),
					Claim::Now,
				)
				.and_then(|_| Self::do_review(owner.clone(), contribution, Verdict::Accept));
				contribution
			})
			.collect();
		let _ = Self::do_publish_version(owner.clone(), id);
		(id, 1, ids)
	}
}
