//! Retaining, pruning and reading attribution records.

use crate::{mock::*, Event, QueueBounds, RecordsByModel, SettlementQueue, MAX_PAGE_SIZE};
use frame_support::{assert_ok, weights::Weight, BoundedVec};

fn settle_one() -> u64 {
	let id = request();
	settle(id);
	id
}

#[test]
fn records_are_pruned_after_the_retention_period_a_bounded_number_per_block() {
	build_and_execute(|| {
		let first: Vec<u64> = (0..3).map(|_| settle_one()).collect();
		System::set_block_number(5);
		let later = settle_one();

		// Plenty of idle weight, but nothing is old enough yet.
		run_to_block(RETENTION, room_for_prunes(1_000));
		assert_eq!(settled_count(), 4);

		// No weight, no work, even with expired records.
		assert_eq!(Attribution::prune_expired(1 + RETENTION, Weight::zero()), Weight::zero());
		assert_eq!(settled_count(), 4);

		// Block 21: the first three expire; room for two prunes per block.
		run_to_block(1 + RETENTION, room_for_prunes(2));
		assert!(Attribution::record(first[0]).is_none() && Attribution::record(first[1]).is_none());
		assert!(Attribution::record(first[2]).is_some());
		assert_eq!(events().last(), Some(&Event::RecordsPruned { count: 2 }));
		run_to_block(2 + RETENTION, room_for_prunes(2));
		assert!(Attribution::record(first[2]).is_none());
		// The later record stays until its own expiry.
		assert!(
			Attribution::record(later).is_some() && RecordsByModel::<Test>::contains_key(0, later)
		);
		run_to_block(5 + RETENTION, room_for_prunes(2));
		assert!(Attribution::record(later).is_none());
		assert_eq!(QueueBounds::<Test>::get(), (4, 4));
	});
}

#[test]
fn a_batch_takes_one_queue_entry_and_its_records_expire_together() {
	build_and_execute(|| {
		let ids: Vec<u64> = (0..3).map(|_| request()).collect();
		let batch = batch_of(&ids, &[(10, 100)]);
		assert_ok!(Attribution::settle_batch(RuntimeOrigin::signed(EVE), batch));
		assert_eq!(QueueBounds::<Test>::get(), (0, 1));
		assert_eq!(SettlementQueue::<Test>::get(0).unwrap().inferences.into_inner(), ids);

		// Just short of room for the entry's three records, nothing is pruned; with room, the
		// three go at once.
		let bounds = <Test as frame_system::Config>::DbWeight::get().reads(1);
		let room = bounds.saturating_add(PRUNE_WEIGHT.saturating_mul(3));
		run_to_block(1 + RETENTION, room.saturating_sub(Weight::from_parts(1, 0)));
		assert!(ids.iter().all(|id| Attribution::record(*id).is_some()));
		run_to_block(2 + RETENTION, room);
		assert!(!ids.iter().any(|id| Attribution::record(*id).is_some()));
		assert!(!ids.iter().any(|id| RecordsByModel::<Test>::contains_key(0, id)));
		assert_eq!(events().last(), Some(&Event::RecordsPruned { count: 3 }));
		assert_eq!(QueueBounds::<Test>::get(), (1, 1));
	});
}

#[test]
fn a_models_records_come_in_pages() {
	build_and_execute(|| {
		let mut ids: Vec<u64> = (0..5).map(|_| settle_one()).collect();
		let mut seen = Vec::new();
		let mut cursor = None;
		loop {
			let page = Attribution::records_of_model(0, cursor, 2);
			assert!(page.items.len() <= 2);
			assert!(page.items.iter().all(|(_, r)| r.model == 0));
			seen.extend(page.items.iter().map(|(id, _)| *id));
			match page.next_cursor {
				Some(next) => cursor = Some(next),
				None => break,
			}
		}
		seen.sort();
		ids.sort();
		assert_eq!(seen, ids);
		assert!(Attribution::records_of_model(1, None, MAX_PAGE_SIZE).items.is_empty());
		assert_eq!(Attribution::record(ids[0]).unwrap().fee, FEE);
		assert!(Attribution::record(99).is_none());
		let pending = request();
		assert_eq!(Attribution::pending_inference(pending).unwrap().consumer, DAVE);
		assert!(Attribution::pending_inference(ids[0]).is_none());
	});
}

#[test]
fn an_empty_batch_settles_nothing_and_queues_nothing() {
	build_and_execute(|| {
		assert_ok!(Attribution::settle_batch(RuntimeOrigin::signed(EVE), BoundedVec::new()));
		assert_eq!(QueueBounds::<Test>::get(), (0, 0));
		assert_eq!(settled_count(), 0);
	});
}

#[test]
fn an_inference_s_outcome_follows_its_fee_to_each_contribution_even_after_the_split_changes() {
	build_and_execute(|| {
		let id = request();
		assert_eq!(Attribution::outcome(id), Some(crate::InferenceOutcome::Pending));
		assert_ok!(Attribution::settle_inference(
			RuntimeOrigin::signed(EVE),
			id,
			sp_core::H256::zero(),
			attribution(&[(10, 60), (11, 40)])
		));
		// A later split does not change what this record paid.
		let all_to_pool = crate::FeeSplit {
			pool: sp_runtime::Perbill::one(),
			model: sp_runtime::Perbill::zero(),
			provider: sp_runtime::Perbill::zero(),
			data: sp_runtime::Perbill::zero(),
		};
		assert_ok!(Attribution::set_fee_split(RuntimeOrigin::root(), all_to_pool));

		// The data's half of the 1,000 fee: 300 to Bob's contribution, 200 to Charlie's.
		let credit = |contribution, contributor, amount| crate::DataCredit {
			contribution,
			contributor: Some(contributor),
			amount,
		};
		match Attribution::outcome(id) {
			Some(crate::InferenceOutcome::Settled {
				provider,
				model_owner,
				payout,
				credits,
				voided,
			}) => {
				assert_eq!((provider, model_owner, voided), (EVE, Some(ALICE), false));
				assert_eq!(credits, vec![credit(10, BOB, 300), credit(11, CHARLIE, 200)]);
				assert_eq!((payout.data, payout.pool), (500, 100));
			},
			other => panic!("settled, not {other:?}"),
		}
		assert_eq!(Attribution::outcome(id + 1), None);
	});
}
