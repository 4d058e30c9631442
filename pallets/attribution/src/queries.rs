//! Reads for the `AttributionApi` runtime API. None of them is used by extrinsics.

use crate::{
	AttributionRecord, Challenges, Config, DataCredit, FeeSplit, FeeSplitOf, Inference,
	InferenceOutcome, Inferences, OpenChallenge, OutputDisclosure, Pallet, Payout,
	PendingInference, RecordPage, RecordStanding, RecordsByModel,
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	take_page, DatanetsInspect, InferenceId, ModelId, ModelsInspect, RewardsCredit,
};

impl<T: Config> Pallet<T> {
	/// The attribution record of a settled inference, while it is retained.
	pub fn record(id: InferenceId) -> Option<AttributionRecord<T>> {
		Inferences::<T>::get(id).and_then(|inference| inference.record().cloned())
	}

	/// Where a settled inference's record stands with challenges: when its credits mature,
	/// whether it was voided, and its open challenges. `None` for a record settled before
	/// challenges existed (spec 110), and for an inference that is not settled or was pruned.
	pub fn standing(id: InferenceId) -> Option<RecordStanding<BlockNumberFor<T>>> {
		let Some(Inference::Challengeable(settled)) = Inferences::<T>::get(id) else {
			return None;
		};
		let mut open = Challenges::<T>::iter_prefix(id)
			.map(|(number, challenge)| OpenChallenge {
				number,
				contribution: challenge.contribution,
				dispute: challenge.dispute,
				respond_by: challenge.respond_by,
			})
			.collect::<alloc::vec::Vec<_>>();
		// Stored in the order of their keys' hashes.
		open.sort_unstable_by_key(|challenge| challenge.number);
		Some(RecordStanding {
			matures_at: T::Rewards::matures_at(settled.record.settled_at),
			voided: settled.voided,
			challenges: settled.challenges,
			open,
		})
	}

	/// How inference `id`'s output is disclosed: for a settled record, the URI it is published
	/// at, or that its consumer asked for privacy, or that it was settled before outputs were
	/// published; for a pending request, `Private` if its consumer asked for privacy (a public
	/// one's URI is fixed when it is settled: `None`). `None` too for an unknown or pruned one.
	pub fn disclosure(id: InferenceId) -> Option<OutputDisclosure<alloc::vec::Vec<u8>>> {
		match Inferences::<T>::get(id)? {
			Inference::Challengeable(settled) => Some(match settled.disclosure {
				OutputDisclosure::Unstated => OutputDisclosure::Unstated,
				OutputDisclosure::Published(uri) => OutputDisclosure::Published(uri.into_inner()),
				OutputDisclosure::Private => OutputDisclosure::Private,
			}),
			Inference::Settled(_) => Some(OutputDisclosure::Unstated),
			Inference::PendingPrivate(_) => Some(OutputDisclosure::Private),
			Inference::Pending(_) | Inference::PendingHeld(_) => None,
		}
	}

	/// An inference paid for and not yet settled.
	pub fn pending_inference(id: InferenceId) -> Option<PendingInference<T>> {
		Inferences::<T>::get(id).and_then(Inference::pending)
	}

	/// A page of the retained records of `model`, in storage order. Start with
	/// `cursor = None`; pass the returned `next_cursor` to get the next page.
	pub fn records_of_model(
		model: ModelId,
		cursor: Option<InferenceId>,
		limit: u32,
	) -> RecordPage<AttributionRecord<T>> {
		let ids = match cursor {
			Some(after) => RecordsByModel::<T>::iter_key_prefix_from(
				model,
				RecordsByModel::<T>::hashed_key_for(model, after),
			),
			None => RecordsByModel::<T>::iter_key_prefix(model),
		};
		let (ids, next_cursor) = take_page(ids, limit);
		let items = ids.into_iter().filter_map(|id| Self::record(id).map(|r| (id, r))).collect();
		RecordPage { items, next_cursor }
	}

	/// Where inference `id`'s fee went: waiting in escrow, or divided among the model's owner,
	/// the provider, the contributions credited and the pool. `None` for an unknown, refunded or
	/// pruned inference. A record settled before spec 110 kept no split: its credits are shown
	/// as the split in force now divides them.
	pub fn outcome(id: InferenceId) -> Option<InferenceOutcome<T::AccountId, crate::BalanceOf<T>>> {
		let (record, owner, split, voided) = match Inferences::<T>::get(id)? {
			Inference::Pending(_) | Inference::PendingPrivate(_) | Inference::PendingHeld(_) =>
				return Some(InferenceOutcome::Pending),
			Inference::Settled(record) => {
				let owner = T::Models::owner(record.model);
				(record, owner, FeeSplitOf::<T>::get(), false)
			},
			Inference::Challengeable(settled) =>
				(settled.record, Some(settled.owner), settled.split, settled.voided),
		};
		let (_, amounts) =
			Payout::divide(record.fee, &split, record.attribution.iter().map(|e| e.share));
		let credits = record
			.attribution
			.iter()
			.zip(amounts)
			.map(|(entry, amount)| DataCredit {
				contribution: entry.contribution,
				contributor: T::Datanets::accepted_contribution(entry.contribution)
					.map(|c| c.contributor),
				amount,
			})
			.collect();
		Some(InferenceOutcome::Settled {
			provider: record.provider,
			model_owner: owner,
			payout: record.payout,
			credits,
			voided,
		})
	}

	/// How inference fees are divided now.
	pub fn fee_split() -> FeeSplit {
		FeeSplitOf::<T>::get()
	}
}
