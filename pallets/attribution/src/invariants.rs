//! `try_state`: the pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	BalanceOf, Config, FeeSplitOf, HoldReason, NextInferenceId, Pallet, Pending, QueueBounds,
	Records, RecordsByModel, SettlementQueue,
};
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{traits::Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Checks that escrow holds match the pending fees, and that the settlement queue, the
	/// records and the per-model index describe the same records.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		ensure!(FeeSplitOf::<T>::get().is_valid(), "the fee split does not sum to 100 %");
		let next_id = NextInferenceId::<T>::get();

		let mut escrow = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, pending) in Pending::<T>::iter() {
			ensure!(id < next_id, "a pending id is not below NextInferenceId");
			ensure!(!Records::<T>::contains_key(id), "an inference is both pending and settled");
			escrow.entry(pending.consumer).or_default().saturating_accrue(pending.fee);
		}
		for (who, expected) in escrow {
			let held = T::Currency::balance_on_hold(&HoldReason::InferenceEscrow.into(), &who);
			ensure!(held == expected, "an escrow hold does not match the pending fees");
		}

		let (head, tail) = QueueBounds::<T>::get();
		ensure!(head <= tail, "the settlement queue's bounds are reversed");
		let queued: BTreeSet<_> = (head..tail).filter_map(SettlementQueue::<T>::get).collect();
		ensure!(
			SettlementQueue::<T>::iter_keys().all(|position| (head..tail).contains(&position)) &&
				queued.len() as u64 == tail.saturating_sub(head),
			"the settlement queue has gaps or strays"
		);
		let mut by_model = BTreeSet::new();
		for (id, record) in Records::<T>::iter() {
			ensure!(id < next_id, "a record id is not below NextInferenceId");
			ensure!(queued.contains(&id), "a record is not in the settlement queue");
			by_model.insert((record.model, id));
		}
		ensure!(
			Records::<T>::iter_keys().count() == queued.len(),
			"the settlement queue names a record that does not exist"
		);
		ensure!(
			RecordsByModel::<T>::iter_keys().collect::<BTreeSet<_>>() == by_model,
			"the per-model index does not match the records"
		);
		Ok(())
	}
}
