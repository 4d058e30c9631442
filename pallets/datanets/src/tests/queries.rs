//! The reads behind the `DatanetsApi` runtime API.

use crate::{mock::*, ContributorStats, Verdict, MAX_PAGE_SIZE};
use frame_support::assert_ok;

#[test]
fn a_contributors_contributions_come_in_pages_that_cover_them_all() {
	build_and_execute(|| {
		let d = create(ALICE);
		let mut mine: Vec<u64> = (1..=5).map(|n| contribute(BOB, d, n)).collect();
		contribute(CHARLIE, d, 9);

		let mut seen = Vec::new();
		let mut cursor = None;
		let mut pages = 0;
		loop {
			let page = Datanets::contributions_of(BOB, cursor, 2);
			assert!(page.items.len() <= 2);
			assert!(page.items.iter().all(|(_, c)| c.contributor == BOB));
			seen.extend(page.items.iter().map(|(id, _)| *id));
			pages += 1;
			match page.next_cursor {
				Some(next) => cursor = Some(next),
				None => break,
			}
		}
		assert_eq!(pages, 3);
		seen.sort();
		mine.sort();
		assert_eq!(seen, mine);

		// A zero limit still makes progress; an empty account has one empty page.
		assert_eq!(Datanets::contributions_of(BOB, None, 0).items.len(), 1);
		let empty = Datanets::contributions_of(DAVE, None, 10);
		assert!(empty.items.is_empty() && empty.next_cursor.is_none());
		assert_eq!(Datanets::contributions_of(BOB, None, u32::MAX).items.len(), 5);
	});
}

#[test]
fn a_page_never_exceeds_the_maximum_size() {
	build_and_execute(|| {
		let d = create(ALICE);
		for i in 0..u64::from(MAX_PAGE_SIZE) + 1 {
			assert_ok!(Datanets::contribute(
				RuntimeOrigin::signed(BOB),
				d,
				sp_core::H256::from_low_u64_be(i),
				1,
				bounded(b""),
				bounded(b""),
				u64::MAX,
			));
		}
		let page = Datanets::contributions_of(BOB, None, u32::MAX);
		assert_eq!(page.items.len(), MAX_PAGE_SIZE as usize);
		let rest = Datanets::contributions_of(BOB, page.next_cursor, u32::MAX);
		assert_eq!((rest.items.len(), rest.next_cursor), (1, None));
	});
}

#[test]
fn versions_and_their_contributions_are_listed_in_order() {
	build_and_execute(|| {
		let d = create(ALICE);
		let ids: Vec<u64> = (1..=4).map(|n| contribute(BOB, d, n)).collect();
		for id in ids.iter().rev() {
			assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), *id, Verdict::Accept));
			assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), d));
		}
		let versions = Datanets::versions(d, 0, 10);
		assert_eq!(versions.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
		assert_eq!(
			Datanets::versions(d, 2, 2)
				.iter()
				.map(|(n, v)| (*n, v.contributions))
				.collect::<Vec<_>>(),
			vec![(2, 2), (3, 3)]
		);
		assert!(Datanets::versions(d, 5, 10).is_empty());
		assert!(Datanets::versions(7, 1, 10).is_empty());
		assert_eq!(Datanets::version(d, 3), Some(versions[2].1.clone()));

		// Version 3 holds the first three accepted, in acceptance order (reverse submission).
		let leaves = Datanets::version_contributions(d, 3, 0, 10);
		assert_eq!(
			leaves.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
			vec![ids[3], ids[2], ids[1]]
		);
		let tail = Datanets::version_contributions(d, 3, 1, 1);
		assert_eq!(tail.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![ids[2]]);
		assert!(Datanets::version_contributions(d, 9, 0, 10).is_empty());
	});
}

#[test]
fn stats_and_lookups_reflect_the_chain() {
	build_and_execute(|| {
		let d = create(ALICE);
		let a = contribute(BOB, d, 1);
		let b = contribute(BOB, d, 2);
		contribute(BOB, d, 3);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), a, Verdict::Accept));
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), b, Verdict::Reject));
		assert_eq!(
			Datanets::contributor_stats(BOB),
			ContributorStats { pending: 1, accepted: 1, rejected: 0, accepted_bytes: 10 }
		);
		assert_eq!(Datanets::contributor_stats(DAVE), ContributorStats::default());
		assert_eq!(Datanets::contribution(a).unwrap().size_bytes, 10);
		assert!(Datanets::contribution(99).is_none());
		assert_eq!(Datanets::datanet(d).unwrap().owner, ALICE);
		assert!(Datanets::datanet(9).is_none());
	});
}
