//! Publishing versions, and what other pallets learn through `DatanetsInspect`.

use crate::{
	merkle, mock::*, Datanets as DatanetsStorage, Error, Event, Verdict, Version, Versions,
};
use frame_support::{assert_noop, assert_ok};
use openledger_primitives::{AcceptedContribution, DatanetsInspect};

fn accept(contribution: u64) {
	assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), contribution, Verdict::Accept));
}

fn publish(datanet: u32) {
	assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));
}

/// Who contributed `id`, if version `version` of `datanet` holds it: what a version's size
/// and a contribution's acceptance sequence tell other pallets together.
fn contributor_in_version(id: u64, datanet: u32, version: u32) -> Option<u64> {
	let accepted = Datanets::accepted_contribution(id)?;
	let size = Datanets::version_size(datanet, version)?;
	(accepted.datanet == datanet && accepted.sequence < size).then_some(accepted.contributor)
}

#[test]
fn a_version_freezes_the_accepted_contributions() {
	build_and_execute(|| {
		let d = create(ALICE);
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), d),
			Error::<Test>::NothingToPublish
		);
		let a = contribute(BOB, d, 1);
		let b = contribute(CHARLIE, d, 2);
		let spam = contribute(CHARLIE, d, 3);
		let pending = contribute(BOB, d, 4);
		accept(b);
		accept(a);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), spam, Verdict::RejectAsSpam));
		System::set_block_number(5);
		publish(d);

		// Acceptance order: b, then a.
		let root = merkle::root_of(&[hash(2), hash(1)]);
		assert_eq!(
			Versions::<Test>::get(d, 1),
			Some(Version {
				contributions: 2,
				added: 2,
				total_bytes: 30,
				merkle_root: root,
				published_at: 5
			})
		);
		assert_eq!(
			last_event(),
			Event::VersionPublished {
				datanet: d,
				version: 1,
				contributions: 2,
				added: 2,
				total_bytes: 30,
				merkle_root: root,
			}
		);
		let counters = DatanetsStorage::<Test>::get(d).unwrap().counters;
		assert_eq!((counters.latest_version, counters.published), (1, 2));

		// Nothing new: nothing to publish. The pending one joins once accepted.
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), d),
			Error::<Test>::NothingToPublish
		);
		accept(pending);
		publish(d);
		let v2 = Versions::<Test>::get(d, 2).unwrap();
		assert_eq!((v2.contributions, v2.added, v2.total_bytes), (3, 1, 70));
		assert_eq!(v2.merkle_root, merkle::root_of(&[hash(2), hash(1), hash(4)]));
		// Version 1 is immutable.
		assert_eq!(Versions::<Test>::get(d, 1).unwrap().merkle_root, root);
	});
}

#[test]
fn a_paused_datanet_can_still_publish() {
	build_and_execute(|| {
		let d = create(ALICE);
		accept(contribute(BOB, d, 1));
		assert_ok!(Datanets::pause(RuntimeOrigin::signed(ALICE), d));
		publish(d);
	});
}

#[test]
fn membership_in_a_version_is_by_acceptance_sequence() {
	build_and_execute(|| {
		let d = create(ALICE);
		let other = create(DAVE);
		let a = contribute(BOB, d, 1);
		let b = contribute(CHARLIE, d, 2);
		let rejected = contribute(CHARLIE, d, 3);
		let pending = contribute(BOB, d, 4);
		accept(a);
		publish(d);
		accept(b);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), rejected, Verdict::Reject));
		publish(d);

		type Inspect = Datanets;
		assert!(Inspect::version_exists(d, 1) && Inspect::version_exists(d, 2));
		assert!(!Inspect::version_exists(d, 3) && !Inspect::version_exists(other, 1));
		assert!(!Inspect::version_exists(d, 0));
		assert_eq!((Inspect::version_size(d, 1), Inspect::version_size(d, 2)), (Some(1), Some(2)));
		assert_eq!(
			Inspect::accepted_contribution(b),
			Some(AcceptedContribution { datanet: d, contributor: CHARLIE, sequence: 1 })
		);
		assert_eq!(Inspect::accepted_contribution(rejected), None);
		assert_eq!(Inspect::accepted_contribution(pending), None);
		assert_eq!(Inspect::accepted_contribution(99), None);

		assert_eq!(contributor_in_version(a, d, 1), Some(BOB));
		assert_eq!(contributor_in_version(a, d, 2), Some(BOB));
		assert_eq!(contributor_in_version(b, d, 1), None);
		assert_eq!(contributor_in_version(b, d, 2), Some(CHARLIE));
		assert_eq!(contributor_in_version(b, d, 3), None);
		assert_eq!(contributor_in_version(a, other, 1), None);
		assert_eq!(contributor_in_version(pending, d, 2), None);
	});
}

#[test]
fn publishing_costs_no_more_with_more_contributions() {
	// The accumulator is what publishing reads, whatever the number of contributions: after
	// 40 acceptances the frontier is still one fixed-size value and the root matches the
	// definition computed from all 40 hashes.
	build_and_execute(|| {
		let d = create(ALICE);
		let hashes: Vec<_> = (1..=40)
			.map(|n| {
				accept(contribute(BOB, d, n));
				hash(n)
			})
			.collect();
		publish(d);
		assert_eq!(Versions::<Test>::get(d, 1).unwrap().merkle_root, merkle::root_of(&hashes));
	});
}
