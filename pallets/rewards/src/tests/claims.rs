//! Crediting, the challenge period, and claiming.

use crate::{
	mock::*, pending::Amounts, AccountRewards, Accounts, CurrentScore, Error, Event, FutureScores,
	PendingCredits, PendingRewards, RewardSource, TotalOwed,
};
use frame_support::{assert_noop, assert_ok};

#[test]
fn credits_wait_out_their_challenge_period_then_a_claim_pays_them_all() {
	build_and_execute(|| {
		// Block 1: every credit matures at block 4 (the first even block after 1 + 2).
		credit_data(BOB, 300, 30);
		credit(BOB, 20, RewardSource::Provider);
		credit(ALICE, 50, RewardSource::Model);
		credit_data(BOB, 5, 1);
		assert_eq!(
			Rewards::rewards_of(BOB),
			AccountRewards {
				claimable: PendingRewards::default(),
				in_challenge: Amounts { data: 305, model: 0, provider: 20, score: 31 },
				maturing: vec![(4, 325)],
			}
		);
		assert!(events().contains(&Event::Credited {
			who: ALICE,
			amount: 50,
			source: RewardSource::Model,
			matures_at: 4
		}));
		assert_eq!(TotalOwed::<Test>::get(), 375);
		assert_noop!(Rewards::claim(RuntimeOrigin::signed(BOB)), Error::<Test>::StillInChallenge);

		run_to_block(4);
		assert_eq!(
			Rewards::rewards_of(BOB),
			AccountRewards {
				claimable: PendingRewards {
					data: 305,
					model: 0,
					provider: 20,
					emission: 0,
					total: 325,
					current_epoch_score: 31
				},
				in_challenge: Amounts::default(),
				maturing: vec![],
			}
		);
		assert_eq!(Rewards::pending(ALICE).total, 50);

		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_eq!(free(BOB), ENDOWMENT + 325);
		assert_eq!(
			events().last(),
			Some(&Event::Claimed {
				who: BOB,
				amount: 325,
				data: 305,
				model: 0,
				provider: 20,
				emission: 0
			})
		);
		assert_eq!(TotalOwed::<Test>::get(), 50);
		assert_eq!(Rewards::pending(BOB).total, 0);
		// Bob's score still counts towards this epoch's emission, so his entry stays; nothing
		// of his is pending any more.
		assert!(Accounts::<Test>::contains_key(BOB));
		assert!(!PendingCredits::<Test>::contains_key(BOB));

		assert_ok!(Rewards::claim(RuntimeOrigin::signed(ALICE)));
		assert_eq!(free(ALICE), ENDOWMENT + 50);
		assert!(!Accounts::<Test>::contains_key(ALICE));
		assert_eq!(TotalOwed::<Test>::get(), 0);
		assert_eq!(Rewards::current_epoch().1.claimed, 375);
	});
}

#[test]
fn a_claim_pays_what_matured_and_leaves_what_is_still_in_challenge() {
	build_and_execute(|| {
		credit(BOB, 100, RewardSource::Provider); // block 1: matures at 4
		run_to_block(3);
		credit(BOB, 10, RewardSource::Provider); // block 3: matures at 6
		assert_eq!(Rewards::rewards_of(BOB).maturing, vec![(4, 100), (6, 10)]);
		run_to_block(5);
		credit(BOB, 1, RewardSource::Provider); // block 5: matures at 8, in the freed bucket
		assert_eq!(Rewards::rewards_of(BOB).maturing, vec![(6, 10), (8, 1)]);

		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_eq!(free(BOB), ENDOWMENT + 100);
		assert_eq!(Rewards::rewards_of(BOB).in_challenge.provider, 11);
		assert_eq!(TotalOwed::<Test>::get(), 11);

		run_to_block(8);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_eq!(free(BOB), ENDOWMENT + 111);
		assert!(!Accounts::<Test>::contains_key(BOB) && !PendingCredits::<Test>::contains_key(BOB));
	});
}

#[test]
fn a_credit_touches_the_claimable_account_only_when_something_matured() {
	build_and_execute(|| {
		credit(BOB, 100, RewardSource::Model);
		credit(BOB, 100, RewardSource::Model);
		assert!(!Accounts::<Test>::contains_key(BOB), "nothing matured, nothing written there");
		run_to_block(4);
		credit(BOB, 7, RewardSource::Model);
		assert_eq!(Accounts::<Test>::get(BOB).map(|a| a.model), Some(200));
		assert_eq!(Rewards::rewards_of(BOB).maturing, vec![(6, 7)]);
	});
}

#[test]
fn a_score_counts_in_the_epoch_its_credit_matures_in() {
	build_and_execute(|| {
		run_to_block(EPOCH_LENGTH - 1);
		// Block 9 of epoch 0: matures at block 12, in epoch 1.
		credit_data(BOB, 1_000, 100);
		assert_eq!(CurrentScore::<Test>::get(), 0);
		assert_eq!(FutureScores::<Test>::get(1), Some(100));
		run_to_block(EPOCH_LENGTH);
		assert_eq!(CurrentScore::<Test>::get(), 100);
		assert_eq!(FutureScores::<Test>::get(1), None);
		assert_eq!(Rewards::pending(BOB).current_epoch_score, 0, "not matured yet");
		run_to_block(EPOCH_LENGTH + 2);
		assert_eq!(Rewards::pending(BOB).current_epoch_score, 100);
	});
}

#[test]
fn claiming_nothing_is_refused() {
	build_and_execute(|| {
		assert_noop!(Rewards::claim(RuntimeOrigin::signed(DAVE)), Error::<Test>::NothingToClaim);
		credit(BOB, 10, RewardSource::Data);
		assert_noop!(Rewards::claim(RuntimeOrigin::signed(BOB)), Error::<Test>::StillInChallenge);
		run_to_block(4);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_noop!(Rewards::claim(RuntimeOrigin::signed(BOB)), Error::<Test>::NothingToClaim);
		// A score waiting for its epoch's close is nothing to claim yet either.
		credit_data(CHARLIE, 0, 5);
		run_to_block(6);
		assert_eq!(Rewards::pending(CHARLIE).current_epoch_score, 5);
		assert_noop!(Rewards::claim(RuntimeOrigin::signed(CHARLIE)), Error::<Test>::NothingToClaim);
		assert_noop!(Rewards::claim(RuntimeOrigin::none()), sp_runtime::DispatchError::BadOrigin);
	});
}

#[test]
fn a_zero_credit_records_nothing() {
	build_and_execute(|| {
		credit_data(BOB, 0, 0);
		assert!(!Accounts::<Test>::contains_key(BOB));
		assert!(!PendingCredits::<Test>::contains_key(BOB));
		assert!(events().is_empty());
	});
}
