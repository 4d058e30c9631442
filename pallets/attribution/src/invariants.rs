//! `try_state`: the pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	BalanceOf, Challenges, Config, ExpiryCursor, FeeSplitOf, HoldReason, Inference, Inferences,
	NextInferenceId, OutputBases, OutputDisclosure, Pallet, QueueBounds, RecordsByModel,
	SettlementQueue,
};
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, InspectHold},
		Get,
	},
};
use openledger_primitives::{InferenceId, RewardsCredit};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks that the escrow account keeps the pending fees, that nothing before the expiry
	/// cursor is pending, and that the settlement queue, the records and the per-model index
	/// describe the same records.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		ensure!(FeeSplitOf::<T>::get().is_valid(), "the fee split does not sum to 100 %");
		let next_id = NextInferenceId::<T>::get();
		let cursor = ExpiryCursor::<T>::get();
		ensure!(cursor <= next_id, "the expiry cursor is past NextInferenceId");

		let mut escrowed = BalanceOf::<T>::zero();
		let mut records = BTreeMap::new();
		// Records kept past the settlement queue for their open challenges.
		let mut kept = BTreeSet::new();
		for (id, inference) in Inferences::<T>::iter() {
			ensure!(id < next_id, "an inference id is not below NextInferenceId");
			match inference {
				Inference::Pending(pending) | Inference::PendingPrivate(pending) => {
					ensure!(id >= cursor, "a pending inference is behind the expiry cursor");
					escrowed.saturating_accrue(pending.fee);
				},
				// Only while the migration to the escrow account runs (no `try_state` then).
				Inference::PendingHeld(_) =>
					return Err("a request's fee is still held: migrations::v1 did not finish".into()),
				Inference::Settled(record) => {
					records.insert(id, record);
				},
				Inference::Challengeable(settled) => {
					ensure!(settled.split.is_valid(), "a record's fee split does not sum to 100 %");
					if let OutputDisclosure::Published(uri) = &settled.disclosure {
						let id = alloc::format!("{id}");
						ensure!(
							uri.ends_with(id.as_bytes()),
							"a record's output URI does not end with its inference id"
						);
					}
					if settled.open > 0 {
						kept.insert(id);
					}
					records.insert(id, settled.record);
				},
			}
		}
		ensure!(
			T::Currency::balance(&Self::escrow()) >= escrowed,
			"the escrow account holds less than the pending fees"
		);

		let (head, tail) = QueueBounds::<T>::get();
		ensure!(head <= tail, "the settlement queue's bounds are reversed");
		let entries: alloc::vec::Vec<_> =
			(head..tail).filter_map(SettlementQueue::<T>::get).collect();
		ensure!(
			SettlementQueue::<T>::iter_keys().all(|position| (head..tail).contains(&position)) &&
				entries.len() as u64 == tail.saturating_sub(head),
			"the settlement queue has gaps or strays"
		);
		ensure!(
			entries.windows(2).all(|w| matches!(w, [a, b] if a.settled_at <= b.settled_at)),
			"the settlement queue is not in settlement order"
		);
		let mut queued = BTreeSet::new();
		for entry in &entries {
			ensure!(!entry.inferences.is_empty(), "a settlement queue entry is empty");
			for id in &entry.inferences {
				ensure!(queued.insert(*id), "an inference is queued twice");
				let settled_at = records.get(id).map(|r| r.settled_at);
				ensure!(
					settled_at == Some(entry.settled_at),
					"a queued inference has no record settled in its entry's block"
				);
			}
		}
		let mut by_model = BTreeSet::new();
		for (id, record) in &records {
			ensure!(
				queued.contains(id) || kept.contains(id),
				"a record is neither in the settlement queue nor challenged"
			);
			by_model.insert((record.model, *id));
		}
		ensure!(
			queued.iter().all(|id| records.contains_key(id)),
			"the settlement queue names a record that does not exist"
		);
		ensure!(
			RecordsByModel::<T>::iter_keys().collect::<BTreeSet<_>>() == by_model,
			"the per-model index does not match the records"
		);
		Self::check_output_bases()?;
		Self::check_challenges()
	}

	/// Every output base holds its provider's deposit (the runtime's checks find a deposit
	/// held with no output base: they account for every hold).
	fn check_output_bases() -> Result<(), TryRuntimeError> {
		let reason = HoldReason::OutputBase.into();
		for provider in OutputBases::<T>::iter_keys() {
			ensure!(
				T::Currency::balance_on_hold(&reason, &provider) == T::OutputBaseDeposit::get(),
				"an output base does not hold its deposit"
			);
		}
		Ok(())
	}

	/// Every open challenge is of a challengeable record, numbered below its count and counted
	/// in its open challenges; its deposit is held; what records withheld waits in the rewards
	/// pot, and only records with open challenges, not voided, withhold anything.
	fn check_challenges() -> Result<(), TryRuntimeError> {
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut open = BTreeMap::<InferenceId, u32>::new();
		for (id, number, challenge) in Challenges::<T>::iter() {
			let Some(Inference::Challengeable(settled)) = Inferences::<T>::get(id) else {
				return Err("a challenge of a record that cannot be challenged".into());
			};
			ensure!(number < settled.challenges, "a challenge's number is not below its count");
			ensure!(
				settled.record.provider == challenge.provider,
				"a challenge names another provider than its record"
			);
			open.entry(id).or_default().saturating_inc();
			deposits
				.entry(challenge.challenger)
				.or_default()
				.saturating_accrue(challenge.deposit);
		}
		let mut withheld = BalanceOf::<T>::zero();
		for (id, inference) in Inferences::<T>::iter() {
			if let Inference::Challengeable(settled) = inference {
				ensure!(
					settled.open == open.get(&id).copied().unwrap_or_default(),
					"a record's count of open challenges is wrong"
				);
				ensure!(
					settled.withheld.is_zero() || (settled.open > 0 && !settled.voided),
					"a record withholds credits with no open challenge, or once voided"
				);
				withheld.saturating_accrue(settled.withheld);
			}
		}
		let reason = HoldReason::ChallengeDeposit.into();
		for (challenger, deposit) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&reason, &challenger) == deposit,
				"a challenger's held deposit is not its open challenges' deposits"
			);
		}
		ensure!(
			T::Currency::balance(&T::Rewards::pot()) >= withheld,
			"the rewards pot holds less than the credits open challenges withheld"
		);
		Ok(())
	}
}
