//! Credits taken back while a challenge of their settlement is open, and given again.

use crate::{
	mock::*, pending::Amounts, CurrentScore, Error, Event, FutureScores, PendingCredits,
	RewardSource, TotalOwed,
};
use frame_support::{assert_noop, assert_ok};
use openledger_primitives::RewardsCredit;

fn take(
	who: u64,
	amount: u64,
	source: RewardSource,
	score: u64,
	at: u64,
) -> sp_runtime::DispatchResult {
	<Rewards as RewardsCredit<u64, u64, u64>>::take_pending(&who, amount, source, score, at)
}

fn restore(who: u64, amount: u64, source: RewardSource, score: u64, at: u64) {
	assert_ok!(<Rewards as RewardsCredit<u64, u64, u64>>::restore_pending(
		&who, amount, source, score, at
	));
}

/// What the attribution pallet does with a voided credit: moves it from the pot to the pool.
fn to_pool(amount: u64) {
	assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
		&Rewards::pot(),
		&POOL,
		amount,
		frame_support::traits::tokens::Preservation::Preserve
	));
}

#[test]
fn a_credit_taken_back_leaves_the_account_the_scores_and_what_is_owed() {
	build_and_execute(|| {
		// Block 1: both mature at 4.
		credit_data(BOB, 300, 30);
		credit_data(BOB, 100, 10);
		assert_eq!(CurrentScore::<Test>::get(), 40);
		assert_ok!(take(BOB, 100, RewardSource::Data, 10, 1));
		assert_eq!(
			Rewards::rewards_of(BOB).in_challenge,
			Amounts { data: 300, score: 30, ..Default::default() }
		);
		assert_eq!(CurrentScore::<Test>::get(), 30);
		assert_eq!(TotalOwed::<Test>::get(), 300);
		assert_eq!(
			events().last(),
			Some(&Event::CreditTaken { who: BOB, amount: 100, source: RewardSource::Data })
		);
		// The 100 stays in the pot, owed to nobody: whoever took it moves it on.
		assert_eq!(free(Rewards::pot()), 1 + 400);
		run_to_block(4);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_eq!(free(BOB), ENDOWMENT + 300);
		// What the test's caller would do with a voided credit: pay it to the pool.
		to_pool(100);
	});
}

#[test]
fn only_what_is_pending_can_be_taken() {
	build_and_execute(|| {
		credit(BOB, 50, RewardSource::Model);
		// More than was credited, another source, another maturity: refused, nothing changes.
		assert_noop!(take(BOB, 51, RewardSource::Model, 0, 1), Error::<Test>::NotPending);
		assert_noop!(take(BOB, 50, RewardSource::Provider, 0, 1), Error::<Test>::NotPending);
		assert_noop!(take(BOB, 50, RewardSource::Model, 0, 3), Error::<Test>::NotPending);
		assert_noop!(take(ALICE, 1, RewardSource::Model, 0, 1), Error::<Test>::NotPending);
		// Once matured it is the account's: a challenge comes too late.
		run_to_block(4);
		assert_noop!(take(BOB, 50, RewardSource::Model, 0, 1), Error::<Test>::NotPending);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
	});
}

#[test]
fn a_score_in_a_later_epoch_is_taken_from_that_epochs_total() {
	build_and_execute(|| {
		run_to_block(EPOCH_LENGTH - 1);
		credit_data(BOB, 1_000, 100); // matures at 12, in epoch 1
		credit_data(CHARLIE, 500, 50);
		assert_ok!(take(BOB, 1_000, RewardSource::Data, 100, EPOCH_LENGTH - 1));
		assert_eq!(FutureScores::<Test>::get(1), Some(50));
		assert_ok!(take(CHARLIE, 500, RewardSource::Data, 50, EPOCH_LENGTH - 1));
		assert_eq!(FutureScores::<Test>::get(1), None, "an emptied total leaves no entry");
		assert!(!PendingCredits::<Test>::contains_key(BOB));
		// Given back, both count in epoch 1 again.
		restore(BOB, 1_000, RewardSource::Data, 100, EPOCH_LENGTH - 1);
		assert_eq!(FutureScores::<Test>::get(1), Some(100));
		assert_eq!(Rewards::rewards_of(BOB).maturing, vec![(12, 1_000)]);
		// The 500 of Charlie goes to the pool instead.
		to_pool(500);
	});
}

#[test]
fn a_credit_restored_matures_when_it_would_have_or_at_once_if_that_passed() {
	build_and_execute(|| {
		credit(BOB, 40, RewardSource::Provider); // block 1: matures at 4
		credit(ALICE, 60, RewardSource::Model);
		assert_ok!(take(BOB, 40, RewardSource::Provider, 0, 1));
		assert_ok!(take(ALICE, 60, RewardSource::Model, 0, 1));
		restore(BOB, 40, RewardSource::Provider, 0, 1);
		assert_eq!(
			events().last(),
			Some(&Event::CreditRestored {
				who: BOB,
				amount: 40,
				source: RewardSource::Provider,
				matures_at: 4
			})
		);
		assert_noop!(Rewards::claim(RuntimeOrigin::signed(BOB)), Error::<Test>::StillInChallenge);
		// Alice's verdict comes after block 4: claimable at once.
		run_to_block(5);
		restore(ALICE, 60, RewardSource::Model, 0, 1);
		assert_eq!(Rewards::pending(ALICE).model, 60);
		assert!(!PendingCredits::<Test>::contains_key(ALICE), "claimable, not pending");
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(ALICE)));
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_eq!(free(ALICE), ENDOWMENT + 60);
		assert_eq!(free(BOB), ENDOWMENT + 40);
		assert_eq!(TotalOwed::<Test>::get(), 0);
	});
}

#[test]
fn a_late_credit_is_claimable_at_once_even_with_both_buckets_full() {
	build_and_execute(|| {
		run_to_block(3);
		credit(BOB, 10, RewardSource::Provider); // block 3: matures at 6
		assert_ok!(take(BOB, 10, RewardSource::Provider, 0, 3));
		run_to_block(7);
		credit(BOB, 1, RewardSource::Provider); // block 7: matures at 10
		run_to_block(9);
		credit(BOB, 2, RewardSource::Provider); // block 9: matures at 12
		assert_eq!(Rewards::rewards_of(BOB).maturing, vec![(10, 1), (12, 2)]);
		restore(BOB, 10, RewardSource::Provider, 0, 3);
		assert_eq!(Rewards::pending(BOB).provider, 10);
		assert_eq!(Rewards::rewards_of(BOB).maturing, vec![(10, 1), (12, 2)]);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_eq!(free(BOB), ENDOWMENT + 10);
	});
}

#[test]
fn a_data_credit_restored_late_scores_in_the_current_epoch() {
	build_and_execute(|| {
		credit_data(BOB, 300, 30); // block 1: matures at 4, epoch 0
		assert_ok!(take(BOB, 300, RewardSource::Data, 30, 1));
		assert_eq!(CurrentScore::<Test>::get(), 0);
		run_to_block(EPOCH_LENGTH + 1);
		restore(BOB, 300, RewardSource::Data, 30, 1);
		assert_eq!(CurrentScore::<Test>::get(), 30);
		assert_eq!(Rewards::pending(BOB).current_epoch_score, 30);
	});
}
