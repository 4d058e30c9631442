//! Requesting and refunding inferences, output bases, and pruning old records.

use crate::{
	BalanceOf, Config, Error, Event, ExpiryCursor, HoldReason, Inference, Inferences,
	NextInferenceId, OutputBase, OutputBases, OutputUri, Pallet, PendingInference, QueueBounds,
	RecordsByModel, SettlementQueue,
};
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Precision, Preservation},
		Get,
	},
	weights::{Weight, WeightMeter},
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{InferenceId, InferenceMarket, ModelId, ModelsInspect};
use sp_core::H256;
use sp_runtime::{
	traits::{AccountIdConversion, Saturating},
	ArithmeticError, DispatchError, DispatchResult,
};

use crate::weights::WeightInfo;

impl<T: Config> Pallet<T> {
	/// The account every pending fee waits in, derived from [`Config::PalletId`]. A settling
	/// call moves the fees it settles out of it in one transfer, rather than one hold an
	/// inference.
	pub fn escrow() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The least an inference costs: `MinInferenceFee`, and never below the existential
	/// deposit, so that a refund can always be paid, even to a consumer whose account was
	/// emptied and reaped meanwhile.
	pub fn least_fee() -> BalanceOf<T> {
		T::MinInferenceFee::get().max(T::Currency::minimum_balance())
	}

	pub(crate) fn do_request(
		consumer: T::AccountId,
		model: ModelId,
		max_fee: BalanceOf<T>,
		request_hash: H256,
		private: bool,
	) -> Result<(InferenceId, BalanceOf<T>), DispatchError> {
		let fee = Self::fee_of(model).ok_or(Error::<T>::ModelUnavailable)?;
		let version = T::Models::latest_version(model).ok_or(Error::<T>::ModelUnavailable)?;
		ensure!(fee <= max_fee, Error::<T>::FeeAboveMax);
		let id = NextInferenceId::<T>::get();
		let next_id = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		T::Currency::transfer(&consumer, &Self::escrow(), fee, Preservation::Preserve)?;

		let pending = PendingInference {
			model,
			version,
			consumer: consumer.clone(),
			fee,
			request_hash,
			requested_at: frame_system::Pallet::<T>::block_number(),
		};
		let inference =
			if private { Inference::PendingPrivate(pending) } else { Inference::Pending(pending) };
		Inferences::<T>::insert(id, inference);
		NextInferenceId::<T>::put(next_id);
		Self::deposit_event(Event::InferenceRequested {
			inference: id,
			model,
			version,
			consumer,
			fee,
			request_hash,
			private,
		});
		Ok((id, fee))
	}

	/// What an inference of `model` costs now: its fee, at least [`Pallet::least_fee`]; `None`
	/// if the model is unavailable.
	pub fn fee_of(model: ModelId) -> Option<BalanceOf<T>> {
		T::Models::inference_fee(model).map(|fee| fee.max(Self::least_fee()))
	}

	/// The pending inference `id`, or why there is none. Its consumer asked for privacy if the
	/// flag is set.
	pub(crate) fn pending(id: InferenceId) -> Result<(PendingInference<T>, bool), DispatchError> {
		match Inferences::<T>::get(id) {
			Some(Inference::Pending(pending)) => Ok((pending, false)),
			Some(Inference::PendingPrivate(pending)) => Ok((pending, true)),
			Some(Inference::Settled(_) | Inference::Challengeable(_)) =>
				Err(Error::<T>::AlreadySettled.into()),
			// A held request exists only while the migration to the escrow account runs,
			// when no transaction is included.
			Some(Inference::PendingHeld(_)) | None => Err(Error::<T>::UnknownInference.into()),
		}
	}

	pub(crate) fn do_refund(consumer: T::AccountId, id: InferenceId) -> DispatchResult {
		let (pending, _) = Self::pending(id)?;
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
		// At least the existential deposit: it reaches the consumer even if its account was
		// reaped meanwhile.
		T::Currency::transfer(
			&Self::escrow(),
			&pending.consumer,
			pending.fee,
			Preservation::Expendable,
		)?;
		Inferences::<T>::remove(id);
		Self::deposit_event(Event::InferenceRefunded {
			inference: id,
			consumer: pending.consumer,
			fee: pending.fee,
		});
		Ok(())
	}

	/// Sets or removes `provider`'s output base, holding its deposit with the first and
	/// releasing it with the removal.
	pub(crate) fn do_set_output_base(
		provider: T::AccountId,
		base: Option<OutputBase<T>>,
	) -> DispatchResult {
		let reason = HoldReason::OutputBase.into();
		let had = OutputBases::<T>::contains_key(&provider);
		match &base {
			Some(base) => {
				if !had {
					T::Currency::hold(&reason, &provider, T::OutputBaseDeposit::get())?;
				}
				OutputBases::<T>::insert(&provider, base);
			},
			None => {
				ensure!(had, Error::<T>::NoOutputBase);
				T::Currency::release_all(&reason, &provider, Precision::BestEffort)?;
				OutputBases::<T>::remove(&provider);
			},
		}
		Self::deposit_event(Event::OutputBaseSet { provider, base });
		Ok(())
	}

	/// The URI an output settled by a provider with `base` is published at: `base` and the
	/// inference id in decimal.
	pub fn output_uri(base: &OutputBase<T>, inference: InferenceId) -> OutputUri<T> {
		let mut uri = base.to_vec();
		uri.extend_from_slice(alloc::format!("{inference}").as_bytes());
		// `OutputUriBytes` leaves room for the 20 digits of the largest id.
		OutputUri::<T>::truncate_from(uri)
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
			match Inferences::<T>::get(cursor).and_then(Inference::pending) {
				Some(pending) => {
					if !Self::waited(&pending, lifetime, now) {
						meter.consume(read);
						break;
					}
					meter.consume(T::WeightInfo::refund());
					// Paying back what this pallet keeps cannot fail; if it ever did, the request
					// stays (the cursor waits on it) and the consumer can ask with `refund`.
					let refunded = frame_support::storage::with_storage_layer(|| {
						Self::refund_pending(cursor, pending)
					});
					if refunded.is_err() {
						frame_support::defensive!("a pending inference's fee is in escrow");
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
					match Inferences::<T>::get(id) {
						// Kept until its last open challenge's verdict, which lets it go.
						Some(Inference::Challengeable(settled)) if settled.open > 0 => {},
						Some(inference) =>
							if let Some(record) = inference.record() {
								RecordsByModel::<T>::remove(record.model, id);
								Inferences::<T>::remove(id);
							},
						None => {},
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

impl<T: Config> InferenceMarket<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn fee(model: ModelId) -> Option<BalanceOf<T>> {
		Self::fee_of(model)
	}

	fn request(
		consumer: &T::AccountId,
		model: ModelId,
		max_fee: BalanceOf<T>,
		request_hash: H256,
	) -> Result<(InferenceId, BalanceOf<T>), DispatchError> {
		Self::do_request(consumer.clone(), model, max_fee, request_hash, false)
	}
}
