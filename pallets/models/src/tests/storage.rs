//! Versions and deprecated models stay for good, so each pays for its storage while it stays.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, Event, HoldReason, Models as ModelsStorage, VersionDeposits, Versions};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_core::H256;
use sp_runtime::TokenError;

const BASE: u64 = 3;
const BYTE: u64 = 1;

fn price_storage() {
	RecordBase::set(BASE);
	RecordByte::set(BYTE);
}

/// The storage deposit of `record`, by the formula the docs give.
fn storage_deposit(record: &impl Encode) -> u64 {
	BASE + BYTE * record.encoded_size() as u64
}

fn version_hold(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::VersionDeposit.into(), &who)
}

#[test]
fn every_version_holds_its_storage_deposit_from_whoever_published_it() {
	build_and_execute(|| {
		// The attack this closes: versions took no deposit, so an owner could publish junk
		// versions (full-length URIs and lineages) for the price of their fees.
		price_storage();
		let id = register_base(ALICE);
		let first = storage_deposit(&Versions::<Test>::get(id, 1).unwrap());
		assert_eq!(VersionDeposits::<Test>::get(id, 1), Some((ALICE, first)));
		assert_eq!((version_hold(ALICE), model_hold(ALICE)), (first, MODEL_DEPOSIT));

		// After a transfer the new owner pays for the versions they publish.
		assert_ok!(Models::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Models::publish_version(
			RuntimeOrigin::signed(BOB),
			id,
			H256::repeat_byte(2),
			bounded(b"ipfs://weights-2"),
			lineage(&[(0, 2), (1, 1)]),
		));
		let second = storage_deposit(&Versions::<Test>::get(id, 2).unwrap());
		assert_eq!(
			last_event(),
			Event::ModelVersionPublished {
				model: id,
				version: 2,
				artifact_hash: H256::repeat_byte(2),
				deposit: second,
			}
		);
		assert_eq!((version_hold(ALICE), version_hold(BOB)), (first, second));

		// Deprecating keeps every version's deposit: the versions stay.
		assert_ok!(Models::deprecate(RuntimeOrigin::signed(BOB), id));
		assert_eq!((version_hold(ALICE), version_hold(BOB)), (first, second));
	});
}

#[test]
fn a_version_nobody_can_pay_for_is_refused() {
	build_and_execute(|| {
		price_storage();
		let id = register_base(ALICE);
		assert_ok!(Models::transfer_ownership(RuntimeOrigin::signed(ALICE), id, POOR));
		RecordByte::set(ENDOWMENT);
		assert_noop!(
			Models::publish_version(
				RuntimeOrigin::signed(POOR),
				id,
				H256::repeat_byte(2),
				bounded(b"ipfs://w2"),
				lineage(&[(0, 2)]),
			),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn a_deprecated_model_keeps_the_storage_deposit_of_its_record() {
	build_and_execute(|| {
		price_storage();
		let id = register_base(ALICE);
		assert_ok!(Models::deprecate(RuntimeOrigin::signed(ALICE), id));
		let model = ModelsStorage::<Test>::get(id).unwrap();
		let kept = storage_deposit(&model);
		assert_eq!(
			last_event(),
			Event::ModelDeprecated {
				model: id,
				depositor: ALICE,
				deposit_released: MODEL_DEPOSIT - kept,
				deposit_kept: kept,
			}
		);
		assert_eq!((model.deposit, model_hold(ALICE)), (kept, kept));
	});
}
