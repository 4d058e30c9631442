//! Settling inferences: checking each attribution, dividing each fee, and recording both.
//!
//! A call's reads go through [`ChainReads`] and what it owes through [`Credits`], so that a
//! batch reads each fact and credits each account once; [`SettlementWork`] counts both for
//! the call's price.

use crate::{
	credits::Credits, reads::ChainReads, AttributionEntry, AttributionRecord, ChallengeableRecord,
	Config, Error, Event, FeeSplit, FeeSplitOf, Inference, Inferences, OutputDisclosure, Pallet,
	Payout, PendingInference, QueueBounds, QueuedSettlements, RecordsByModel, Settlement,
	SettlementQueue, SettlementWork,
};
use frame_support::{ensure, BoundedVec};
use openledger_primitives::{ProviderBonds, RewardSource};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult, Perbill,
};

impl<T: Config> Pallet<T> {
	/// Settles every one of `settlements` for `provider`, or none: each is checked and
	/// recorded, its fee moved from the consumer's escrow, and what it owes gathered so that
	/// every account is credited once for the whole call. The call takes one place in the
	/// settlement queue. Returns what it did, to price it.
	pub(crate) fn do_settle_batch(
		provider: &T::AccountId,
		settlements: BoundedVec<Settlement<T>, T::MaxBatch>,
	) -> Result<SettlementWork, DispatchError> {
		ensure!(T::Bonds::is_bonded(provider), Error::<T>::NotBonded);
		// As many ids as settlements, under the same bound: nothing is truncated.
		let inferences =
			BoundedVec::truncate_from(settlements.iter().map(|s| s.inference).collect());
		let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
		let (settled, entries) = (
			count(settlements.len()),
			count(settlements.iter().map(|s| s.attribution.len()).sum()),
		);
		let split = FeeSplitOf::<T>::get();
		let mut reads = ChainReads::<T>::new(provider.clone());
		let mut credits = Credits::<T>::default();
		for settlement in settlements {
			Self::settle_one(settlement, &split, &mut reads, &mut credits)?;
		}
		if !inferences.is_empty() {
			let (head, tail) = QueueBounds::<T>::get();
			let settled_at = frame_system::Pallet::<T>::block_number();
			SettlementQueue::<T>::insert(tail, QueuedSettlements { settled_at, inferences });
			QueueBounds::<T>::put((head, tail.saturating_add(1)));
		}
		let read = reads.counts();
		let done = SettlementWork {
			settlements: settled,
			models: read.models,
			lineages: read.lineages,
			version_sizes: read.version_sizes,
			contributions: read.contributions,
			entries,
			credits: credits.accounts(),
			matured: 0,
		};
		Ok(SettlementWork { matured: credits.pay()?, ..done })
	}

	/// Settles one inference: its record is written and its fee moved to the rewards pot;
	/// what it owes is added to `credits`.
	fn settle_one(
		settlement: Settlement<T>,
		split: &FeeSplit,
		reads: &mut ChainReads<T>,
		credits: &mut Credits<T>,
	) -> DispatchResult {
		let Settlement { inference, output_hash, attribution } = settlement;
		let (pending, private) = Self::pending(inference)?;
		let payout = Self::share_out(&pending, &attribution, split, reads, credits)?;
		let disclosure = if private {
			OutputDisclosure::Private
		} else {
			OutputDisclosure::Published(Self::output_uri(reads.output_base()?, inference))
		};
		// Read once for the call: `share_out` read it.
		let owner = reads.owner(pending.model)?;
		let record = AttributionRecord {
			model: pending.model,
			version: pending.version,
			consumer: pending.consumer,
			provider: reads.provider().clone(),
			fee: pending.fee,
			request_hash: pending.request_hash,
			output_hash,
			attribution,
			payout,
			settled_at: frame_system::Pallet::<T>::block_number(),
		};
		let settled = ChallengeableRecord {
			record: record.clone(),
			owner,
			split: *split,
			voided: false,
			challenges: 0,
			open: 0,
			withheld: Zero::zero(),
			disclosure: disclosure.clone(),
		};
		Inferences::<T>::insert(inference, Inference::Challengeable(settled));
		RecordsByModel::<T>::insert(record.model, inference, ());
		Self::deposit_event(Event::InferenceSettled { inference, record, disclosure });
		Ok(())
	}

	/// Checks `attribution` of `pending` (its form, and every contribution inside the lineage
	/// of the model version that served it), divides the fee by `split` and owes each party its
	/// part. Returns the division.
	pub(crate) fn share_out(
		pending: &PendingInference<T>,
		attribution: &[AttributionEntry],
		split: &FeeSplit,
		reads: &mut ChainReads<T>,
		credits: &mut Credits<T>,
	) -> Result<Payout<crate::BalanceOf<T>>, DispatchError> {
		let owner = reads.owner(pending.model)?;
		check_form::<T>(attribution)?;
		let contributors = reads.contributors(pending.model, pending.version, attribution)?;
		let (payout, data_shares) =
			Payout::divide(pending.fee, split, attribution.iter().map(|entry| entry.share));
		let none = Zero::zero();
		credits.owe(owner, RewardSource::Model, payout.model, none);
		credits.owe(reads.provider().clone(), RewardSource::Provider, payout.provider, none);
		// A contributor's score is the part of the fee's pool share that its entry stands for:
		// the emission repays less than that (`pallet_rewards::Config::MaxEmissionRate`).
		let pool_share = split.pool.mul_floor(pending.fee);
		for ((contributor, amount), entry) in
			contributors.into_iter().zip(data_shares).zip(attribution)
		{
			let score = entry.share.mul_floor(pool_share);
			credits.owe(contributor, RewardSource::Data, amount, score);
		}
		credits.owe_pool(payout.pool);
		credits.count_fee(pending.fee);
		Ok(payout)
	}
}

/// An attribution's form: no contribution named twice, shares summing to at most 100 %.
fn check_form<T: Config>(attribution: &[AttributionEntry]) -> DispatchResult {
	let mut total: u64 = 0;
	for (i, entry) in attribution.iter().enumerate() {
		ensure!(
			!attribution.iter().take(i).any(|e| e.contribution == entry.contribution),
			Error::<T>::DuplicateEntry
		);
		total.saturating_accrue(u64::from(entry.share.deconstruct()));
	}
	ensure!(total <= u64::from(Perbill::one().deconstruct()), Error::<T>::SharesOverOne);
	Ok(())
}
