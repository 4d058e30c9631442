//! Requesting, settling and refunding inferences, and pruning old records.

use crate::{
	AttributionEntry, AttributionRecord, BalanceOf, Config, Error, Event, FeeSplitOf, HoldReason,
	NextInferenceId, Pallet, Payout, Pending, PendingInference, QueueBounds, Records,
	RecordsByModel, Settlement, SettlementQueue,
};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	ensure,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
	weights::{Weight, WeightMeter},
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	ContributionId, InferenceId, Lineage, ModelId, ModelVersion, ModelsInspect, RewardSource,
	RewardsCredit,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult, Perbill,
};

use crate::weights::WeightInfo;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_request(
		consumer: T::AccountId,
		model: ModelId,
		max_fee: BalanceOf<T>,
		request_hash: H256,
	) -> DispatchResult {
		let fee = T::Models::inference_fee(model).ok_or(Error::<T>::ModelUnavailable)?;
		let version = T::Models::latest_version(model).ok_or(Error::<T>::ModelUnavailable)?;
		ensure!(fee <= max_fee, Error::<T>::FeeAboveMax);
		let id = NextInferenceId::<T>::get();
		let next_id = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		if !fee.is_zero() {
			T::Currency::hold(&HoldReason::InferenceEscrow.into(), &consumer, fee)?;
		}

		Pending::<T>::insert(
			id,
			PendingInference {
				model,
				version,
				consumer: consumer.clone(),
				fee,
				request_hash,
				requested_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		NextInferenceId::<T>::put(next_id);
		Self::deposit_event(Event::InferenceRequested {
			inference: id,
			model,
			version,
			consumer,
			fee,
			request_hash,
		});
		Ok(())
	}

	/// The pending inference `id`, or why there is none.
	fn pending(id: InferenceId) -> Result<PendingInference<T>, DispatchError> {
		Pending::<T>::get(id).ok_or_else(|| {
			if Records::<T>::contains_key(id) {
				Error::<T>::AlreadySettled.into()
			} else {
				Error::<T>::UnknownInference.into()
			}
		})
	}

	/// Checks an attribution against `version` of `model` and returns each entry's
	/// contributor: entries unique, weights at most 100 % in total, every contribution inside
	/// the lineage. The lineage and each lookup are remembered in `ledger` for the rest of the
	/// batch.
	fn contributors(
		model: ModelId,
		version: ModelVersion,
		attribution: &[AttributionEntry],
		ledger: &mut Ledger<T>,
	) -> Result<Vec<T::AccountId>, DispatchError> {
		let mut total: u64 = 0;
		for (i, entry) in attribution.iter().enumerate() {
			ensure!(
				!attribution.iter().take(i).any(|e| e.contribution == entry.contribution),
				Error::<T>::DuplicateEntry
			);
			total.saturating_accrue(u64::from(entry.weight.deconstruct()));
		}
		ensure!(total <= u64::from(Perbill::one().deconstruct()), Error::<T>::WeightsOverOne);
		if attribution.is_empty() {
			return Ok(Vec::new());
		}
		ledger.entries.saturating_accrue(attribution.len() as u32);
		let lineage = ledger
			.lineages
			.entry((model, version))
			.or_insert_with(|| T::Models::lineage(model, version).unwrap_or_default());
		attribution
			.iter()
			.map(|entry| {
				let key = (model, version, entry.contribution);
				if let Some(known) = ledger.lookups.get(&key) {
					return Ok(known.clone());
				}
				let contributor = T::Models::contributor_in(lineage, entry.contribution)
					.ok_or(Error::<T>::OutsideLineage)?;
				ledger.lookups.insert(key, contributor.clone());
				Ok(contributor)
			})
			.collect()
	}

	/// Settles every one of `settlements`, or none: each is checked and recorded, its fee
	/// moved from the consumer's escrow, and what it owes gathered so that every account is
	/// credited once for the whole batch. Returns the weight that `pre` over-charged: database
	/// accesses that the batch repeated (a contribution looked up again, an account credited
	/// again) cost nothing more.
	pub(crate) fn do_settle_all(
		provider: &T::AccountId,
		settlements: impl IntoIterator<Item = Settlement<T>>,
	) -> Result<Weight, DispatchError> {
		let mut ledger = Ledger::<T>::default();
		for settlement in settlements {
			Self::do_settle(provider, settlement, &mut ledger)?;
		}
		ledger.apply()
	}

	fn do_settle(
		provider: &T::AccountId,
		settlement: Settlement<T>,
		ledger: &mut Ledger<T>,
	) -> DispatchResult {
		let Settlement { inference, output_hash, attribution } = settlement;
		let pending = Self::pending(inference)?;
		ensure!(T::Models::is_provider(pending.model, provider), Error::<T>::NotProvider);
		let contributors =
			Self::contributors(pending.model, pending.version, &attribution, ledger)?;
		let owner = T::Models::owner(pending.model).ok_or(Error::<T>::ModelUnavailable)?;

		// Every share is rounded down; the pool takes what is left, so the parts sum to the fee.
		let split = FeeSplitOf::<T>::get();
		let fee = pending.fee;
		let data_fee = split.data.mul_floor(fee);
		let data_shares: Vec<BalanceOf<T>> =
			attribution.iter().map(|entry| entry.weight.mul_floor(data_fee)).collect();
		let mut payout = Payout {
			data: data_shares
				.iter()
				.fold(Zero::zero(), |sum: BalanceOf<T>, s| sum.saturating_add(*s)),
			model: split.model.mul_floor(fee),
			provider: split.provider.mul_floor(fee),
			pool: Zero::zero(),
		};
		let credited = payout.data.saturating_add(payout.model).saturating_add(payout.provider);
		payout.pool = fee.saturating_sub(credited);

		// The whole fee goes to the pot; the pool's part leaves it once per batch.
		if !fee.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::InferenceEscrow.into(),
				&pending.consumer,
				&T::Rewards::pot(),
				fee,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		ledger.owe(owner, payout.model, RewardSource::Model);
		ledger.owe(provider.clone(), payout.provider, RewardSource::Provider);
		for (contributor, share) in contributors.into_iter().zip(data_shares) {
			ledger.owe(contributor, share, RewardSource::Data);
		}
		ledger.to_pool.saturating_accrue(payout.pool);
		ledger.fees.saturating_accrue(fee);
		ledger.settlements.saturating_inc();

		let record = AttributionRecord {
			model: pending.model,
			version: pending.version,
			consumer: pending.consumer,
			provider: provider.clone(),
			fee,
			request_hash: pending.request_hash,
			output_hash,
			attribution,
			payout,
			settled_at: frame_system::Pallet::<T>::block_number(),
		};
		Pending::<T>::remove(inference);
		Records::<T>::insert(inference, record.clone());
		RecordsByModel::<T>::insert(record.model, inference, ());
		let (head, tail) = QueueBounds::<T>::get();
		SettlementQueue::<T>::insert(tail, inference);
		QueueBounds::<T>::put((head, tail.saturating_add(1)));
		Self::deposit_event(Event::InferenceSettled { inference, record });
		Ok(())
	}

	pub(crate) fn do_refund(consumer: T::AccountId, id: InferenceId) -> DispatchResult {
		let pending = Self::pending(id)?;
		ensure!(pending.consumer == consumer, Error::<T>::NotConsumer);
		let due = pending.requested_at.saturating_add(T::RefundTimeout::get());
		ensure!(frame_system::Pallet::<T>::block_number() >= due, Error::<T>::TooEarly);
		if !pending.fee.is_zero() {
			T::Currency::release(
				&HoldReason::InferenceEscrow.into(),
				&consumer,
				pending.fee,
				Precision::Exact,
			)?;
		}

		Pending::<T>::remove(id);
		Self::deposit_event(Event::InferenceRefunded { inference: id, consumer, fee: pending.fee });
		Ok(())
	}

	/// The weight of settling `n` inferences in one call with `entries` attribution entries
	/// in all, before refunds: [`WeightInfo::settle_batch`] prices the settlements (each for a
	/// model of its own), [`WeightInfo::settle_inference`]'s slope each entry (a lookup and a
	/// credit to a contributor of its own).
	pub fn settle_batch_weight(n: u32, entries: u32) -> Weight {
		let per_entry = T::WeightInfo::settle_inference(entries)
			.saturating_sub(T::WeightInfo::settle_inference(0));
		T::WeightInfo::settle_batch(n).saturating_add(per_entry)
	}

	/// What an entry's lineage lookup and its credit cost, from the slopes of three
	/// benchmarks of one call that differ only in what the entries repeat:
	/// `settle_inference`'s entries each look up a contribution and credit a contributor,
	/// `settle_shared_contributor`'s look up a contribution and credit one they share, and
	/// `settle_repeated`'s do neither (the batch did both before).
	pub fn entry_costs() -> EntryCosts {
		let slope = |at: fn(u32) -> Weight| at(1).saturating_sub(at(0));
		let new_entry = slope(T::WeightInfo::settle_inference);
		let new_lookup = slope(T::WeightInfo::settle_shared_contributor);
		let repeated_entry = slope(T::WeightInfo::settle_repeated);
		EntryCosts {
			lookup: new_lookup.saturating_sub(repeated_entry),
			credit: new_entry.saturating_sub(new_lookup),
		}
	}

	/// Removes records older than the retention period, oldest first, while `remaining`
	/// weight lasts. Reading the queue's bounds costs one read; each step costs one benchmarked
	/// `prune_record`, including the last one that finds the oldest record still fresh.
	pub(crate) fn prune_expired(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(remaining);
		if meter.try_consume(T::DbWeight::get().reads(1)).is_err() {
			return meter.consumed();
		}
		let step = T::WeightInfo::prune_record();
		let (mut head, tail) = QueueBounds::<T>::get();
		let mut pruned = 0u32;
		while head < tail && meter.try_consume(step).is_ok() {
			if let Some(id) = SettlementQueue::<T>::get(head) {
				let record = Records::<T>::get(id);
				let expired = record
					.as_ref()
					.is_none_or(|r| r.settled_at.saturating_add(T::RetentionPeriod::get()) <= now);
				if !expired {
					break;
				}
				if let Some(record) = record {
					Records::<T>::remove(id);
					RecordsByModel::<T>::remove(record.model, id);
				}
				SettlementQueue::<T>::remove(head);
			}
			head.saturating_inc();
			pruned.saturating_inc();
		}
		if pruned > 0 {
			QueueBounds::<T>::put((head, tail));
			Self::deposit_event(Event::RecordsPruned { count: pruned });
		}
		meter.consumed()
	}
}

/// The parts of an attribution entry's weight that a batch does not repeat.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct EntryCosts {
	/// Reading the contribution and checking it against the lineage.
	pub lookup: Weight,
	/// Crediting the contributor.
	pub credit: Weight,
}

/// What a batch of settlements owes, gathered so that each account is credited once.
pub(crate) struct Ledger<T: Config> {
	credits: BTreeMap<(T::AccountId, RewardSource), BalanceOf<T>>,
	/// The lineages of the model versions settled so far.
	lineages: BTreeMap<(ModelId, ModelVersion), Lineage>,
	/// Lineage lookups made so far: (model, version, contribution) to its contributor.
	lookups: BTreeMap<(ModelId, ModelVersion, ContributionId), T::AccountId>,
	to_pool: BalanceOf<T>,
	fees: BalanceOf<T>,
	entries: u32,
	settlements: u32,
}

impl<T: Config> Default for Ledger<T> {
	fn default() -> Self {
		Ledger {
			credits: BTreeMap::new(),
			lineages: BTreeMap::new(),
			lookups: BTreeMap::new(),
			to_pool: Zero::zero(),
			fees: Zero::zero(),
			entries: 0,
			settlements: 0,
		}
	}
}

impl<T: Config> Ledger<T> {
	fn owe(&mut self, who: T::AccountId, amount: BalanceOf<T>, source: RewardSource) {
		if !amount.is_zero() {
			self.credits
				.entry((who, source))
				.or_insert_with(Zero::zero)
				.saturating_accrue(amount);
		}
	}

	/// Pays the pool its part, credits every account once, and returns the weight saved
	/// against the worst case (every entry a contribution and a contributor of its own, every
	/// settlement a model owner of its own): a repeated lookup and a repeated credit cost
	/// nothing, see [`Pallet::entry_costs`].
	fn apply(self) -> Result<Weight, DispatchError> {
		if !self.to_pool.is_zero() {
			T::Currency::transfer(
				&T::Rewards::pot(),
				&T::RewardsPool::get(),
				self.to_pool,
				Preservation::Preserve,
			)?;
		}
		let worst_credits = self.entries.saturating_add(self.settlements).saturating_add(1);
		let credits = self.credits.len() as u32;
		for ((who, source), amount) in self.credits {
			T::Rewards::credit(&who, amount, source)?;
		}
		T::Rewards::note_fees_settled(self.fees);
		let repeated_lookups = self.entries.saturating_sub(self.lookups.len() as u32);
		let repeated_credits = worst_credits.saturating_sub(credits);
		let EntryCosts { lookup, credit } = Pallet::<T>::entry_costs();
		Ok(lookup
			.saturating_mul(repeated_lookups.into())
			.saturating_add(credit.saturating_mul(repeated_credits.into())))
	}
}
