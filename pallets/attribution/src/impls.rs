//! Requesting, settling and refunding inferences, and pruning old records.

use crate::{
	AttributionEntry, AttributionRecord, BalanceOf, Config, Error, Event, ExpiryCursor, FeeSplitOf,
	HoldReason, Inference, Inferences, NextInferenceId, Pallet, Payout, PendingInference,
	QueueBounds, QueuedSettlements, RecordsByModel, Settlement, SettlementQueue,
};
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use frame_support::{
	ensure,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
	weights::{Weight, WeightMeter},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	AcceptedContribution, ContributionId, DatanetId, InferenceId, Lineage, ModelId, ModelVersion,
	ModelsInspect, RewardSource, RewardsCredit, VersionNumber,
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
		let fee = T::Models::inference_fee(model)
			.ok_or(Error::<T>::ModelUnavailable)?
			.max(T::MinInferenceFee::get());
		let version = T::Models::latest_version(model).ok_or(Error::<T>::ModelUnavailable)?;
		ensure!(fee <= max_fee, Error::<T>::FeeAboveMax);
		let id = NextInferenceId::<T>::get();
		let next_id = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		if !fee.is_zero() {
			T::Currency::hold(&HoldReason::InferenceEscrow.into(), &consumer, fee)?;
		}

		Inferences::<T>::insert(
			id,
			Inference::Pending(PendingInference {
				model,
				version,
				consumer: consumer.clone(),
				fee,
				request_hash,
				requested_at: frame_system::Pallet::<T>::block_number(),
			}),
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
		match Inferences::<T>::get(id) {
			Some(Inference::Pending(pending)) => Ok(pending),
			Some(Inference::Settled(_)) => Err(Error::<T>::AlreadySettled.into()),
			None => Err(Error::<T>::UnknownInference.into()),
		}
	}

	/// The owner of `model`, if `provider` serves it: read once a batch (whose provider is
	/// its caller) and remembered in `ledger`.
	fn owner_served_by(
		model: ModelId,
		provider: &T::AccountId,
		ledger: &mut Ledger<T>,
	) -> Result<T::AccountId, DispatchError> {
		if let Some(owner) = ledger.owners.get(&model) {
			return Ok(owner.clone());
		}
		ensure!(T::Models::is_provider(model, provider), Error::<T>::NotProvider);
		let owner = T::Models::owner(model).ok_or(Error::<T>::ModelUnavailable)?;
		ledger.owners.insert(model, owner.clone());
		Ok(owner)
	}

	/// Checks an attribution against `version` of `model` and returns each entry's
	/// contributor: entries unique, weights at most 100 % in total, every contribution inside
	/// the lineage. The lineage and each contribution are read once a batch and remembered in
	/// `ledger`.
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
		let lineage = ledger
			.lineages
			.entry((model, version))
			.or_insert_with(|| T::Models::lineage(model, version).unwrap_or_default());
		attribution
			.iter()
			.map(|entry| {
				let accepted = match ledger.contributions.get(&entry.contribution) {
					Some(known) => known,
					None => {
						let read = T::Models::accepted_contribution(entry.contribution)
							.ok_or(Error::<T>::OutsideLineage)?;
						ledger.contributions.entry(entry.contribution).or_insert(read)
					},
				};
				let sizes = &mut ledger.sizes;
				let inside = lineage.holds(accepted, |datanet, version| {
					*sizes
						.entry((datanet, version))
						.or_insert_with(|| T::Models::version_size(datanet, version))
				});
				ensure!(inside, Error::<T>::OutsideLineage);
				Ok(accepted.contributor.clone())
			})
			.collect()
	}

	/// Settles every one of `settlements`, or none: each is checked and recorded, its fee
	/// moved from the consumer's escrow, and what it owes gathered so that every account is
	/// credited once for the whole batch. The batch takes one place in the settlement queue.
	/// Returns the weight charged up front and not used (a model or an account the batch
	/// repeated, lineage reads not made), and how many contributions the batch named.
	pub(crate) fn do_settle_all(
		provider: &T::AccountId,
		settlements: BoundedVec<Settlement<T>, T::MaxBatch>,
	) -> Result<Settled, DispatchError> {
		// As many ids as settlements, under the same bound: nothing is truncated.
		let inferences =
			BoundedVec::truncate_from(settlements.iter().map(|s| s.inference).collect());
		let mut ledger = Ledger::<T>::default();
		for settlement in settlements {
			Self::do_settle(provider, settlement, &mut ledger)?;
		}
		if !inferences.is_empty() {
			let (head, tail) = QueueBounds::<T>::get();
			let settled_at = frame_system::Pallet::<T>::block_number();
			SettlementQueue::<T>::insert(tail, QueuedSettlements { settled_at, inferences });
			QueueBounds::<T>::put((head, tail.saturating_add(1)));
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
		let owner = Self::owner_served_by(pending.model, provider, ledger)?;
		let contributors =
			Self::contributors(pending.model, pending.version, &attribution, ledger)?;

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
		Inferences::<T>::insert(inference, Inference::Settled(record.clone()));
		RecordsByModel::<T>::insert(record.model, inference, ());
		Self::deposit_event(Event::InferenceSettled { inference, record });
		Ok(())
	}

	pub(crate) fn do_refund(consumer: T::AccountId, id: InferenceId) -> DispatchResult {
		let pending = Self::pending(id)?;
		ensure!(pending.consumer == consumer, Error::<T>::NotConsumer);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(Self::waited(&pending, T::RefundTimeout::get(), now), Error::<T>::TooEarly);
		Self::refund_pending(id, pending)
	}

	/// Whether `pending` has waited `period` at block `now`.
	fn waited(
		pending: &PendingInference<T>,
		period: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) -> bool {
		now >= pending.requested_at.saturating_add(period)
	}

	/// Returns pending inference `id`'s fee to its consumer and forgets it.
	fn refund_pending(id: InferenceId, pending: PendingInference<T>) -> DispatchResult {
		if !pending.fee.is_zero() {
			T::Currency::release(
				&HoldReason::InferenceEscrow.into(),
				&pending.consumer,
				pending.fee,
				Precision::Exact,
			)?;
		}
		Inferences::<T>::remove(id);
		Self::deposit_event(Event::InferenceRefunded {
			inference: id,
			consumer: pending.consumer,
			fee: pending.fee,
		});
		Ok(())
	}

	/// Moves [`ExpiryCursor`] on within `remaining` weight: past inferences settled, refunded
	/// or pruned, refunding those still pending past [`Config::RequestLifetime`]; it stops at the
	/// first pending one still in time, or at the next id. Returns the weight used.
	pub(crate) fn refund_expired(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(remaining);
		let (read, write) = (T::DbWeight::get().reads(1), T::DbWeight::get().writes(1));
		// The cursor and the next id are read, and the cursor written, once.
		if meter.try_consume(read.saturating_mul(2).saturating_add(write)).is_err() {
			return Weight::zero();
		}
		let (start, end) = (ExpiryCursor::<T>::get(), NextInferenceId::<T>::get());
		let (mut cursor, lifetime) = (start, T::RequestLifetime::get());
		// Each step reads one inference, and refunds it at `refund`'s weight if it is due.
		while cursor < end && meter.can_consume(T::WeightInfo::refund().max(read)) {
			match Inferences::<T>::get(cursor) {
				Some(Inference::Pending(pending)) => {
					if !Self::waited(&pending, lifetime, now) {
						meter.consume(read);
						break;
					}
					meter.consume(T::WeightInfo::refund());
					// Releasing what this pallet held cannot fail; if it ever did, the request
					// stays (the cursor waits on it) and the consumer can ask with `refund`.
					let refunded = frame_support::storage::with_storage_layer(|| {
						Self::refund_pending(cursor, pending)
					});
					if refunded.is_err() {
						frame_support::defensive!("a pending inference's escrow is held");
						break;
					}
				},
				_ => meter.consume(read),
			}
			cursor.saturating_inc();
		}
		if cursor != start {
			ExpiryCursor::<T>::put(cursor);
		}
		meter.consumed()
	}

	/// The weight of settling `settlements` in one call, before refunds:
	/// [`WeightInfo::settle_batch`] prices the settlements (each for a model of its own); the
	/// first entry naming a contribution is priced as a new one (read, and credited to a
	/// contributor of its own), every further entry naming it as a repeat; and the lineage
	/// reads at their worst ([`Self::lineage_reads`]).
	pub fn settle_batch_weight(settlements: &[Settlement<T>]) -> Weight {
		let distinct = settlements
			.iter()
			.flat_map(|s| s.attribution.iter().map(|e| e.contribution))
			.collect::<BTreeSet<_>>()
			.len() as u64;
		Self::batch_weight(settlements.len() as u32, Self::entries(settlements), distinct)
	}

	/// The attribution entries of `settlements`.
	pub(crate) fn entries(settlements: &[Settlement<T>]) -> u64 {
		settlements.iter().map(|s| s.attribution.len() as u64).sum()
	}

	/// [`Self::settle_batch_weight`] of `settlements` settlements with `entries` entries naming
	/// `distinct` contributions.
	pub(crate) fn batch_weight(settlements: u32, entries: u64, distinct: u64) -> Weight {
		let costs = Self::settlement_costs();
		T::WeightInfo::settle_batch(settlements)
			.saturating_add(costs.new_entry.saturating_mul(distinct))
			.saturating_add(costs.repeated_entry.saturating_mul(entries.saturating_sub(distinct)))
			.saturating_add(Self::lineage_reads(settlements.into(), distinct))
	}

	/// The weight of settling one inference with `entries` attribution entries, before
	/// refunds: [`WeightInfo::settle_inference`] and the lineage reads at their worst.
	pub fn settle_inference_weight(entries: u32) -> Weight {
		T::WeightInfo::settle_inference(entries)
			.saturating_add(Self::lineage_reads(1, entries.into()))
	}

	/// The lineage reads of `settlements` settlements naming `contributions` contributions, at
	/// their worst, which the benchmarks (one model trained on one Datanet version) do not
	/// reach: a model version and its base version for each settlement, and for each
	/// contribution the size of its Datanet's version in each. A call refunds those it did not
	/// make.
	pub fn lineage_reads(settlements: u64, contributions: u64) -> Weight {
		T::DbWeight::get().reads(settlements.saturating_add(contributions).saturating_mul(2))
	}

	/// What the parts of a settlement cost, from the slopes of benchmarks of one call that
	/// differ only in what is shared. Entries: `settle_inference`'s each read a contribution
	/// and credit a contributor of its own, `settle_shared_contributor`'s read a contribution
	/// and credit one contributor they share, and `settle_repeated`'s later settlements name
	/// contributions the batch has read and credited already. Settlements: `settle_batch`'s are
	/// each for a model of its own, `settle_batch_one_model`'s all for one model, whose owner is
	/// credited once.
	pub fn settlement_costs() -> SettlementCosts {
		let slope = |at: fn(u32) -> Weight| at(2).saturating_sub(at(1));
		let new_entry = slope(T::WeightInfo::settle_inference);
		let credit = new_entry.saturating_sub(slope(T::WeightInfo::settle_shared_contributor));
		let model = slope(T::WeightInfo::settle_batch)
			.saturating_sub(slope(T::WeightInfo::settle_batch_one_model))
			.saturating_sub(credit);
		// `settle_repeated`'s slope is `MaxBatch - 1` repeats.
		let repeats = u64::from(T::MaxBatch::get().saturating_sub(1)).max(1);
		let repeated_entry = slope(T::WeightInfo::settle_repeated).saturating_div(repeats);
		SettlementCosts { new_entry, repeated_entry, credit, model }
	}

	/// Removes records older than the retention period, oldest first, a queue entry (the
	/// inferences one call settled) at a time, while `remaining` weight lasts. Reading the
	/// queue's bounds costs one read; an entry of `n` records costs a benchmarked
	/// `prune_settlements(n)`, and one found still fresh, which ends the pass, is charged as
	/// an entry of one. Each entry is started only with room for the largest.
	pub(crate) fn prune_expired(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(remaining);
		if meter.try_consume(T::DbWeight::get().reads(1)).is_err() {
			return meter.consumed();
		}
		let largest = T::WeightInfo::prune_settlements(T::MaxBatch::get());
		let (start, tail) = QueueBounds::<T>::get();
		let mut head = start;
		let mut pruned = 0u32;
		while head < tail && meter.can_consume(largest) {
			if let Some(entry) = SettlementQueue::<T>::get(head) {
				if entry.settled_at.saturating_add(T::RetentionPeriod::get()) > now {
					meter.consume(T::WeightInfo::prune_settlements(1));
					break;
				}
				for id in &entry.inferences {
					if let Some(Inference::Settled(record)) = Inferences::<T>::get(id) {
						Inferences::<T>::remove(id);
						RecordsByModel::<T>::remove(record.model, id);
					}
				}
				SettlementQueue::<T>::remove(head);
				let count = entry.inferences.len() as u32;
				meter.consume(T::WeightInfo::prune_settlements(count));
				pruned.saturating_accrue(count);
			}
			head.saturating_inc();
		}
		if head != start {
			QueueBounds::<T>::put((head, tail));
		}
		if pruned > 0 {
			Self::deposit_event(Event::RecordsPruned { count: pruned });
		}
		meter.consumed()
	}
}

/// What attribution entries cost.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SettlementCosts {
	/// An entry naming a contribution for the first time in its call.
	pub new_entry: Weight,
	/// An entry naming a contribution an earlier entry of the call named.
	pub repeated_entry: Weight,
	/// The part of a new entry that credits its contributor, which a call does once for
	/// each account it owes.
	pub credit: Weight,
	/// The part of a settlement that reads its model (its owner, whether the caller serves
	/// it), which a call does once for each model.
	pub model: Weight,
}

/// What settling a batch saved against its charged weight, and what the charge depends on.
pub(crate) struct Settled {
	/// The weight charged up front and not used.
	pub saved: Weight,
	/// The distinct contributions the batch named.
	pub contributions: u64,
}

/// What a batch of settlements owes, gathered so that each account is credited once.
pub(crate) struct Ledger<T: Config> {
	credits: BTreeMap<(T::AccountId, RewardSource), BalanceOf<T>>,
	/// The lineages of the model versions settled so far.
	lineages: BTreeMap<(ModelId, ModelVersion), Lineage>,
	/// The sizes of the Datanet versions looked up so far.
	sizes: BTreeMap<(DatanetId, VersionNumber), Option<u64>>,
	/// The models settled so far, with their owners.
	owners: BTreeMap<ModelId, T::AccountId>,
	/// The accepted contributions read so far.
	contributions: BTreeMap<ContributionId, AcceptedContribution<T::AccountId>>,
	to_pool: BalanceOf<T>,
	fees: BalanceOf<T>,
	settlements: u32,
}

impl<T: Config> Default for Ledger<T> {
	fn default() -> Self {
		Ledger {
			credits: BTreeMap::new(),
			owners: BTreeMap::new(),
			lineages: BTreeMap::new(),
			sizes: BTreeMap::new(),
			contributions: BTreeMap::new(),
			to_pool: Zero::zero(),
			fees: Zero::zero(),
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
	/// against the weight charged, which read a model for every settlement and credited every
	/// contribution's contributor, every settlement's model owner and the provider as accounts
	/// of their own.
	fn apply(self) -> Result<Settled, DispatchError> {
		let contributions = self.contributions.len() as u64;
		if !self.to_pool.is_zero() {
			T::Currency::transfer(
				&T::Rewards::pot(),
				&T::RewardsPool::get(),
				self.to_pool,
				Preservation::Preserve,
			)?;
		}
		let charged_credits = (self.contributions.len() as u32)
			.saturating_add(self.settlements)
			.saturating_add(1);
		let repeated_credits = charged_credits.saturating_sub(self.credits.len() as u32);
		for ((who, source), amount) in self.credits {
			T::Rewards::credit(&who, amount, source)?;
		}
		T::Rewards::note_fees_settled(self.fees);
		let repeated_models = self.settlements.saturating_sub(self.owners.len() as u32);
		let costs = Pallet::<T>::settlement_costs();
		// Lineage reads charged at their worst and not made: those of settlements whose model
		// version's lineage was read before (or never needed), and of Datanet version sizes.
		let charged_reads = Pallet::<T>::lineage_reads(self.settlements.into(), contributions);
		let made_reads = Pallet::<T>::lineage_reads(self.lineages.len() as u64, 0)
			.saturating_add(T::DbWeight::get().reads(self.sizes.len() as u64));
		let saved = costs
			.credit
			.saturating_mul(repeated_credits.into())
			.saturating_add(costs.model.saturating_mul(repeated_models.into()))
			.saturating_add(charged_reads.saturating_sub(made_reads));
		Ok(Settled { saved, contributions })
	}
}
