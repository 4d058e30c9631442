//! The epoch emission: shares by score, accrued lazily, capped by the rate, the setting and
//! the pool.

use crate::{
	mock::*, Accounts, EpochRates, EpochSummary, Error, Event, RewardSource, Summaries, TotalOwed,
};
use frame_support::{assert_noop, assert_ok};
use openledger_primitives::RewardsCredit;
use sp_runtime::{DispatchError, FixedU128};

#[test]
fn two_contributors_share_two_epochs_of_emission_exactly_by_their_scores() {
	build_and_execute(|| {
		set_emission(200);
		// Epoch 0 (blocks 1-9): Bob is credited 3,000 of data fees with a score of 300 (the
		// pool share they stand for), Charlie 1,000 with 100. Both mature at block 4.
		credit_data(BOB, 3_000, 300);
		credit_data(CHARLIE, 1_000, 100);
		<Rewards as RewardsCredit<u64, u64, u64>>::note_fees_settled(10_000);
		run_to_block(EPOCH_LENGTH);
		// Rate 200 / 400 = 0.5 per unit: Bob 150, Charlie 50, nothing touched yet.
		assert_eq!(EpochRates::<Test>::get(0), Some(FixedU128::from_rational(1, 2)));
		assert!(Accounts::<Test>::get(BOB).is_none());
		assert_eq!(Rewards::pending(BOB).emission, 150);
		assert_eq!(Rewards::pending(CHARLIE).emission, 50);
		assert_eq!(free(POOL), POOL_FUNDS - 200);
		assert_eq!(
			Summaries::<Test>::get(0),
			Some(EpochSummary {
				fees_settled: 10_000,
				attributed_to_data: 4_000,
				emitted: 200,
				claimed: 0
			})
		);
		assert!(events().contains(&Event::EpochClosed {
			epoch: 0,
			emitted: 200,
			score: 400,
			attributed_to_data: 4_000
		}));

		// Epoch 1: the other way round. Bob's new credit matures his epoch-0 credit first, whose
		// score becomes emission at once.
		credit_data(BOB, 1_000, 100);
		assert_eq!(Accounts::<Test>::get(BOB).unwrap().emission, 150);
		credit_data(CHARLIE, 3_000, 300);
		run_to_block(2 * EPOCH_LENGTH);
		assert_eq!(Rewards::pending(BOB).emission, 150 + 50);
		assert_eq!(Rewards::pending(CHARLIE).emission, 50 + 150);

		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(CHARLIE)));
		assert_eq!(free(BOB), ENDOWMENT + 4_000 + 200);
		assert_eq!(free(CHARLIE), ENDOWMENT + 4_000 + 200);
		assert_eq!(free(POOL), POOL_FUNDS - 400);
		assert_eq!(TotalOwed::<Test>::get(), 0);
		assert!(Accounts::<Test>::get(BOB).is_none() && Accounts::<Test>::get(CHARLIE).is_none());
	});
}

#[test]
fn an_epoch_emits_at_most_the_rate_cap_of_its_scores_whatever_the_setting() {
	build_and_execute(|| {
		// The whole pool on offer, and a score of 100: 90 % of it is emitted, no more.
		set_emission(MAX_EMISSION);
		credit_data(BOB, 1_000, 100);
		run_to_block(EPOCH_LENGTH);
		assert_eq!(EpochRates::<Test>::get(0), Some(FixedU128::from_rational(9, 10)));
		assert_eq!(Rewards::pending(BOB).emission, 90);
		assert_eq!(free(POOL), POOL_FUNDS - 90);
	});
}

#[test]
fn the_emission_setting_has_a_ceiling() {
	build_and_execute(|| {
		assert_noop!(
			Rewards::set_emission(RuntimeOrigin::root(), MAX_EMISSION + 1),
			Error::<Test>::EmissionAboveMax
		);
		set_emission(MAX_EMISSION);
	});
}

#[test]
fn no_data_no_emission_and_model_or_provider_fees_earn_none() {
	build_and_execute(|| {
		set_emission(1_000);
		credit(ALICE, 500, RewardSource::Model);
		credit(DAVE, 500, RewardSource::Provider);
		run_to_block(EPOCH_LENGTH);
		assert_eq!(free(POOL), POOL_FUNDS);
		assert!(EpochRates::<Test>::get(0).is_none());
		assert_eq!(Summaries::<Test>::get(0).unwrap().emitted, 0);
		assert_eq!(Rewards::pending(ALICE).emission, 0);
	});
}

#[test]
fn the_emission_is_capped_by_what_the_pool_can_spare() {
	build_and_execute(|| {
		set_emission(MAX_EMISSION);
		credit_data(BOB, 10, 2 * POOL_FUNDS);
		run_to_block(EPOCH_LENGTH);
		// The pool keeps its existential deposit.
		assert_eq!(free(POOL), 1);
		assert_eq!(Rewards::pending(BOB).emission, POOL_FUNDS - 1);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
	});
}

#[test]
fn only_the_admin_origin_sets_the_emission() {
	build_and_execute(|| {
		assert_noop!(
			Rewards::set_emission(RuntimeOrigin::signed(ALICE), 5),
			DispatchError::BadOrigin
		);
		set_emission(5);
		assert_eq!(events().last(), Some(&Event::EmissionSet { per_epoch: 5 }));
		assert_eq!(crate::EmissionPerEpoch::<Test>::get(), 5);
	});
}

#[test]
fn summaries_are_kept_for_the_last_epochs_only() {
	build_and_execute(|| {
		set_emission(100);
		// Rates of 1/2, 1/4, 1/5, 1/10 and 1/20: each epoch pays all of its 100.
		for (epoch, score) in [200, 400, 500, 1_000, 2_000].into_iter().enumerate() {
			credit_data(BOB, score, score);
			run_to_block((epoch as u64 + 1) * EPOCH_LENGTH);
		}
		// SummaryHistory is 3: epochs 2, 3 and 4, newest first.
		let kept: Vec<_> = Rewards::epoch_summaries()
			.into_iter()
			.map(|(e, s)| (e, s.attributed_to_data))
			.collect();
		assert_eq!(kept, vec![(4, 2_000), (3, 1_000), (2, 500)]);
		assert!(Summaries::<Test>::get(1).is_none());
		assert_eq!(Rewards::current_epoch().0, 5);
		// Five epochs of 100, all to Bob.
		assert_eq!(Rewards::pending(BOB).emission, 500);
	});
}
