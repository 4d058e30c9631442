//! Paying for inferences, refunds and the fee split.

use crate::{mock::*, Error, Event, ExpiryCursor, FeeSplit, FeeSplitOf, Inferences};
use frame_support::{assert_noop, assert_ok, traits::Hooks, weights::Weight};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill, TokenError};

#[test]
fn a_request_pays_the_models_fee_into_escrow() {
	build_and_execute(|| {
		System::set_block_number(3);
		assert_ok!(Attribution::request_inference(
			RuntimeOrigin::signed(DAVE),
			0,
			FEE + 5,
			H256::repeat_byte(7)
		));
		assert_eq!((escrow(DAVE), free(DAVE)), (FEE, ENDOWMENT - FEE));
		assert_eq!(escrow_account(), FEE);
		let pending = Attribution::pending_inference(0).unwrap();
		assert_eq!(
			(pending.model, pending.version, pending.consumer, pending.fee),
			(0, 1, DAVE, FEE)
		);
		assert_eq!((pending.request_hash, pending.requested_at), (H256::repeat_byte(7), 3));
		assert_eq!(
			events().last(),
			Some(&Event::InferenceRequested {
				inference: 0,
				model: 0,
				version: 1,
				consumer: DAVE,
				fee: FEE,
				request_hash: H256::repeat_byte(7),
				private: false,
			})
		);
		assert_eq!(request(), 1);
	});
}

#[test]
fn a_request_refuses_bad_input() {
	build_and_execute(|| {
		let call = |who, model, max_fee| {
			Attribution::request_inference(RuntimeOrigin::signed(who), model, max_fee, H256::zero())
		};
		assert_noop!(call(DAVE, 0, FEE - 1), Error::<Test>::FeeAboveMax);
		assert_noop!(call(DAVE, 7, FEE), Error::<Test>::ModelUnavailable);
		assert_noop!(call(POOR, 0, FEE), TokenError::FundsUnavailable);
		ModelFee::set(None);
		assert_noop!(call(DAVE, 0, FEE), Error::<Test>::ModelUnavailable);
	});
}

#[test]
fn an_unsettled_fee_goes_back_to_its_consumer_after_the_timeout() {
	build_and_execute(|| {
		let id = request();
		assert_noop!(Attribution::refund(RuntimeOrigin::signed(DAVE), id), Error::<Test>::TooEarly);
		System::set_block_number(1 + REFUND_TIMEOUT);
		assert_noop!(
			Attribution::refund(RuntimeOrigin::signed(EVE), id),
			Error::<Test>::NotConsumer
		);
		assert_ok!(Attribution::refund(RuntimeOrigin::signed(DAVE), id));
		assert_eq!((escrow(DAVE), free(DAVE)), (0, ENDOWMENT));
		assert_eq!(escrow_account(), 0);
		assert_eq!(
			events().last(),
			Some(&Event::InferenceRefunded { inference: id, consumer: DAVE, fee: FEE })
		);
		assert_noop!(
			Attribution::refund(RuntimeOrigin::signed(DAVE), id),
			Error::<Test>::UnknownInference
		);
		// And a refunded inference cannot be settled.
		assert_noop!(
			Attribution::settle_inference(
				RuntimeOrigin::signed(EVE),
				id,
				H256::zero(),
				attribution(&[])
			),
			Error::<Test>::UnknownInference
		);
	});
}

#[test]
fn a_free_model_is_paid_the_least_fee_so_its_requests_hold_something() {
	build_and_execute(|| {
		// Before the minimum, a request for a zero-fee model held nothing and was never pruned:
		// storage for free, for ever.
		ModelFee::set(Some(0));
		let call = |max_fee| {
			Attribution::request_inference(RuntimeOrigin::signed(DAVE), 0, max_fee, H256::zero())
		};
		assert_noop!(call(MIN_FEE - 1), Error::<Test>::FeeAboveMax);
		assert_ok!(call(MIN_FEE));
		assert_eq!(
			(escrow(DAVE), Attribution::pending_inference(0).unwrap().fee),
			(MIN_FEE, MIN_FEE)
		);
		// Settled, it is split like any fee: 90 % (all but the pool's tenth) to the pot.
		let pot = free(Rewards::pot());
		settle(0);
		assert_eq!((escrow(DAVE), free(DAVE)), (0, ENDOWMENT - MIN_FEE));
		assert_eq!(free(Rewards::pot()), pot + MIN_FEE * 9 / 10);
	});
}

#[test]
fn an_unsettled_request_is_refunded_by_itself_once_its_lifetime_passes() {
	build_and_execute(|| {
		let (first, settled) = (request(), request());
		System::set_block_number(2);
		let last = request();
		settle(settled);
		let idle = Weight::from_parts(u64::MAX / 2, u64::MAX / 2);
		// No room in the block: nothing moves.
		Attribution::on_idle(1 + REQUEST_LIFETIME, Weight::zero());
		assert_eq!(ExpiryCursor::<Test>::get(), 0);
		// Past the refund timeout the consumer may ask; nothing happens by itself yet.
		run_to_block(REQUEST_LIFETIME, idle);
		assert_eq!((ExpiryCursor::<Test>::get(), escrow(DAVE)), (0, 2 * FEE));
		// The first request's lifetime passes: it is refunded, the settled one skipped, and the
		// cursor waits on the last, still in time.
		run_to_block(1 + REQUEST_LIFETIME, idle);
		assert!(events().contains(&Event::InferenceRefunded {
			inference: first,
			consumer: DAVE,
			fee: FEE
		}));
		assert_eq!((ExpiryCursor::<Test>::get(), escrow(DAVE)), (last, FEE));
		assert!(Inferences::<Test>::get(first).is_none());
		run_to_block(2 + REQUEST_LIFETIME, idle);
		assert_eq!((ExpiryCursor::<Test>::get(), escrow(DAVE)), (last + 1, 0));
		assert_eq!(free(DAVE), ENDOWMENT - FEE);
		assert_noop!(
			Attribution::refund(RuntimeOrigin::signed(DAVE), last),
			Error::<Test>::UnknownInference
		);
	});
}

#[test]
fn a_settled_inference_cannot_be_refunded() {
	build_and_execute(|| {
		let id = request();
		settle(id);
		System::set_block_number(1 + REFUND_TIMEOUT);
		assert_noop!(
			Attribution::refund(RuntimeOrigin::signed(DAVE), id),
			Error::<Test>::AlreadySettled
		);
	});
}

#[test]
fn only_the_admin_origin_sets_a_fee_split_that_sums_to_one_and_pays_the_pool() {
	build_and_execute(|| {
		let split = FeeSplit {
			pool: Perbill::from_percent(5),
			model: Perbill::from_percent(25),
			provider: Perbill::from_percent(10),
			data: Perbill::from_percent(60),
		};
		assert_noop!(
			Attribution::set_fee_split(RuntimeOrigin::signed(ALICE), split),
			DispatchError::BadOrigin
		);
		let over = FeeSplit { pool: Perbill::from_percent(6), ..split };
		assert_noop!(
			Attribution::set_fee_split(RuntimeOrigin::root(), over),
			Error::<Test>::InvalidFeeSplit
		);
		let under = FeeSplit { pool: Perbill::from_percent(4), ..split };
		assert_noop!(
			Attribution::set_fee_split(RuntimeOrigin::root(), under),
			Error::<Test>::InvalidFeeSplit
		);
		// Below the pool's least part (1 %), though the parts sum to 100 %.
		let no_pool = FeeSplit {
			pool: Perbill::from_parts(9_999_999),
			data: Perbill::from_parts(640_000_001),
			..split
		};
		assert_noop!(
			Attribution::set_fee_split(RuntimeOrigin::root(), no_pool),
			Error::<Test>::PoolShareBelowMin
		);
		assert_ok!(Attribution::set_fee_split(RuntimeOrigin::root(), split));
		assert_eq!(FeeSplitOf::<Test>::get(), split);
		assert_eq!(events().last(), Some(&Event::FeeSplitSet { split }));
		assert_eq!(Attribution::fee_split(), split);
	});
}

/// A consumer who pays, then empties its account (reaped), still gets its refund: every fee is
/// at least the existential deposit, so the refund can open the account again.
#[test]
fn a_refund_reaches_a_consumer_whose_account_was_reaped_meanwhile() {
	use frame_support::traits::fungible::Inspect;
	build_and_execute(|| {
		ModelFee::set(Some(0));
		let least = Attribution::least_fee();
		assert!(least >= Balances::minimum_balance());
		let id = request();
		assert_ok!(Balances::transfer_all(RuntimeOrigin::signed(DAVE), BOB, false));
		assert!(!System::account_exists(&DAVE), "Dave's account was reaped");
		System::set_block_number(1 + REFUND_TIMEOUT);
		assert_ok!(Attribution::refund(RuntimeOrigin::signed(DAVE), id));
		assert_eq!(free(DAVE), least);
	});
}

/// Storage version 0 held each request's fee on its consumer; the migration moves every fee
/// still pending to the escrow account, one inference a step, and they settle and refund from
/// there. Settled records and ids before the expiry cursor are left alone.
#[test]
fn the_migration_moves_held_fees_to_the_escrow_account() {
	use crate::{migrations::v1::MigrateToV1, HoldReason, Inference, NextInferenceId};
	use frame_support::{
		migrations::SteppedMigration,
		traits::{fungible::InspectHold, GetStorageVersion, StorageVersion},
		weights::WeightMeter,
	};
	build_and_execute(|| {
		// As version 0 left them: inference 0 settled, 1 and 2 pending with Dave's fees held.
		let ids: Vec<u64> = (0..3).map(|_| request()).collect();
		settle(ids[0]);
		for id in &ids[1..] {
			let pending = Attribution::pending_inference(*id).unwrap();
			assert_ok!(Balances::transfer_allow_death(
				RuntimeOrigin::signed(Attribution::escrow()),
				DAVE,
				FEE
			));
			assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<_>>::hold(
				&HoldReason::InferenceEscrow.into(),
				&DAVE,
				FEE
			));
			Inferences::<Test>::insert(id, Inference::PendingHeld(pending));
		}
		StorageVersion::new(0).put::<Attribution>();
		let on_hold = || Balances::balance_on_hold(&HoldReason::InferenceEscrow.into(), &DAVE);
		assert_eq!((on_hold(), escrow_account()), (2 * FEE, 0));
		assert_eq!(Attribution::pending_inference(ids[1]), None, "not pending until migrated");

		// One inference a step, as `pallet-migrations` would run it across blocks.
		let one = <TestWeights as crate::WeightInfo>::migrate_v1_step();
		let (mut cursor, mut steps) = (None, 0u64);
		loop {
			let mut meter = WeightMeter::with_limit(one);
			cursor = MigrateToV1::<Test>::step(cursor, &mut meter).unwrap();
			steps += 1;
			if cursor.is_none() {
				break;
			}
		}
		assert_eq!(steps, NextInferenceId::<Test>::get(), "one inference a step");
		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!((on_hold(), escrow_account()), (0, 2 * FEE));
		assert_eq!(Attribution::record(ids[0]).map(|r| r.fee), Some(FEE));

		// They settle and refund from the escrow account.
		settle(ids[1]);
		System::set_block_number(1 + REFUND_TIMEOUT);
		assert_ok!(Attribution::refund(RuntimeOrigin::signed(DAVE), ids[2]));
		assert_eq!((escrow_account(), free(DAVE)), (0, ENDOWMENT - 2 * FEE));
		// Run again, it does nothing.
		let mut meter = WeightMeter::new();
		assert_eq!(MigrateToV1::<Test>::step(None, &mut meter), Ok(None));
	});
}
