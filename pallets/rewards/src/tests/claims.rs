//! Crediting and claiming.

use crate::{mock::*, Accounts, Error, Event, PendingRewards, RewardSource, TotalOwed};
use frame_support::{assert_noop, assert_ok};

#[test]
fn credits_accumulate_by_source_and_a_claim_pays_them_all() {
	build_and_execute(|| {
		credit_data(BOB, 300, 30);
		credit(BOB, 20, RewardSource::Provider);
		credit(ALICE, 50, RewardSource::Model);
		credit_data(BOB, 5, 1);
		assert_eq!(
			Rewards::pending(BOB),
			PendingRewards {
				data: 305,
				model: 0,
				provider: 20,
				emission: 0,
				total: 325,
				current_epoch_score: 31
			}
		);
		assert_eq!(Rewards::pending(ALICE).total, 50);
		assert_eq!(TotalOwed::<Test>::get(), 375);

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
		// Bob's score still counts towards this epoch's emission, so his entry stays.
		assert!(Accounts::<Test>::contains_key(BOB));

		assert_ok!(Rewards::claim(RuntimeOrigin::signed(ALICE)));
		assert_eq!(free(ALICE), ENDOWMENT + 50);
		assert!(!Accounts::<Test>::contains_key(ALICE));
		assert_eq!(TotalOwed::<Test>::get(), 0);
		assert_eq!(Rewards::current_epoch().1.claimed, 375);
	});
}

#[test]
fn claiming_nothing_is_refused() {
	build_and_execute(|| {
		assert_noop!(Rewards::claim(RuntimeOrigin::signed(DAVE)), Error::<Test>::NothingToClaim);
		credit(BOB, 10, RewardSource::Data);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_noop!(Rewards::claim(RuntimeOrigin::signed(BOB)), Error::<Test>::NothingToClaim);
		assert_noop!(Rewards::claim(RuntimeOrigin::none()), sp_runtime::DispatchError::BadOrigin);
	});
}

#[test]
fn a_zero_credit_records_nothing() {
	build_and_execute(|| {
		credit_data(BOB, 0, 0);
		assert!(!Accounts::<Test>::contains_key(BOB));
		assert!(events().is_empty());
	});
}
