//! The epoch emission: shares by attributed data fees, lazily settled, capped by the pool.

use crate::{
	mock::*, Accounts, EpochRates, EpochSummary, Event, RewardSource, Summaries, TotalOwed,
};
use frame_support::{assert_noop, assert_ok};
use openledger_primitives::RewardsCredit;
use sp_runtime::{DispatchError, FixedU128};

fn set_emission(amount: u64) {
	assert_ok!(Rewards::set_emission(RuntimeOrigin::root(), amount));
}

#[test]
fn two_contributors_share_two_epochs_of_emission_exactly_by_their_data_fees() {
	build_and_execute(|| {
		set_emission(1_000);
		// Epoch 0 (blocks 1-9): Bob earns 300 of data fees, Charlie 100.
		credit(BOB, 300, RewardSource::Data);
		credit(CHARLIE, 100, RewardSource::Data);
		<Rewards as RewardsCredit<u64, u64>>::note_fees_settled(1_000);
		run_to_block(EPOCH_LENGTH);
		// Rate 1000 / 400 = 2.5 per unit: Bob 750, Charlie 250, nothing touched yet.
		assert_eq!(EpochRates::<Test>::get(0), Some(FixedU128::from_rational(5, 2)));
		assert_eq!(Accounts::<Test>::get(BOB).unwrap().emission, 0);
		assert_eq!(Rewards::pending(BOB).emission, 750);
		assert_eq!(Rewards::pending(CHARLIE).emission, 250);
		assert_eq!(free(POOL), POOL_FUNDS - 1_000);
		assert_eq!(
			Summaries::<Test>::get(0),
			Some(EpochSummary {
				fees_settled: 1_000,
				attributed_to_data: 400,
				emitted: 1_000,
				claimed: 0
			})
		);
		assert!(events().contains(&Event::EpochClosed {
			epoch: 0,
			emitted: 1_000,
			attributed_to_data: 400
		}));

		// Epoch 1: the other way round. Bob's new credit settles his epoch-0 share first.
		credit(BOB, 100, RewardSource::Data);
		assert_eq!(Accounts::<Test>::get(BOB).unwrap().emission, 750);
		credit(CHARLIE, 300, RewardSource::Data);
		run_to_block(2 * EPOCH_LENGTH);
		assert_eq!(Rewards::pending(BOB).emission, 750 + 250);
		assert_eq!(Rewards::pending(CHARLIE).emission, 250 + 750);

		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(CHARLIE)));
		assert_eq!(free(BOB), ENDOWMENT + 400 + 1_000);
		assert_eq!(free(CHARLIE), ENDOWMENT + 400 + 1_000);
		assert_eq!(free(POOL), POOL_FUNDS - 2_000);
		assert_eq!(TotalOwed::<Test>::get(), 0);
		assert!(Accounts::<Test>::get(BOB).is_none() && Accounts::<Test>::get(CHARLIE).is_none());
	});
}

#[test]
fn shares_round_down_and_the_dust_stays_in_the_pot() {
	build_and_execute(|| {
		set_emission(1_000);
		for who in [ALICE, BOB, CHARLIE] {
			credit(who, 1, RewardSource::Data);
		}
		run_to_block(EPOCH_LENGTH);
		// 1000 / 3 per unit: each is owed 333; the rate pays 999 in aggregate.
		assert_eq!(Summaries::<Test>::get(0).unwrap().emitted, 999);
		for who in [ALICE, BOB, CHARLIE] {
			assert_eq!(Rewards::pending(who).emission, 333);
			assert_ok!(Rewards::claim(RuntimeOrigin::signed(who)));
		}
		// The pool kept the rounding dust; the pot is back to its existential deposit.
		assert_eq!(free(POOL), POOL_FUNDS - 999);
		assert_eq!(free(Rewards::pot()), 1);
		assert_eq!(TotalOwed::<Test>::get(), 0);
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
		set_emission(10 * POOL_FUNDS);
		credit(BOB, 10, RewardSource::Data);
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
		// Scores that divide 100, so that each epoch pays all of it.
		for (epoch, score) in [10, 20, 25, 50, 100].into_iter().enumerate() {
			credit(BOB, score, RewardSource::Data);
			run_to_block((epoch as u64 + 1) * EPOCH_LENGTH);
		}
		// SummaryHistory is 3: epochs 2, 3 and 4, newest first.
		let kept: Vec<_> = Rewards::epoch_summaries()
			.into_iter()
			.map(|(e, s)| (e, s.attributed_to_data))
			.collect();
		assert_eq!(kept, vec![(4, 100), (3, 50), (2, 25)]);
		assert!(Summaries::<Test>::get(1).is_none());
		assert_eq!(Rewards::current_epoch().0, 5);
		// Five epochs of 100, all to Bob.
		assert_eq!(Rewards::pending(BOB).emission, 500);
	});
}
