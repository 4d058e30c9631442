//! Records pay for their storage for as long as they stay, and the migration that brought
//! storage deposits to records reviewed before them.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::{
	migrations, mock::*, ContentIndex, ContributionStatus, Contributions, ContributionsOf,
	ContributorStats, ContributorStatsOf, Datanets as DatanetsStorage, Error, Event, Frontiers,
	Pallet, Verdict,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	migrations::SteppedMigration,
	traits::{GetStorageVersion, StorageVersion},
	weights::{Weight, WeightMeter},
};

const BASE: u64 = 7;
const BYTE: u64 = 2;

/// Storage deposits on: [`BASE`] a record and [`BYTE`] a byte.
fn price_storage() {
	RecordBase::set(BASE);
	RecordByte::set(BYTE);
}

/// The storage deposit of `record`, by the formula the docs give.
fn storage_deposit(record: &impl Encode) -> u64 {
	BASE + BYTE * record.encoded_size() as u64
}

fn record(id: u64) -> crate::Contribution<Test> {
	Contributions::<Test>::get(id).expect("on record")
}

#[test]
fn a_pending_contribution_holds_its_review_and_storage_deposits_within_its_maximum() {
	build_and_execute(|| {
		price_storage();
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		let held = CONTRIBUTION_DEPOSIT + storage_deposit(&record(c));
		assert_eq!((record(c).deposit, contribution_hold(BOB)), (held, held));
		// What a wallet is told before signing, for a URI and metadata of these lengths.
		let (uri, metadata) = (b"ipfs://data".len() as u32, b"csv".len() as u32);
		assert_eq!(Datanets::contribution_deposit(BOB, d, uri, metadata), Some(held));
		assert_eq!(Datanets::contribution_deposit(BOB, d + 1, uri, metadata), None);
		assert_eq!(Datanets::contribution_deposit(BOB, d, 17, metadata), None, "over MaxUriLength");
		assert_eq!(DatanetsStorage::<Test>::get(d).unwrap().counters.pending_deposits, held);

		// `max_deposit` bounds the whole of it, so a policy deposit alone is not enough.
		assert_noop!(
			Datanets::contribute(
				RuntimeOrigin::signed(BOB),
				d,
				hash(2),
				20,
				bounded(b"ipfs://data"),
				bounded(b"csv"),
				CONTRIBUTION_DEPOSIT,
			),
			Error::<Test>::DepositAboveMaximum
		);
		assert_ok!(Datanets::contribute(
			RuntimeOrigin::signed(BOB),
			d,
			hash(2),
			20,
			bounded(b"ipfs://data"),
			bounded(b"csv"),
			held,
		));
	});
}

#[test]
fn self_accepted_junk_keeps_paying_for_its_storage() {
	build_and_execute(|| {
		// The attack: Mallory fills her own Datanet with junk and accepts it herself. Before
		// storage deposits she got every deposit back and the records stayed for free.
		price_storage();
		let mallory = CHARLIE;
		let d = create(mallory);
		let ids: Vec<u64> = (1..=3).map(|n| contribute(mallory, d, n)).collect();
		for &id in &ids {
			let held = record(id).deposit;
			assert_ok!(Datanets::review(RuntimeOrigin::signed(mallory), id, Verdict::Accept));
			let kept = storage_deposit(&record(id));
			let ContributionStatus::Accepted { sequence } = record(id).status else {
				panic!("accepted")
			};
			assert_eq!(
				last_event(),
				Event::ContributionAccepted {
					datanet: d,
					contribution: id,
					contributor: mallory,
					reviewer: mallory,
					sequence,
					deposit_released: held - kept,
					deposit_kept: kept,
				}
			);
			assert_eq!(record(id).deposit, kept);
		}
		let kept: u64 = ids.iter().map(|&id| storage_deposit(&record(id))).sum();
		assert!(kept > 0);
		assert_eq!(contribution_hold(mallory), kept);
	});
}

#[test]
fn spam_keeps_its_storage_deposit_and_loses_a_share_of_its_review_deposit() {
	build_and_execute(|| {
		price_storage();
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		let held = record(c).deposit;
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::RejectAsSpam));
		let kept = storage_deposit(&record(c));
		let slashed = (held - kept) / 2;
		assert_eq!(
			last_event(),
			Event::ContributionRejected {
				datanet: d,
				contribution: c,
				contributor: BOB,
				reviewer: ALICE,
				deposit_returned: held - kept - slashed,
				slashed,
				deposit_kept: kept,
			}
		);
		assert_eq!((record(c).deposit, contribution_hold(BOB)), (kept, kept));
		assert_eq!(free(BOB), ENDOWMENT - kept - slashed);
		assert_eq!(ContentIndex::<Test>::get(d, hash(1)), Some(c));
	});
}

#[test]
fn a_plain_rejection_returns_everything_and_leaves_no_record() {
	build_and_execute(|| {
		price_storage();
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::Reject));
		assert_eq!((contribution_hold(BOB), free(BOB)), (0, ENDOWMENT));
		assert_eq!(Contributions::<Test>::get(c), None);
		assert!(!ContributionsOf::<Test>::contains_key(BOB, c));
	});
}

#[test]
fn an_archived_datanet_keeps_the_storage_deposit_of_what_remains() {
	build_and_execute(|| {
		price_storage();
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::Accept));
		assert_ok!(Datanets::archive(RuntimeOrigin::signed(ALICE), d));
		let datanet = DatanetsStorage::<Test>::get(d).unwrap();
		let kept = storage_deposit(&datanet);
		assert!(!Frontiers::<Test>::contains_key(d));
		assert_eq!(
			last_event(),
			Event::DatanetArchived {
				datanet: d,
				depositor: ALICE,
				deposit_released: DATANET_DEPOSIT - kept,
				deposit_kept: kept,
			}
		);
		assert_eq!((datanet.deposit, datanet_hold(ALICE)), (kept, kept));
	});
}

#[test]
fn version_0_records_are_migrated_to_hold_what_they_say() {
	build_and_execute(|| {
		// A state as version 0 left it: reviews released whole deposits and left the record
		// (and, for plain rejections, the index entries) behind.
		let d = create(ALICE);
		let accepted = contribute(BOB, d, 1);
		let spam = contribute(BOB, d, 2);
		let pending = contribute(DAVE, d, 4);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), accepted, Verdict::Accept));
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), spam, Verdict::RejectAsSpam));
		for id in [accepted, spam] {
			Contributions::<Test>::mutate(id, |c| {
				c.as_mut().unwrap().deposit = CONTRIBUTION_DEPOSIT
			});
		}
		// Charlie's plainly rejected contribution, still on record and in the indexes.
		let rejected = crate::NextContributionId::<Test>::mutate(|next| {
			*next += 1;
			*next - 1
		});
		let mut plain = record(accepted);
		plain.contributor = CHARLIE;
		plain.content_hash = hash(3);
		plain.status = ContributionStatus::Rejected { spam: false };
		Contributions::<Test>::insert(rejected, plain);
		ContributionsOf::<Test>::insert(CHARLIE, rejected, ());
		ContentIndex::<Test>::insert(d, hash(3), rejected);
		ContributorStatsOf::<Test>::insert(
			CHARLIE,
			ContributorStats { rejected: 1, ..Default::default() },
		);
		DatanetsStorage::<Test>::mutate(d, |d| d.as_mut().unwrap().counters.rejected += 1);
		StorageVersion::new(0).put::<Pallet<Test>>();
		assert!(Datanets::do_try_state().is_err(), "version 0 breaks version 1's invariants");

		// One item a step, as `pallet-migrations` would run it across blocks: the cursor
		// carries it from one step to the next.
		let mut cursor = None;
		let mut steps = 0;
		loop {
			let one_item = <() as crate::WeightInfo>::migrate_v1_step();
			let mut meter = WeightMeter::with_limit(one_item);
			cursor = migrations::v1::MigrateToV1::<Test>::step(cursor, &mut meter).unwrap();
			steps += 1;
			if cursor.is_none() {
				break;
			}
			assert_eq!(Pallet::<Test>::on_chain_storage_version(), 0, "not done before the end");
		}
		// Four contributions, one Datanet, and a step that finds nothing left.
		assert_eq!(steps, 6);

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 1);
		assert_eq!((record(accepted).deposit, record(spam).deposit), (0, 0));
		assert_eq!(record(pending).deposit, CONTRIBUTION_DEPOSIT);
		assert_eq!(Contributions::<Test>::get(rejected), None);
		assert!(!ContributionsOf::<Test>::contains_key(CHARLIE, rejected));
		assert_eq!(ContentIndex::<Test>::get(d, hash(3)), None);
		assert!(!ContributorStatsOf::<Test>::contains_key(CHARLIE));
		assert_ok!(Datanets::do_try_state());

		// Run again, it finds version 1 and does nothing.
		let mut meter = WeightMeter::new();
		assert_eq!(migrations::v1::MigrateToV1::<Test>::step(None, &mut meter), Ok(None));
		assert_eq!(meter.consumed(), Weight::zero());
	});
}
