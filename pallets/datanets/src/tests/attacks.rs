//! The attacks a contributor faces from those who see their transactions before they land:
//! copying them, changing the deposit under them, and racing a review with a withdrawal.

use crate::{
	mock::*, Commitments, CommittedAt, ContentIndex, ContributionInput, ContributionStatus,
	Contributions, Error, Event, Policy, Verdict, WithdrawalsDue,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};

/// Mallory: sees the transaction pool and pays for priority.
const MALLORY: u64 = CHARLIE;

type MaxContributionBatch = <Test as crate::Config>::MaxContributionBatch;

fn commit(who: u64, datanet: u32, ns: &[u8]) {
	let hashes: Vec<_> = ns.iter().map(|n| hash(*n)).collect();
	assert_ok!(Datanets::commit(RuntimeOrigin::signed(who), commitment(who, datanet, &hashes)));
}

/// `who` reveals its commitment to contributing data numbers `ns` to `datanet`.
fn reveal_call(who: u64, datanet: u32, ns: &[u8]) -> sp_runtime::DispatchResult {
	let items: Vec<ContributionInput<Test>> = ns.iter().map(|n| input(*n, 10)).collect();
	Datanets::reveal(RuntimeOrigin::signed(who), datanet, items.try_into().unwrap(), u64::MAX)
}

/// As [`reveal_call`], which must succeed; returns the first new contribution's id.
fn reveal(who: u64, datanet: u32, ns: &[u8]) -> u64 {
	let id = crate::NextContributionId::<Test>::get();
	assert_ok!(reveal_call(who, datanet, ns));
	id
}

fn commitment_hold(who: u64) -> u64 {
	Balances::balance_on_hold(&crate::HoldReason::CommitmentDeposit.into(), &who)
}

fn contribute_call(who: u64, datanet: u32, n: u8, max_deposit: u64) -> sp_runtime::DispatchResult {
	Datanets::contribute(
		RuntimeOrigin::signed(who),
		datanet,
		hash(n),
		10,
		bounded(b"ipfs://data"),
		bounded(b"csv"),
		max_deposit,
	)
}

#[test]
fn a_copy_of_a_revealed_contribution_cannot_take_its_credit() {
	build_and_execute(|| {
		let d = create(ALICE);
		// Without a commitment, a copy sent with a higher tip lands first and keeps the content.
		let copy = contribute(MALLORY, d, 1);
		assert_noop!(contribute_call(BOB, d, 1, u64::MAX), Error::<Test>::DuplicateContent);
		withdraw(MALLORY, copy);

		// With one, Bob's claim dates from his commitment: the copy gives way, deposit returned.
		commit(BOB, d, &[2]);
		let committed_at = System::block_number();
		assert_eq!(commitment_hold(BOB), COMMITMENT_DEPOSIT);
		advance(1);
		let copy = contribute(MALLORY, d, 2);
		assert_eq!(contribution_hold(MALLORY), CONTRIBUTION_DEPOSIT);
		let original = reveal(BOB, d, &[2]);
		assert_eq!(
			events()[events().len() - 2],
			Event::ContributionDisplaced {
				datanet: d,
				contribution: copy,
				contributor: MALLORY,
				by: original,
				deposit_returned: CONTRIBUTION_DEPOSIT,
			}
		);
		assert!(Contributions::<Test>::get(copy).is_none());
		assert_eq!(ContentIndex::<Test>::get(d, hash(2)), Some(original));
		assert_eq!((contribution_hold(MALLORY), free(MALLORY)), (0, ENDOWMENT));
		// The reveal consumed the commitment and released its deposit.
		assert_eq!((commitment_hold(BOB), Commitments::<Test>::iter().count()), (0, 0));
		assert_eq!(CommittedAt::<Test>::get(original), Some(committed_at));

		// A copy with a commitment of its own made after Bob's cannot displace him back.
		commit(MALLORY, d, &[2]);
		advance(1);
		assert_noop!(reveal_call(MALLORY, d, &[2]), Error::<Test>::DuplicateContent);
		// Nor can anyone displace accepted content.
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), original, Verdict::Accept));
		assert_noop!(contribute_call(MALLORY, d, 2, u64::MAX), Error::<Test>::DuplicateContent);
	});
}

#[test]
fn a_commitment_made_in_the_block_of_the_copy_does_not_displace_it() {
	build_and_execute(|| {
		let d = create(ALICE);
		// Bob commits and reveals in one block: the copy in that block claims as early.
		let copy = contribute(MALLORY, d, 1);
		commit(BOB, d, &[1]);
		assert_noop!(reveal_call(BOB, d, &[1]), Error::<Test>::DuplicateContent);
		assert!(Contributions::<Test>::contains_key(copy));
		// Nor does one contributor displace their own pending contribution.
		commit(MALLORY, d, &[1]);
		advance(1);
		assert_noop!(reveal_call(MALLORY, d, &[1]), Error::<Test>::DuplicateContent);
	});
}

#[test]
fn a_commitment_binds_its_committer_the_datanet_and_every_hash_in_order() {
	build_and_execute(|| {
		let (d, other) = (create(ALICE), create(ALICE));
		commit(BOB, d, &[1, 2]);
		assert_noop!(
			Datanets::commit(RuntimeOrigin::signed(BOB), commitment(BOB, d, &[hash(1), hash(2)])),
			Error::<Test>::DuplicateCommitment
		);
		advance(1);
		// Another committer, another Datanet, another order, part of the batch: no such
		// commitment, and nothing changes.
		for (who, datanet, ns) in
			[(MALLORY, d, &[1u8, 2][..]), (BOB, other, &[1, 2]), (BOB, d, &[2, 1]), (BOB, d, &[1])]
		{
			assert_noop!(reveal_call(who, datanet, ns), Error::<Test>::UnknownCommitment);
		}
		// A plain contribution of the same content claims from now and leaves the commitment.
		let plain = contribute(BOB, d, 1);
		assert_eq!(
			(CommittedAt::<Test>::get(plain), commitment_hold(BOB)),
			(None, COMMITMENT_DEPOSIT)
		);
		withdraw(BOB, plain);
		let first = reveal(BOB, d, &[1, 2]);
		assert_eq!(
			(CommittedAt::<Test>::get(first), CommittedAt::<Test>::get(first + 1)),
			(Some(1), Some(1))
		);
		assert_eq!(commitment_hold(BOB), 0);
		// Revealed once only.
		assert_noop!(reveal_call(BOB, d, &[1, 2]), Error::<Test>::UnknownCommitment);
	});
}

#[test]
fn a_commitment_that_will_not_be_revealed_is_cancelled_for_its_deposit() {
	build_and_execute(|| {
		let c = commitment(BOB, 0, &[hash(1)]);
		assert_noop!(
			Datanets::cancel_commitment(RuntimeOrigin::signed(BOB), c),
			Error::<Test>::UnknownCommitment
		);
		assert_ok!(Datanets::commit(RuntimeOrigin::signed(BOB), c));
		assert_eq!(free(BOB), ENDOWMENT - COMMITMENT_DEPOSIT);
		// Only its committer holds it.
		assert_noop!(
			Datanets::cancel_commitment(RuntimeOrigin::signed(MALLORY), c),
			Error::<Test>::UnknownCommitment
		);
		assert_ok!(Datanets::cancel_commitment(RuntimeOrigin::signed(BOB), c));
		assert_eq!(
			last_event(),
			Event::CommitmentCancelled {
				who: BOB,
				commitment: c,
				deposit_released: COMMITMENT_DEPOSIT
			}
		);
		assert_eq!((free(BOB), commitment_hold(BOB)), (ENDOWMENT, 0));
		// A commitment needs its deposit.
		let mut poor = 0;
		while Datanets::commit(RuntimeOrigin::signed(POOR), sp_core::H256::repeat_byte(poor))
			.is_ok()
		{
			poor += 1;
		}
		assert_eq!(u64::from(poor), (50 - 1) / COMMITMENT_DEPOSIT);
	});
}

#[test]
fn squatted_content_is_freed_for_its_author_by_a_plain_rejection() {
	build_and_execute(|| {
		let d = create(ALICE);
		// Mallory contributes public data first, hoping to block it or take its credit.
		let squat = contribute(MALLORY, d, 1);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), squat, Verdict::Reject));
		let original = contribute(BOB, d, 1);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), original, Verdict::Accept));
		assert_eq!(Contributions::<Test>::get(squat), None);
	});
}

#[test]
fn the_deposit_cannot_be_raised_under_a_pending_contribution() {
	build_and_execute(|| {
		let d = create(ALICE);
		// The owner sees Bob's contribution in the pool and raises the deposit to most of his
		// balance first, to slash half of it as spam.
		let bait = Policy { contribution_deposit: ENDOWMENT - 1, ..open_policy() };
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), d, bait));
		assert_noop!(
			contribute_call(BOB, d, 1, CONTRIBUTION_DEPOSIT),
			Error::<Test>::DepositAboveMaximum
		);
		let batch = vec![input(1, 10)];
		assert_noop!(
			Datanets::contribute_batch(
				RuntimeOrigin::signed(BOB),
				d,
				batch.try_into().unwrap(),
				CONTRIBUTION_DEPOSIT
			),
			Error::<Test>::DepositAboveMaximum
		);
		// At the deposit Bob agreed to, it goes through.
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), d, open_policy()));
		assert_ok!(contribute_call(BOB, d, 1, CONTRIBUTION_DEPOSIT));
	});
}

#[test]
fn a_withdrawal_cannot_overtake_a_spam_verdict() {
	build_and_execute(|| {
		let d = create(ALICE);
		let spam = contribute(MALLORY, d, 1);
		// Mallory sees the verdict in the pool and asks to withdraw first: the verdict still
		// lands, within the delay.
		assert_ok!(Datanets::withdraw(RuntimeOrigin::signed(MALLORY), spam));
		assert_eq!(
			last_event(),
			Event::WithdrawalRequested {
				datanet: d,
				contribution: spam,
				contributor: MALLORY,
				due: 1 + WITHDRAWAL_DELAY,
			}
		);
		assert_ok!(Datanets::review(RuntimeOrigin::signed(ALICE), spam, Verdict::RejectAsSpam));
		assert_eq!(free(MALLORY), ENDOWMENT - CONTRIBUTION_DEPOSIT / 2);
		assert_eq!(WithdrawalsDue::<Test>::get(spam), None);
		advance(WITHDRAWAL_DELAY);
		assert_noop!(
			Datanets::withdraw(RuntimeOrigin::signed(MALLORY), spam),
			Error::<Test>::NotPending
		);
	});
}

#[test]
fn a_withdrawal_completes_once_due() {
	build_and_execute(|| {
		let d = create(ALICE);
		let c = contribute(BOB, d, 1);
		assert_ok!(Datanets::withdraw(RuntimeOrigin::signed(BOB), c));
		advance(WITHDRAWAL_DELAY - 1);
		assert_noop!(
			Datanets::withdraw(RuntimeOrigin::signed(BOB), c),
			Error::<Test>::WithdrawalNotDue
		);
		// Still pending and reviewable meanwhile.
		assert_eq!(Contributions::<Test>::get(c).unwrap().status, ContributionStatus::Pending);
		advance(1);
		assert_ok!(Datanets::withdraw(RuntimeOrigin::signed(BOB), c));
		assert!(Contributions::<Test>::get(c).is_none());
		assert_eq!((contribution_hold(BOB), free(BOB)), (0, ENDOWMENT));
	});
}

#[test]
fn a_displaced_copy_takes_its_withdrawal_request_with_it() {
	build_and_execute(|| {
		let d = create(ALICE);
		commit(BOB, d, &[1]);
		advance(1);
		let copy = contribute(MALLORY, d, 1);
		assert_ok!(Datanets::withdraw(RuntimeOrigin::signed(MALLORY), copy));
		reveal(BOB, d, &[1]);
		assert_eq!(WithdrawalsDue::<Test>::get(copy), None);
		advance(WITHDRAWAL_DELAY);
		assert_noop!(
			Datanets::withdraw(RuntimeOrigin::signed(MALLORY), copy),
			Error::<Test>::UnknownContribution
		);
	});
}

#[test]
fn only_a_reveal_displaces_and_only_a_reveal_pays_for_it() {
	use crate::{Call, WeightInfo};
	use frame_support::dispatch::GetDispatchInfo;
	build_and_execute(|| {
		let d = create(ALICE);
		// Bob committed, but sends his contribution plain: it claims from now, and the copy
		// that landed first keeps the content.
		commit(BOB, d, &[1]);
		advance(1);
		let copy = contribute(MALLORY, d, 1);
		assert_noop!(contribute_call(BOB, d, 1, u64::MAX), Error::<Test>::DuplicateContent);
		assert_ok!(reveal_call(BOB, d, &[1]));
		assert!(!Contributions::<Test>::contains_key(copy));

		// So a block is filled with plain contributions at their own weight, and a reveal is
		// charged for displacing a copy with each of its contributions.
		let batch = |n: u8| -> BoundedVec<ContributionInput<Test>, MaxContributionBatch> {
			(1..=n).map(|n| input(n, 10)).collect::<Vec<_>>().try_into().unwrap()
		};
		let weight = |call: Call<Test>| call.get_dispatch_info().call_weight;
		let plain =
			Call::<Test>::contribute_batch { datanet: d, contributions: batch(3), max_deposit: 0 };
		let revealing =
			Call::<Test>::reveal { datanet: d, contributions: batch(3), max_deposit: 0 };
		assert_eq!(weight(plain), <() as WeightInfo>::contribute_batch(3));
		assert_eq!(weight(revealing), <() as WeightInfo>::reveal(3));
	});
}
