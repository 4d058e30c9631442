//! The validator set: Root adds and removes validators; a session rotation makes it real.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{new_ext, run_to_session};
use frame_support::{assert_noop, assert_ok};
use openledger_runtime::{
	Grandpa, Runtime, RuntimeCall, RuntimeOrigin, SessionKeys, Sudo, ValidatorSet,
};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Eve};
use sp_runtime::DispatchError;

/// Eve generates keys in the keystore (as `author_rotateKeysWithOwner` does on her node) and
/// registers them with `session.setKeys`.
fn eve_registers_keys() -> SessionKeys {
	crate::common::register_session_keys(Eve)
}

fn aura_authorities() -> Vec<sp_consensus_aura::sr25519::AuthorityId> {
	pallet_aura::Authorities::<Runtime>::get().into_inner()
}

#[test]
fn root_adds_a_validator_who_authors_after_the_rotation() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let eve = Eve.to_account_id();
		let keys = eve_registers_keys();
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), eve.clone()));
		assert!(!aura_authorities().contains(&keys.aura), "not before the rotation");

		// The next session queues the new set; the one after makes it active.
		run_to_session(2);
		assert!(pallet_session::Validators::<Runtime>::get().contains(&eve));
		assert!(aura_authorities().contains(&keys.aura));
		assert!(Grandpa::grandpa_authorities().iter().any(|(id, _)| id == &keys.grandpa));
		assert_eq!(aura_authorities().len(), 2);
	});
}

#[test]
fn root_removes_a_validator_who_stops_after_the_rotation() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let eve = Eve.to_account_id();
		let keys = eve_registers_keys();
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), eve.clone()));
		run_to_session(2);
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), Alice.to_account_id()));
		run_to_session(4);
		assert_eq!(aura_authorities(), vec![keys.aura]);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![eve]);
	});
}

#[test]
fn sudo_dispatches_validator_changes_as_root() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let eve = Eve.to_account_id();
		eve_registers_keys();
		let add = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			who: eve.clone(),
		});
		assert_ok!(Sudo::sudo(RuntimeOrigin::signed(Alice.to_account_id()), Box::new(add)));
		assert!(pallet_validator_set::Validators::<Runtime>::get().contains(&eve));
	});
}

#[test]
fn a_signed_origin_gets_bad_origin() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let eve = Eve.to_account_id();
		eve_registers_keys();
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(Alice.to_account_id()), eve),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(
				RuntimeOrigin::signed(Bob.to_account_id()),
				Alice.to_account_id()
			),
			DispatchError::BadOrigin
		);
		// Sudo from a non-sudo account is refused too.
		let add = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			who: Eve.to_account_id(),
		});
		assert_noop!(
			Sudo::sudo(RuntimeOrigin::signed(Bob.to_account_id()), Box::new(add)),
			pallet_sudo::Error::<Runtime>::RequireSudo
		);
	});
}

#[test]
fn an_account_without_keys_cannot_be_added() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), Eve.to_account_id()),
			pallet_validator_set::Error::<Runtime>::NoSessionKeys
		);
	});
}

#[test]
fn the_last_validator_cannot_be_removed() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), Alice.to_account_id()),
			pallet_validator_set::Error::<Runtime>::TooFewValidators
		);
	});
}

#[test]
fn validators_cannot_purge_their_keys_and_empty_the_authority_set() {
	use frame_support::traits::{fungible::InspectHold, UnfilteredDispatchable};
	use sp_runtime::traits::Dispatchable;
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, eve) = (Alice.to_account_id(), Eve.to_account_id());
		let signed = |who: &openledger_runtime::AccountId| RuntimeOrigin::signed(who.clone());
		let error = |call: RuntimeCall, who| call.dispatch(signed(who)).map_err(|e| e.error);
		// The attack: Alice, the only validator, purges her keys, and at the next rotation
		// `pallet-session` drops her and hands GRANDPA an empty authority set.
		let purge = RuntimeCall::Session(pallet_session::Call::purge_keys {});
		let filtered = Err(frame_system::Error::<Runtime>::CallFiltered.into());
		assert_eq!(error(purge.clone(), &alice), filtered);
		let in_batch =
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![purge.clone()] });
		assert_eq!(error(in_batch, &alice), filtered);
		let through_the_set = RuntimeCall::ValidatorSet(pallet_validator_set::Call::purge_keys {});
		assert_eq!(
			error(through_the_set.clone(), &alice),
			Err(pallet_validator_set::Error::<Runtime>::StillValidator.into())
		);
		run_to_session(2);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone()]);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);

		// Outside the set, keys are purged and their deposit released.
		eve_registers_keys();
		let key_hold = || {
			openledger_runtime::Balances::balance_on_hold(
				&pallet_session::HoldReason::Keys.into(),
				&eve,
			)
		};
		assert!(key_hold() > 0);
		assert_ok!(through_the_set.dispatch(signed(&eve)));
		assert!(!pallet_session::NextKeys::<Runtime>::contains_key(&eve));
		assert_eq!(key_hold(), 0);
		// What the filter prevents: past it, the set loses its only vote.
		assert_ok!(purge.dispatch_bypass_filter(signed(&alice)));
		run_to_session(4);
		assert!(Grandpa::grandpa_authorities().is_empty());
	});
}
