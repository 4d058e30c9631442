//! Where outputs are published: providers' output bases, the URI each record keeps, private
//! requests, and the migration that gave version 1's records their disclosure.

use crate::{
	migrations::v2, mock::*, Error, Event, Inference, Inferences, OutputBase, OutputBases,
	OutputDisclosure, OutputUri,
};
use frame_support::{
	assert_noop, assert_ok,
	migrations::SteppedMigration,
	traits::{fungible::InspectHold, GetStorageVersion, StorageVersion},
	weights::WeightMeter,
};
use sp_core::H256;

fn base(text: &[u8]) -> Option<OutputBase<Test>> {
	Some(text.to_vec().try_into().unwrap())
}

fn uri(text: &[u8]) -> OutputDisclosure<OutputUri<Test>> {
	OutputDisclosure::Published(text.to_vec().try_into().unwrap())
}

fn base_deposit(who: u64) -> u64 {
	Balances::balance_on_hold(&crate::HoldReason::OutputBase.into(), &who)
}

fn request_private() -> u64 {
	let id = crate::NextInferenceId::<Test>::get();
	assert_ok!(Attribution::request_private_inference(
		RuntimeOrigin::signed(DAVE),
		0,
		FEE,
		H256::zero()
	));
	id
}

#[test]
fn a_record_keeps_the_uri_its_output_was_published_at_when_it_was_settled() {
	build_and_execute(|| {
		let first = request();
		settle(first);
		assert_eq!(
			Attribution::disclosure(first),
			Some(OutputDisclosure::Published(b"https://eve.example/outputs/0".to_vec()))
		);
		// Eve moves: later records point to the new base, earlier ones keep theirs.
		assert_ok!(Attribution::set_output_base(RuntimeOrigin::signed(EVE), base(b"ipfs://eve/")));
		assert_eq!(base_deposit(EVE), OUTPUT_BASE_DEPOSIT, "held once");
		let second = request();
		settle(second);
		let Some(Inference::Challengeable(settled)) = Inferences::<Test>::get(second) else {
			panic!("settled")
		};
		assert_eq!(settled.disclosure, uri(b"ipfs://eve/1"));
		assert!(events().contains(&Event::InferenceSettled {
			inference: second,
			record: settled.record,
			disclosure: uri(b"ipfs://eve/1"),
		}));
		let Some(Inference::Challengeable(settled)) = Inferences::<Test>::get(first) else {
			panic!("settled")
		};
		assert_eq!(settled.disclosure, uri(b"https://eve.example/outputs/0"));
	});
}

#[test]
fn a_provider_without_an_output_base_may_settle_private_inferences_only() {
	build_and_execute(|| {
		let free_before = free(EVE);
		assert_ok!(Attribution::set_output_base(RuntimeOrigin::signed(EVE), None));
		assert_eq!(events().last(), Some(&Event::OutputBaseSet { provider: EVE, base: None }));
		assert_eq!((base_deposit(EVE), free(EVE)), (0, free_before + OUTPUT_BASE_DEPOSIT));
		assert!(!OutputBases::<Test>::contains_key(EVE));

		let public = request();
		assert_noop!(
			Attribution::settle_inference(
				RuntimeOrigin::signed(EVE),
				public,
				H256::zero(),
				attribution(&[(10, 100)])
			),
			Error::<Test>::NoOutputBase
		);
		let private = request_private();
		assert!(events().contains(&Event::InferenceRequested {
			inference: private,
			model: 0,
			version: 1,
			consumer: DAVE,
			fee: FEE,
			request_hash: H256::zero(),
			private: true,
		}));
		assert_eq!(Attribution::disclosure(private), Some(OutputDisclosure::Private));
		assert_eq!(Attribution::disclosure(public), None, "a public request's URI comes later");
		settle(private);
		assert_eq!(Attribution::disclosure(private), Some(OutputDisclosure::Private));

		// A batch with a public inference in it settles none of them.
		let another = request_private();
		assert_noop!(
			Attribution::settle_batch(
				RuntimeOrigin::signed(EVE),
				batch_of(&[another, public], &[])
			),
			Error::<Test>::NoOutputBase
		);
	});
}

#[test]
fn an_output_base_is_bounded_and_its_deposit_paid_by_its_provider() {
	build_and_execute(|| {
		// Poor, down to 5, cannot pay the deposit of 10.
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(POOR), ALICE, 45));
		assert!(Attribution::set_output_base(RuntimeOrigin::signed(POOR), base(b"x")).is_err());
		assert!(!OutputBases::<Test>::contains_key(POOR));
		// Bob can, once; the same deposit covers a change.
		assert_ok!(Attribution::set_output_base(RuntimeOrigin::signed(BOB), base(b"a")));
		assert_ok!(Attribution::set_output_base(RuntimeOrigin::signed(BOB), base(b"bb")));
		assert_eq!(base_deposit(BOB), OUTPUT_BASE_DEPOSIT);
		assert_eq!(OutputBases::<Test>::get(BOB), base(b"bb"));
		// Removing what is not there is refused and changes nothing.
		assert_noop!(
			Attribution::set_output_base(RuntimeOrigin::signed(CHARLIE), None),
			Error::<Test>::NoOutputBase
		);
		// The URI of the largest id still fits the bound.
		let longest = OutputBase::<Test>::truncate_from(vec![b'a'; 64]);
		assert_eq!(Attribution::output_uri(&longest, u64::MAX).len(), 64 + 20);
	});
}

/// Version 1's records (stored without their disclosure), a pending request and a record from
/// before challenges, migrated one step at a time: each record becomes `Unstated`, nothing
/// else changes, and the migration does nothing once done.
#[test]
fn the_migration_to_version_2_gives_version_1_records_an_unstated_disclosure() {
	build_and_execute(|| {
		let settled: Vec<u64> = (0..5)
			.map(|_| {
				let id = request();
				settle(id);
				id
			})
			.collect();
		let pending = request();
		let as_v1 = |id: u64| {
			let Some(Inference::Challengeable(mut record)) = Inferences::<Test>::get(id) else {
				panic!("settled")
			};
			record.disclosure = OutputDisclosure::Unstated;
			Inference::Challengeable(record)
		};
		let expected: Vec<Inference<Test>> = settled.iter().map(|id| as_v1(*id)).collect();
		for (id, value) in settled.iter().zip(&expected) {
			frame_support::storage::unhashed::put_raw(
				&Inferences::<Test>::hashed_key_for(id),
				&v2::as_stored_by_v1(value),
			);
			assert!(Inferences::<Test>::get(id).is_none(), "version 1's value does not decode");
		}
		let pending_before = Inferences::<Test>::get(pending);
		StorageVersion::new(1).put::<Attribution>();

		let (mut cursor, mut steps) = (None, 0);
		loop {
			// Room for one inference a step.
			let mut meter =
				WeightMeter::with_limit(frame_support::weights::Weight::from_parts(1_000, 0));
			cursor = v2::MigrateToV2::<Test>::step(cursor, &mut meter).unwrap();
			steps += 1;
			if cursor.is_none() {
				break;
			}
		}
		assert_eq!(steps, 7, "six inferences, one a step, and the step that finds no more");
		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(2));
		for (id, value) in settled.iter().zip(&expected) {
			assert_eq!(Inferences::<Test>::get(id).as_ref(), Some(value));
		}
		assert_eq!(Inferences::<Test>::get(pending), pending_before);
		// Done: another run changes nothing.
		let mut meter = WeightMeter::new();
		assert_eq!(v2::MigrateToV2::<Test>::step(None, &mut meter).unwrap(), None);
		assert_eq!(Inferences::<Test>::get(settled[0]).as_ref(), Some(&expected[0]));
	});
}
