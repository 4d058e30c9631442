//! Requesting, settling and refunding inferences, and pruning old records.

use crate::{
	AttributionEntry, AttributionRecord, BalanceOf, Config, Error, Event, FeeSplitOf, HoldReason,
	NextInferenceId, Pallet, Payout, Pending, PendingInference, QueueBounds, Records,
	RecordsByModel, Settlement, SettlementQueue,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
	weights::{Weight, WeightMeter},
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	InferenceId, ModelId, ModelVersion, ModelsInspect, RewardSource, RewardsCredit,
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
	/// the lineage.
	fn contributors(
		model: ModelId,
		version: ModelVersion,
		attribution: &[AttributionEntry],
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
		attribution
			.iter()
			.map(|entry| {
				T::Models::contributor_in_lineage(model, version, entry.contribution)
					.ok_or_else(|| Error::<T>::OutsideLineage.into())
			})
			.collect()
	}

	pub(crate) fn do_settle(provider: &T::AccountId, settlement: Settlement<T>) -> DispatchResult {
		let Settlement { inference, output_hash, attribution } = settlement;
		let pending = Self::pending(inference)?;
		ensure!(T::Models::is_provider(pending.model, provider), Error::<T>::NotProvider);
		let contributors = Self::contributors(pending.model, pending.version, &attribution)?;
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

		let escrow = HoldReason::InferenceEscrow.into();
		for (to, amount) in [(T::Rewards::pot(), credited), (T::RewardsPool::get(), payout.pool)] {
			if !amount.is_zero() {
				T::Currency::transfer_on_hold(
					&escrow,
					&pending.consumer,
					&to,
					amount,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Force,
				)?;
			}
		}
		T::Rewards::credit(&owner, payout.model, RewardSource::Model)?;
		T::Rewards::credit(provider, payout.provider, RewardSource::Provider)?;
		for (contributor, share) in contributors.iter().zip(data_shares) {
			T::Rewards::credit(contributor, share, RewardSource::Data)?;
		}
		T::Rewards::note_fees_settled(fee);

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
