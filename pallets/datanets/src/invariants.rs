//! `try_state`: the pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	merkle, AcceptedBySequence, BalanceOf, Commitments, CommittedAt, Config, ContentIndex,
	ContributionStatus, Contributions, ContributionsOf, ContributorStats, ContributorStatsOf,
	DatanetCounters, DatanetStatus, Datanets, Frontiers, HoldReason, NextContributionId,
	NextDatanetId, Pallet, Versions, WithdrawalsDue,
};
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use frame_support::{ensure, traits::fungible::InspectHold};
use openledger_primitives::DatanetId;
use sp_core::H256;
use sp_runtime::{traits::Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Checks that the counters, indexes, accumulators and held deposits all agree with the
	/// contributions on record. Linear in the pallet's storage: never called by extrinsics.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		// Everything the Datanets, the stats and the holds should say, rebuilt from the
		// contributions themselves.
		let mut counters = BTreeMap::<DatanetId, DatanetCounters<BalanceOf<T>>>::new();
		let mut stats = BTreeMap::<T::AccountId, ContributorStats>::new();
		let mut contribution_holds = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut leaves = BTreeMap::<(DatanetId, u64), H256>::new();
		let mut contributions = 0usize;
		let mut indexed = 0usize;
		let next_id = NextContributionId::<T>::get();

		for (id, c) in Contributions::<T>::iter() {
			contributions.saturating_inc();
			ensure!(id < next_id, "a contribution id is not below NextContributionId");
			// Plain rejections leave no record; every record holds its content.
			ensure!(
				c.status != (ContributionStatus::Rejected { spam: false }),
				"a plain rejection stayed on record"
			);
			ensure!(
				ContentIndex::<T>::get(c.datanet, c.content_hash) == Some(id),
				"the content index does not point at a contribution"
			);
			indexed.saturating_inc();
			ensure!(
				c.status == ContributionStatus::Pending ||
					!(CommittedAt::<T>::contains_key(id) ||
						WithdrawalsDue::<T>::contains_key(id)),
				"a reviewed contribution keeps a commitment block or a withdrawal request"
			);
			ensure!(
				ContributionsOf::<T>::contains_key(&c.contributor, id),
				"a contribution is missing from its contributor's index"
			);
			let expected = counters.entry(c.datanet).or_default();
			let stat = stats.entry(c.contributor.clone()).or_default();
			// Every record holds its deposit: review and storage while pending, storage after.
			contribution_holds
				.entry(c.contributor.clone())
				.or_default()
				.saturating_accrue(c.deposit);
			match c.status {
				ContributionStatus::Pending => {
					expected.pending.saturating_inc();
					expected.pending_deposits.saturating_accrue(c.deposit);
					stat.pending.saturating_inc();
				},
				ContributionStatus::Accepted { sequence } => {
					expected.accepted.saturating_inc();
					expected.accepted_bytes.saturating_accrue(c.size_bytes);
					stat.accepted.saturating_inc();
					stat.accepted_bytes.saturating_accrue(c.size_bytes);
					ensure!(
						AcceptedBySequence::<T>::get(c.datanet, sequence) == Some(id),
						"an accepted contribution is not at its sequence"
					);
					leaves.insert((c.datanet, sequence), c.content_hash);
				},
				ContributionStatus::Rejected { .. } => {
					expected.rejected.saturating_inc();
					stat.rejected.saturating_inc();
				},
			}
		}
		ensure!(
			ContentIndex::<T>::iter_keys().count() == indexed,
			"the content index names a contribution that does not exist"
		);
		ensure!(
			CommittedAt::<T>::iter_keys()
				.chain(WithdrawalsDue::<T>::iter_keys())
				.all(Contributions::<T>::contains_key),
			"a commitment block or a withdrawal request names no contribution"
		);
		ensure!(
			ContributionsOf::<T>::iter_keys().count() == contributions,
			"a contributor index names a contribution that does not exist"
		);
		ensure!(
			AcceptedBySequence::<T>::iter_keys().count() == leaves.len(),
			"a sequence names a contribution that is not accepted"
		);

		let mut datanet_holds = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let next_datanet = NextDatanetId::<T>::get();
		for (id, datanet) in Datanets::<T>::iter() {
			ensure!(id < next_datanet, "a Datanet id is not below NextDatanetId");
			let expected = counters.remove(&id).unwrap_or_default();
			let actual = datanet.counters;
			ensure!(
				(actual.pending, actual.pending_deposits) ==
					(expected.pending, expected.pending_deposits),
				"a Datanet's pending counters do not match its pending contributions"
			);
			// Every rejection counts; only spam stays on record.
			ensure!(
				(actual.accepted, actual.accepted_bytes) ==
					(expected.accepted, expected.accepted_bytes) &&
					actual.rejected >= expected.rejected,
				"a Datanet's review counters do not match its contributions"
			);

			// Versions: 1..=latest, the latest holding `published` contributions.
			ensure!(actual.published <= actual.accepted, "a version holds unaccepted data");
			ensure!(
				Versions::<T>::iter_key_prefix(id).count() == actual.latest_version as usize,
				"a Datanet's version numbers are not 1..=latest"
			);
			let latest_size =
				Versions::<T>::get(id, actual.latest_version).map_or(0, |v| v.contributions);
			ensure!(
				latest_size == actual.published,
				"the latest version is not the published count"
			);

			// The accumulator agrees with the accepted hashes in sequence order.
			let hashes: Vec<H256> = (0..actual.accepted)
				.map_while(|sequence| leaves.get(&(id, sequence)).copied())
				.collect();
			ensure!(hashes.len() as u64 == actual.accepted, "acceptance sequences have a gap");
			if datanet.status == DatanetStatus::Archived {
				ensure!(actual.pending == 0, "an archived Datanet has pending contributions");
				// Its frontier is gone; its latest version still proves what it published.
				ensure!(!Frontiers::<T>::contains_key(id), "an archived Datanet keeps a frontier");
				let published = hashes.get(..actual.published as usize).unwrap_or_default();
				ensure!(
					Versions::<T>::get(id, actual.latest_version)
						.is_none_or(|v| v.merkle_root == merkle::root_of(published)),
					"an archived Datanet's latest version does not match its contributions"
				);
			} else {
				ensure!(
					merkle::root(&Frontiers::<T>::get(id), actual.accepted) ==
						merkle::root_of(&hashes),
					"the Merkle frontier does not match the accepted contributions"
				);
			}
			datanet_holds
				.entry(datanet.depositor)
				.or_default()
				.saturating_accrue(datanet.deposit);
		}
		ensure!(counters.is_empty(), "a contribution belongs to no Datanet");

		ensure!(
			ContributorStatsOf::<T>::iter_keys().count() == stats.len() &&
				ContributorStatsOf::<T>::iter().all(|(who, s)| stats.get(&who) == Some(&s)),
			"contributor statistics do not match their contributions"
		);

		// Held deposits: exactly the contributions' and the Datanets'.
		for who in ContributorStatsOf::<T>::iter_keys() {
			let held = T::Currency::balance_on_hold(&HoldReason::ContributionDeposit.into(), &who);
			let expected = contribution_holds.get(&who).copied().unwrap_or_default();
			ensure!(held == expected, "a contribution deposit hold does not match");
		}
		for (who, expected) in datanet_holds {
			let held = T::Currency::balance_on_hold(&HoldReason::DatanetDeposit.into(), &who);
			ensure!(held == expected, "a Datanet deposit hold does not match");
		}
		let mut commitment_holds = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (who, _, commitment) in Commitments::<T>::iter() {
			commitment_holds.entry(who).or_default().saturating_accrue(commitment.deposit);
		}
		for (who, expected) in commitment_holds {
			let held = T::Currency::balance_on_hold(&HoldReason::CommitmentDeposit.into(), &who);
			ensure!(held == expected, "a commitment deposit hold does not match");
		}
		Ok(())
	}
}
