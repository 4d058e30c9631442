//! The OPEN token through real signed transactions: transfers, fees, and bad input.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{fees_paid, free, new_ext, produce_block, signed};
use frame_support::{
	assert_noop,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
		Get,
	},
};
use openledger_runtime::{
	configs::RewardsPool, currency::OPEN, Balances, Runtime, RuntimeCall, System,
};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use sp_runtime::{DispatchError, TokenError};

#[test]
fn a_transfer_moves_funds_and_pays_a_fee_into_the_rewards_pool() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob, pool) = (Alice.to_account_id(), Bob.to_account_id(), RewardsPool::get());
		let before = (free(&alice), free(&bob), free(&pool), Balances::total_issuance());

		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: bob.clone().into(),
			value: 100 * OPEN,
		});
		let results = produce_block(vec![signed(&Alice.pair(), transfer)]);
		assert!(matches!(results[0], Ok(Ok(()))), "{:?}", results[0]);

		let fee = fees_paid();
		assert!(fee > 0);
		// A transfer costs under a thousandth of an OPEN (docs/economics.md quotes this figure).
		println!("fee of a transfer_keep_alive: {fee}");
		assert!(fee < OPEN / 1_000, "fee {fee}");

		assert_eq!(free(&bob), before.1 + 100 * OPEN);
		assert_eq!(free(&alice), before.0 - 100 * OPEN - fee);
		assert_eq!(free(&pool), before.2 + fee, "fees go to the rewards pool");
		assert_eq!(Balances::total_issuance(), before.3, "nothing is burnt or minted");
	});
}

#[test]
fn a_transfer_above_the_free_balance_fails_and_changes_no_balance() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
		let too_much = free(&alice) + 1;
		assert_noop!(
			Balances::transfer_allow_death(
				openledger_runtime::RuntimeOrigin::signed(alice.clone()),
				bob.clone().into(),
				too_much,
			),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
	});
}

#[test]
fn a_failed_transfer_in_a_block_charges_only_the_fee() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
		let before = (free(&alice), free(&bob), Balances::total_issuance());
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: bob.clone().into(),
			value: before.0 * 2,
		});
		let results = produce_block(vec![signed(&Alice.pair(), transfer)]);
		assert_eq!(
			results[0].clone().unwrap(),
			Err(DispatchError::Token(TokenError::FundsUnavailable))
		);
		let fee = before.0 - free(&alice);
		assert!(fee > 0 && fee < OPEN / 1_000);
		assert_eq!(free(&bob), before.1);
		assert_eq!(Balances::total_issuance(), before.2);
		assert_eq!(<Balances as Inspect<_>>::balance(&bob), before.1);
	});
}

#[test]
fn fees_rise_with_congestion() {
	use pallet_transaction_payment::NextFeeMultiplier;
	use sp_runtime::traits::One;
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		produce_block(vec![]);
		let idle = NextFeeMultiplier::<Runtime>::get();
		// An idle chain keeps the base price: the multiplier never falls below one.
		assert_eq!(idle, sp_runtime::FixedU128::one());

		// Fill the block's normal class to 75%, well above the 25% target.
		// (A percentage of the weight: its proof size is unlimited, so `* 3` would overflow.)
		System::set_block_consumed_resources(
			sp_runtime::Perbill::from_percent(75) *
				openledger_runtime::configs::RuntimeBlockWeights::get().max_block,
			0,
		);
		<pallet_transaction_payment::Pallet<Runtime> as frame_support::traits::Hooks<_>>::on_finalize(
			System::block_number(),
		);
		assert!(NextFeeMultiplier::<Runtime>::get() > idle);
	});
}

#[test]
fn a_batch_all_applies_every_transfer_or_none() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
		let transfer = |value| {
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: bob.clone().into(),
				value,
			})
		};
		let batch = |calls| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });

		let bob_before = free(&bob);
		let results = produce_block(vec![signed(
			&Alice.pair(),
			batch(vec![transfer(OPEN), transfer(2 * OPEN)]),
		)]);
		assert!(matches!(results[0], Ok(Ok(()))), "{:?}", results[0]);
		assert_eq!(free(&bob), bob_before + 3 * OPEN);

		// The second transfer cannot be paid, so the first is rolled back too.
		let results = produce_block(vec![signed(
			&Alice.pair(),
			batch(vec![transfer(OPEN), transfer(free(&alice) * 2)]),
		)]);
		assert_eq!(
			results[0].clone().unwrap(),
			Err(DispatchError::Token(TokenError::FundsUnavailable))
		);
		assert_eq!(free(&bob), bob_before + 3 * OPEN);
	});
}

/// Found by the runtime fuzzer (seed 100558): an account reaped below the existential deposit
/// burnt its dust, and the total issuance fell. The dust now goes to the rewards pool.
#[test]
fn nobody_can_burn_open_alone_or_in_a_batch() {
	// The supply is fixed (docs/economics.md); `balances.burn` was open to every account.
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob, pool) = (Alice.to_account_id(), Bob.to_account_id(), RewardsPool::get());
		let before = (free(&alice) + free(&bob), free(&pool));
		let burn =
			RuntimeCall::Balances(pallet_balances::Call::burn { value: OPEN, keep_alive: true });
		let batch =
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![burn.clone()] });
		let issuance = Balances::total_issuance();
		let results = produce_block(vec![signed(&Alice.pair(), burn), signed(&Bob.pair(), batch)]);
		let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
		assert_eq!(results[0], Ok(Err(filtered)), "a signed burn");
		assert!(matches!(results[1], Ok(Err(_))), "a batch with a burn: {:?}", results[1]);
		assert!(System::events().iter().all(|e| !matches!(
			e.event,
			openledger_runtime::RuntimeEvent::Balances(pallet_balances::Event::Burned { .. })
		)));
		// Only the fees moved, and they went to the rewards pool: nothing left the supply.
		let fees = fees_paid();
		assert_eq!(free(&alice) + free(&bob), before.0 - fees);
		assert_eq!(free(&pool), before.1 + fees);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn the_dust_of_a_reaped_account_goes_to_the_rewards_pool_and_nothing_is_burnt() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob, pool) = (Alice.to_account_id(), Bob.to_account_id(), RewardsPool::get());
		let issuance = Balances::total_issuance();
		let ed: u128 = <Runtime as pallet_balances::Config>::ExistentialDeposit::get();
		let dust = ed / 3;

		// Bob leaves himself a third of the existential deposit: his account is reaped.
		let pool_before = free(&pool);
		let all_but_dust = free(&bob) - dust;
		assert!(<Balances as Mutate<_>>::transfer(
			&bob,
			&alice,
			all_but_dust,
			Preservation::Expendable
		)
		.is_ok());
		assert_eq!(free(&bob), 0);
		assert!(!System::account_exists(&bob), "Bob's account was reaped");
		assert_eq!(free(&pool), pool_before + dust, "his dust went to the pool");
		assert_eq!(Balances::total_issuance(), issuance, "nothing is burnt");
		assert_eq!(<Balances as Inspect<_>>::total_issuance(), issuance);
	});
}
