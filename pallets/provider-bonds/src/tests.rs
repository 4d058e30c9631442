use crate::{mock::*, Bond, Bonds, Error, Event, HoldReason, Unbonding};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Hooks},
};
use openledger_primitives::ProviderBonds as _;
use sp_runtime::TokenError;

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::ProviderBond.into(), &who)
}

fn bond(who: u64, amount: u64) {
	assert_ok!(ProviderBonds::bond(RuntimeOrigin::signed(who), amount));
}

fn unbond(who: u64, amount: u64) {
	assert_ok!(ProviderBonds::unbond(RuntimeOrigin::signed(who), amount));
}

#[test]
fn a_bond_of_the_minimum_lets_an_account_settle() {
	build_and_execute(|| {
		assert!(!ProviderBonds::is_bonded(&EVE));
		bond(EVE, 1_000);
		assert!(ProviderBonds::is_bonded(&EVE));
		assert_eq!(held(EVE), 1_000);
		assert_eq!(Balances::free_balance(EVE), ENDOWMENT - 1_000);
		// More adds to it; any amount will do once the minimum is held.
		bond(EVE, 1);
		assert_eq!(Bonds::<Test>::get(EVE), Some(Bond { active: 1_001, unbonding: None }));
		assert_eq!(
			events(),
			vec![
				Event::Bonded { who: EVE, amount: 1_000, active: 1_000 },
				Event::Bonded { who: EVE, amount: 1, active: 1_001 },
			]
		);
	});
}

#[test]
fn a_bond_below_the_minimum_a_zero_bond_and_an_unaffordable_one_are_refused() {
	build_and_execute(|| {
		assert_noop!(
			ProviderBonds::bond(RuntimeOrigin::signed(EVE), 999),
			Error::<Test>::BelowMinimum
		);
		assert_noop!(ProviderBonds::bond(RuntimeOrigin::signed(EVE), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			ProviderBonds::bond(RuntimeOrigin::signed(POOR), 1_000),
			TokenError::FundsUnavailable
		);
		assert_eq!(Bonds::<Test>::iter().count(), 0);
	});
}

#[test]
fn unbonding_stops_settling_at_once_and_releases_after_the_period() {
	build_and_execute(|| {
		bond(EVE, 1_000);
		unbond(EVE, 1_000);
		// Not bonded any more, but still held: a challenge may still take it.
		assert!(!ProviderBonds::is_bonded(&EVE));
		assert_eq!(held(EVE), 1_000);
		let unlocks_at = 1 + UNBONDING_PERIOD;
		assert_eq!(
			Bonds::<Test>::get(EVE),
			Some(Bond { active: 0, unbonding: Some(Unbonding { amount: 1_000, unlocks_at }) })
		);
		System::set_block_number(unlocks_at - 1);
		assert_noop!(
			ProviderBonds::withdraw_unbonded(RuntimeOrigin::signed(EVE)),
			Error::<Test>::StillUnbonding
		);
		System::set_block_number(unlocks_at);
		assert_ok!(ProviderBonds::withdraw_unbonded(RuntimeOrigin::signed(EVE)));
		assert_eq!(held(EVE), 0);
		assert_eq!(Balances::free_balance(EVE), ENDOWMENT);
		assert_eq!(Bonds::<Test>::get(EVE), None, "an empty bond leaves no record");
		assert_eq!(events().last(), Some(&Event::Withdrawn { who: EVE, amount: 1_000 }));
	});
}

#[test]
fn what_stays_active_is_zero_or_at_least_the_minimum() {
	build_and_execute(|| {
		bond(EVE, 1_500);
		assert_noop!(
			ProviderBonds::unbond(RuntimeOrigin::signed(EVE), 501),
			Error::<Test>::BelowMinimum
		);
		assert_noop!(
			ProviderBonds::unbond(RuntimeOrigin::signed(EVE), 1_501),
			Error::<Test>::InsufficientBond
		);
		assert_noop!(
			ProviderBonds::unbond(RuntimeOrigin::signed(EVE), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			ProviderBonds::unbond(RuntimeOrigin::signed(FERDIE), 1),
			Error::<Test>::NotBonded
		);
		unbond(EVE, 500);
		assert!(ProviderBonds::is_bonded(&EVE), "the minimum stays active");
		// Withdrawing keeps the active part.
		System::set_block_number(1 + UNBONDING_PERIOD);
		assert_ok!(ProviderBonds::withdraw_unbonded(RuntimeOrigin::signed(EVE)));
		assert_eq!(Bonds::<Test>::get(EVE), Some(Bond { active: 1_000, unbonding: None }));
		assert_eq!(held(EVE), 1_000);
	});
}

#[test]
fn withdrawing_with_nothing_unbonding_is_refused() {
	build_and_execute(|| {
		assert_noop!(
			ProviderBonds::withdraw_unbonded(RuntimeOrigin::signed(EVE)),
			Error::<Test>::NotBonded
		);
		bond(EVE, 1_000);
		assert_noop!(
			ProviderBonds::withdraw_unbonded(RuntimeOrigin::signed(EVE)),
			Error::<Test>::NothingUnbonding
		);
	});
}

/// The attack: unbond a little early so that most of the bond leaves before a challenge of
/// what was settled since can take it. A later unbond restarts the period for all of it.
#[test]
fn unbonding_again_restarts_the_period_for_all_of_it() {
	build_and_execute(|| {
		bond(EVE, 3_000);
		unbond(EVE, 1_000);
		System::set_block_number(9);
		unbond(EVE, 1_000);
		let unlocks_at = 9 + UNBONDING_PERIOD;
		assert_eq!(
			Bonds::<Test>::get(EVE).and_then(|b| b.unbonding),
			Some(Unbonding { amount: 2_000, unlocks_at })
		);
		System::set_block_number(1 + UNBONDING_PERIOD);
		assert_noop!(
			ProviderBonds::withdraw_unbonded(RuntimeOrigin::signed(EVE)),
			Error::<Test>::StillUnbonding
		);
	});
}

#[test]
fn a_slash_takes_the_active_bond_first_then_what_is_unbonding_and_never_more() {
	build_and_execute(|| {
		bond(EVE, 2_000);
		unbond(EVE, 1_000);
		let pool = Balances::free_balance(POOL);
		assert_eq!(ProviderBonds::slash(&EVE, 600, &POOL), 600);
		assert_eq!(Bonds::<Test>::get(EVE).map(|b| b.active), Some(400));
		assert!(!ProviderBonds::is_bonded(&EVE), "below the minimum after a slash");
		assert_eq!(ProviderBonds::slash(&EVE, 600, &CHARLIE), 600);
		assert_eq!(
			Bonds::<Test>::get(EVE),
			Some(Bond {
				active: 0,
				unbonding: Some(Unbonding { amount: 800, unlocks_at: 1 + UNBONDING_PERIOD })
			})
		);
		// Asking for more than is held takes what is held.
		assert_eq!(ProviderBonds::slash(&EVE, 10_000, &POOL), 800);
		assert_eq!(Bonds::<Test>::get(EVE), None);
		assert_eq!(held(EVE), 0);
		assert_eq!(Balances::free_balance(POOL), pool + 1_400);
		assert_eq!(Balances::free_balance(CHARLIE), ENDOWMENT + 600);
		assert_eq!(Balances::free_balance(EVE), ENDOWMENT - 2_000);
		assert_eq!(ProviderBonds::slash(&EVE, 1, &POOL), 0, "nothing left to take");
		assert_eq!(ProviderBonds::slash(&FERDIE, 1, &POOL), 0, "never bonded");
		assert_eq!(events().last(), Some(&Event::Slashed { who: EVE, amount: 800, to: POOL }));
	});
}

#[test]
fn raising_the_minimum_stops_smaller_bonds_from_settling_until_topped_up() {
	build_and_execute(|| {
		bond(EVE, 1_000);
		MinBond::set(2_000);
		assert!(!ProviderBonds::is_bonded(&EVE));
		assert_eq!(held(EVE), 1_000, "the bond stays as it is");
		bond(EVE, 1_000);
		assert!(ProviderBonds::is_bonded(&EVE));
		MinBond::set(1_000);
	});
}

#[test]
fn the_unbonding_period_outlasts_the_challenge_window() {
	build_and_execute(ProviderBonds::integrity_test);
}
