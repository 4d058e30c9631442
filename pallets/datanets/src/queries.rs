//! Reads for the `DatanetsApi` runtime API. None of them is used by extrinsics.

use crate::{
	AcceptedBySequence, BalanceOf, Config, Contribution, ContributionPage, ContributionStatus,
	Contributions, ContributionsOf, ContributorStats, ContributorStatsOf, Datanet, Datanets,
	Pallet, Version, Versions,
};
use alloc::vec::Vec;
use frame_support::BoundedVec;
use openledger_primitives::{page_size, take_page, ContributionId, DatanetId, VersionNumber};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The Datanet `id`.
	pub fn datanet(id: DatanetId) -> Option<Datanet<T>> {
		Datanets::<T>::get(id)
	}

	/// Version `version` of Datanet `id`.
	pub fn version(id: DatanetId, version: VersionNumber) -> Option<Version<T>> {
		Versions::<T>::get(id, version)
	}

	/// Up to `limit` versions of Datanet `id`, from number `from` (1 is the first) upwards.
	pub fn versions(
		id: DatanetId,
		from: VersionNumber,
		limit: u32,
	) -> Vec<(VersionNumber, Version<T>)> {
		let latest = Datanets::<T>::get(id).map_or(0, |d| d.counters.latest_version);
		(from.max(1)..=latest)
			.take(page_size(limit))
			.filter_map(|number| Versions::<T>::get(id, number).map(|v| (number, v)))
			.collect()
	}

	/// The contribution `id`.
	pub fn contribution(id: ContributionId) -> Option<Contribution<T>> {
		Contributions::<T>::get(id)
	}

	/// What `who` would hold for a contribution to Datanet `id` with a URI and metadata of
	/// these lengths (see [`Self::pending_deposit`]).
	pub fn contribution_deposit(
		who: T::AccountId,
		id: DatanetId,
		uri_len: u32,
		metadata_len: u32,
	) -> Option<BalanceOf<T>> {
		let datanet = Datanets::<T>::get(id)?;
		let filled = |len: u32| alloc::vec![0u8; len as usize];
		let record = Contribution::<T> {
			datanet: id,
			contributor: who,
			content_hash: Default::default(),
			size_bytes: 0,
			uri: BoundedVec::try_from(filled(uri_len)).ok()?,
			metadata: BoundedVec::try_from(filled(metadata_len)).ok()?,
			deposit: Zero::zero(),
			status: ContributionStatus::Pending,
			submitted_at: Zero::zero(),
		};
		Some(Self::pending_deposit(&datanet.policy, &record))
	}

	/// A page of `who`'s contributions (pending, accepted and rejected), in storage order.
	/// Start with `cursor = None`; pass the returned `next_cursor` to get the next page.
	pub fn contributions_of(
		who: T::AccountId,
		cursor: Option<ContributionId>,
		limit: u32,
	) -> ContributionPage<Contribution<T>> {
		let ids = match cursor {
			Some(after) => ContributionsOf::<T>::iter_key_prefix_from(
				&who,
				ContributionsOf::<T>::hashed_key_for(&who, after),
			),
			None => ContributionsOf::<T>::iter_key_prefix(&who),
		};
		let (ids, next_cursor) = take_page(ids, limit);
		let items = ids
			.into_iter()
			.filter_map(|id| Contributions::<T>::get(id).map(|c| (id, c)))
			.collect();
		ContributionPage { items, next_cursor }
	}

	/// What `who` has contributed, across all Datanets.
	pub fn contributor_stats(who: T::AccountId) -> ContributorStats {
		ContributorStatsOf::<T>::get(who)
	}

	/// Up to `limit` contributions of version `version` of Datanet `id`, in acceptance order
	/// from sequence `from_sequence`: the leaves of the version's Merkle tree.
	pub fn version_contributions(
		id: DatanetId,
		version: VersionNumber,
		from_sequence: u64,
		limit: u32,
	) -> Vec<(ContributionId, Contribution<T>)> {
		let Some(version) = Versions::<T>::get(id, version) else { return Vec::new() };
		(from_sequence..version.contributions)
			.take(page_size(limit))
			.filter_map(|sequence| AcceptedBySequence::<T>::get(id, sequence))
			.filter_map(|c| Contributions::<T>::get(c).map(|contribution| (c, contribution)))
			.collect()
	}
}
