//! Contributing, reviewing and withdrawing.

use crate::{
	mock::*, Access, ContentIndex, ContributionStatus, Contributions, ContributionsOf,
	ContributorStats, ContributorStatsOf, Datanets as DatanetsStorage, Error, Event, Policy,
	Verdict,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{ConstU32, Get},
};
use sp_runtime::TokenError;

fn status(id: u64) -> ContributionStatus {
	Contributions::<Test>::get(id).unwrap().status
}

fn stats(who: u64) -> ContributorStats {
	ContributorStatsOf::<Test>::get(who)
}

fn counters(id: u32) -> crate::DatanetCounters<u64> {
	DatanetsStorage::<Test>::get(id).unwrap().counters
}

fn contribute_call(who: u64, datanet: u32, n: u8, size: u64) -> sp_runtime::DispatchResult {
	Datanets::contribute(
		RuntimeOrigin::signed(who),
		datanet,
		hash(n),
		size,
		bounded(b"ipfs://data"),
		bounded(b"csv"),
		u64::MAX,
	)
}

#[test]
fn contribute_holds_the_deposit_and_records_a_pending_contribution() {
	build_and_execute(|| {
		let d = create(ALICE);
		assert_eq!(contribute(BOB, d, 3), 0);

		let c = Contributions::<Test>::get(0).unwrap();
		assert_eq!((c.datanet, c.contributor, c.content_hash, c.size_bytes), (d, BOB, hash(3), 30));
		assert_eq!(
			(c.deposit, c.status, c.submitted_at),
			(CONTRIBUTION_DEPOSIT, ContributionStatus::Pending, 1)
		);
		assert_eq!(c.uri.to_vec(), b"ipfs://data".to_vec());
		assert_eq!(ContentIndex::<Test>::get(d, hash(3)), Some(0));
		assert_eq!(contribution_hold(BOB), CONTRIBUTION_DEPOSIT);
		assert_eq!(free(BOB), ENDOWMENT - CONTRIBUTION_DEPOSIT);
		assert_eq!(stats(BOB), ContributorStats { pending: 1, ..Default::default() });
		let counters = counters(d);
		assert_eq!((counters.pending, counters.pending_deposits), (1, CONTRIBUTION_DEPOSIT));
		assert_eq!(
			last_event(),
			Event::Contributed {
				datanet: d,
				contribution: 0,
				contributor: BOB,
				content_hash: hash(3),
				size_bytes: 30,
				deposit: CONTRIBUTION_DEPOSIT,
			}
		);
	});
}

#[test]
fn contribute_refuses_bad_input_and_changes_nothing() {
	build_and_execute(|| {
		let d = create(ALICE);
		contribute(BOB, d, 1);
		assert_noop!(contribute_call(BOB, 9, 2, 10), Error::<Test>::UnknownDatanet);
		assert_noop!(contribute_call(BOB, d, 2, 0), Error::<Test>::EmptyContribution);
		assert_noop!(
			contribute_call(BOB, d, 2, MAX_BYTES + 1),
			Error::<Test>::ContributionTooLarge
		);
		// The same content, from anyone, is a duplicate within the Datanet...
		assert_noop!(contribute_call(CHARLIE, d, 1, 10), Error::<Test>::DuplicateContent);
		// ... but not in another Datanet.
		let other = create(DAVE);
		assert_ok!(contribute_call(CHARLIE, other, 1, 10));
		// Exactly the maximum size is fine.
		assert_ok!(contribute_call(BOB, d, 2, MAX_BYTES));
		// Poor holds 50: a deposit of 60 is out of reach.
		let rich = Policy { contribution_deposit: 60, ..open_policy() };
		let expensive = create_with(ALICE, rich);
		assert_noop!(contribute_call(POOR, expensive, 3, 10), TokenError::FundsUnavailable);
	});
}

fn batch(
	items: &[(u8, u64)],
) -> frame_support::BoundedVec<crate::ContributionInput<Test>, ConstU32<4>> {
	items
		.iter()
		.map(|(n, size)| input(*n, *size))
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

#[test]
fn a_batch_contributes_each_item_with_one_hold_for_all_deposits() {
	build_and_execute(|| {
		let d = create(ALICE);
		contribute(BOB, d, 9);
		assert_ok!(Datanets::contribute_batch(
			RuntimeOrigin::signed(BOB),
			d,
			batch(&[(1, 10), (2, 20), (3, 30)]),
			u64::MAX
		));
		for (id, n) in [(1u64, 1u8), (2, 2), (3, 3)] {
			let c = Contributions::<Test>::get(id).unwrap();
			assert_eq!((c.datanet, c.contributor, c.content_hash), (d, BOB, hash(n)));
			assert_eq!((c.size_bytes, c.deposit), (u64::from(n) * 10, CONTRIBUTION_DEPOSIT));
			assert_eq!(ContentIndex::<Test>::get(d, hash(n)), Some(id));
		}
		assert_eq!(contribution_hold(BOB), 4 * CONTRIBUTION_DEPOSIT);
		assert_eq!(free(BOB), ENDOWMENT - 4 * CONTRIBUTION_DEPOSIT);
		assert_eq!(stats(BOB), ContributorStats { pending: 4, ..Default::default() });
		assert_eq!(counters(d).pending_deposits, 4 * CONTRIBUTION_DEPOSIT);
		assert_eq!(crate::NextContributionId::<Test>::get(), 4);
		let contributed = System::events()
			.into_iter()
			.filter(|r| matches!(r.event, RuntimeEvent::Datanets(Event::Contributed { .. })))
			.count();
		assert_eq!(contributed, 4);
		// Each is reviewed on its own, releasing its own deposit.
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), 2, Verdict::Accept));
		assert_eq!(contribution_hold(BOB), 3 * CONTRIBUTION_DEPOSIT);
	});
}

#[test]
fn a_batch_is_all_or_nothing() {
	build_and_execute(|| {
		let d = create(ALICE);
		contribute(BOB, d, 1);
		let call = |items: &[(u8, u64)]| {
			Datanets::contribute_batch(RuntimeOrigin::signed(BOB), d, batch(items), u64::MAX)
		};
		assert_noop!(call(&[]), Error::<Test>::EmptyBatch);
		// A hash already in the Datanet, or twice in the batch.
		assert_noop!(call(&[(2, 10), (1, 10)]), Error::<Test>::DuplicateContent);
		assert_noop!(call(&[(2, 10), (2, 10)]), Error::<Test>::DuplicateContent);
		assert_noop!(call(&[(2, 10), (3, 0)]), Error::<Test>::EmptyContribution);
		assert_noop!(call(&[(2, MAX_BYTES + 1)]), Error::<Test>::ContributionTooLarge);
		assert_noop!(
			Datanets::contribute_batch(RuntimeOrigin::signed(BOB), 9, batch(&[(2, 10)]), u64::MAX),
			Error::<Test>::UnknownDatanet
		);
		// Poor holds 50: three deposits of 20 are out of reach, two are not.
		let poor = |items: &[(u8, u64)]| {
			Datanets::contribute_batch(RuntimeOrigin::signed(POOR), d, batch(items), u64::MAX)
		};
		assert_noop!(poor(&[(5, 1), (6, 1), (7, 1)]), TokenError::FundsUnavailable);
		assert_ok!(poor(&[(5, 1), (6, 1)]));
		assert_eq!(contribution_hold(POOR), 2 * CONTRIBUTION_DEPOSIT);
	});
}

#[test]
fn a_paused_datanet_takes_no_contributions_until_resumed() {
	build_and_execute(|| {
		let d = create(ALICE);
		let pending = contribute(BOB, d, 1);
		assert_ok!(Datanets::pause(RuntimeOrigin::signed(ALICE), d));
		assert_noop!(contribute_call(BOB, d, 2, 10), Error::<Test>::DatanetPaused);
		// Reviews go on while paused.
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), pending, Verdict::Accept));
		assert_ok!(Datanets::resume(RuntimeOrigin::signed(ALICE), d));
		assert_ok!(contribute_call(BOB, d, 2, 10));
	});
}

#[test]
fn a_permissioned_datanet_takes_contributions_from_its_owner_and_curators_only() {
	build_and_execute(|| {
		let d = create_with(ALICE, Policy { access: Access::Permissioned, ..open_policy() });
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), d, BOB));
		assert_noop!(contribute_call(CHARLIE, d, 1, 10), Error::<Test>::NotPermitted);
		assert_ok!(contribute_call(ALICE, d, 1, 10));
		assert_ok!(contribute_call(BOB, d, 2, 10));
		// Opening it up lets everyone in.
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), d, open_policy()));
		assert_ok!(contribute_call(CHARLIE, d, 3, 10));
	});
}

#[test]
fn declared_sizes_are_bounded_by_the_chain_and_their_sums_never_block_an_acceptance() {
	// Sizes are self-declared. A Datanet whose policy takes any size took a contribution of
	// close to 2^64 bytes; once accepted, the next acceptance overflowed the Datanet's byte
	// counter and failed, for every later contribution.
	build_and_execute(|| {
		let max = <Test as crate::Config>::MaxContributionBytes::get();
		let policy = Policy {
			access: Access::Open,
			contribution_deposit: CONTRIBUTION_DEPOSIT,
			max_contribution_bytes: u64::MAX,
		};
		let d = create_with(ALICE, policy);
		assert_noop!(contribute_call(BOB, d, 1, max + 1), Error::<Test>::ContributionTooLarge);
		assert_noop!(contribute_call(BOB, d, 1, u64::MAX), Error::<Test>::ContributionTooLarge);
		let ids: Vec<u64> = (1..=3)
			.map(|n| {
				assert_ok!(contribute_call(BOB, d, n, max));
				crate::NextContributionId::<Test>::get() - 1
			})
			.collect();
		for id in ids {
			assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), id, Verdict::Accept));
		}
		// Three of them exceed the counters' range: the counts saturate, the acceptances stand.
		assert_eq!((counters(d).accepted, counters(d).accepted_bytes), (3, u64::MAX));
		assert_eq!((stats(BOB).accepted, stats(BOB).accepted_bytes), (3, u64::MAX));
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), d));
	});
}

#[test]
fn accepting_releases_the_deposit_and_assigns_the_next_sequence() {
	build_and_execute(|| {
		let d = create(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), d, DAVE));
		let first = contribute(BOB, d, 1);
		let second = contribute(CHARLIE, d, 2);

		// Out of submission order: acceptance order is what counts.
		assert_ok!(Datanets::review(RuntimeOrigin::signed(DAVE), second, Verdict::Accept));
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), first, Verdict::Accept));
		assert_eq!(status(second), ContributionStatus::Accepted { sequence: 0 });
		assert_eq!(status(first), ContributionStatus::Accepted { sequence: 1 });
		assert_eq!(
			last_event(),
			Event::ContributionAccepted {
				datanet: d,
				contribution: first,
				contributor: BOB,
				reviewer: ALICE,
				sequence: 1,
				deposit_released: CONTRIBUTION_DEPOSIT,
				deposit_kept: 0,
			}
		);
		assert_eq!((contribution_hold(BOB), free(BOB)), (0, ENDOWMENT));
		assert_eq!(
			stats(BOB),
			ContributorStats { accepted: 1, accepted_bytes: 10, ..Default::default() }
		);
		let counters = counters(d);
		assert_eq!((counters.pending, counters.pending_deposits), (0, 0));
		assert_eq!((counters.accepted, counters.accepted_bytes), (2, 30));
	});
}

#[test]
fn rejecting_returns_the_deposit_and_leaves_nothing_behind() {
	build_and_execute(|| {
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::Reject));
		assert_eq!((contribution_hold(BOB), free(BOB), free(POOL)), (0, ENDOWMENT, 1));
		assert_eq!(
			last_event(),
			Event::ContributionRejected {
				datanet: d,
				contribution: c,
				contributor: BOB,
				reviewer: ALICE,
				deposit_returned: CONTRIBUTION_DEPOSIT,
				slashed: 0,
				deposit_kept: 0,
			}
		);
		// No record, no index entry, no statistics: the Datanet counts the rejection.
		assert_eq!(Contributions::<Test>::get(c), None);
		assert!(!ContributionsOf::<Test>::contains_key(BOB, c));
		assert!(!ContributorStatsOf::<Test>::contains_key(BOB));
		assert_eq!(counters(d).rejected, 1);
		// Its content is free again, for its author if this was a copy.
		assert_eq!(ContentIndex::<Test>::get(d, hash(1)), None);
		let again = contribute(CHARLIE, d, 1);
		assert_eq!(ContentIndex::<Test>::get(d, hash(1)), Some(again));
	});
}

#[test]
fn rejecting_as_spam_slashes_a_share_of_the_deposit_to_the_pool() {
	build_and_execute(|| {
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::RejectAsSpam));
		let slashed = CONTRIBUTION_DEPOSIT / 2;
		assert_eq!(status(c), ContributionStatus::Rejected { spam: true });
		assert_eq!(contribution_hold(BOB), 0);
		assert_eq!(free(BOB), ENDOWMENT - slashed);
		assert_eq!(free(POOL), 1 + slashed);
		assert_eq!(
			last_event(),
			Event::ContributionRejected {
				datanet: d,
				contribution: c,
				contributor: BOB,
				reviewer: ALICE,
				deposit_returned: CONTRIBUTION_DEPOSIT - slashed,
				slashed,
				deposit_kept: 0,
			}
		);
		// Spam keeps its content taken, with the verdict on record.
		assert_eq!(ContentIndex::<Test>::get(d, hash(1)), Some(c));
		assert_noop!(contribute_call(CHARLIE, d, 1, 10), Error::<Test>::DuplicateContent);
	});
}

#[test]
fn pending_deposits_are_those_of_submission_time() {
	build_and_execute(|| {
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		let dearer = Policy { contribution_deposit: 3 * CONTRIBUTION_DEPOSIT, ..open_policy() };
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), d, dearer));
		let later = contribute(BOB, d, 2);
		assert_eq!(contribution_hold(BOB), 4 * CONTRIBUTION_DEPOSIT);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::RejectAsSpam));
		assert_eq!(free(POOL), 1 + CONTRIBUTION_DEPOSIT / 2);
		withdraw(BOB, later);
		assert_eq!(free(BOB), ENDOWMENT - CONTRIBUTION_DEPOSIT / 2);
	});
}

#[test]
fn only_the_owner_and_curators_review_and_only_once() {
	build_and_execute(|| {
		let d = create(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), d, DAVE));
		let c = contribute(BOB, d, 1);
		// Not even the contributor.
		assert_noop!(
			Datanets::review(RuntimeOrigin::signed(BOB), c, Verdict::Accept),
			Error::<Test>::NotReviewer
		);
		assert_noop!(
			Datanets::review(RuntimeOrigin::signed(ALICE), 42, Verdict::Accept),
			Error::<Test>::UnknownContribution
		);
		// A removed curator loses the right.
		assert_ok!(Datanets::remove_curator(RuntimeOrigin::signed(ALICE), d, DAVE));
		assert_noop!(
			Datanets::review(RuntimeOrigin::signed(DAVE), c, Verdict::Reject),
			Error::<Test>::NotReviewer
		);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::RejectAsSpam));
		for verdict in [Verdict::Accept, Verdict::Reject, Verdict::RejectAsSpam] {
			assert_noop!(
				Datanets::review(RuntimeOrigin::signed(ALICE), c, verdict),
				Error::<Test>::NotPending
			);
		}
	});
}

#[test]
fn withdrawing_returns_the_deposit_and_frees_the_content_hash() {
	build_and_execute(|| {
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		withdraw(BOB, c);
		assert_eq!(
			last_event(),
			Event::ContributionWithdrawn {
				datanet: d,
				contribution: c,
				contributor: BOB,
				deposit_returned: CONTRIBUTION_DEPOSIT,
			}
		);
		assert!(Contributions::<Test>::get(c).is_none());
		assert_eq!((contribution_hold(BOB), free(BOB)), (0, ENDOWMENT));
		// Nothing on record is left for Bob.
		assert!(!ContributorStatsOf::<Test>::contains_key(BOB));
		assert_eq!(counters(d).pending, 0);
		// The same data may be submitted again, under a new id.
		assert_eq!(contribute(BOB, d, 1), c + 1);
	});
}

#[test]
fn withdraw_is_for_the_contributor_while_pending() {
	build_and_execute(|| {
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		assert_noop!(
			Datanets::withdraw(RuntimeOrigin::signed(ALICE), c),
			Error::<Test>::NotContributor
		);
		assert_noop!(
			Datanets::withdraw(RuntimeOrigin::signed(BOB), 9),
			Error::<Test>::UnknownContribution
		);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::Accept));
		assert_noop!(Datanets::withdraw(RuntimeOrigin::signed(BOB), c), Error::<Test>::NotPending);
		// Withdrawing works while the Datanet is paused.
		let p = contribute(BOB, d, 2);
		assert_ok!(Datanets::pause(RuntimeOrigin::signed(ALICE), d));
		withdraw(BOB, p);
	});
}

#[test]
fn a_full_datanet_refuses_to_accept() {
	// Not through `build_and_execute`: faking 2^32 - 1 acceptances breaks the invariants the
	// helper checks, on purpose.
	new_test_ext().execute_with(|| {
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		DatanetsStorage::<Test>::mutate(d, |d| {
			d.as_mut().unwrap().counters.accepted = crate::merkle::CAPACITY
		});
		assert_noop!(
			Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::Accept),
			Error::<Test>::DatanetFull
		);
		// Rejecting still works.
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), c, Verdict::Reject));
	});
}
