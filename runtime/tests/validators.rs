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

/// Alice and Eve validate (Eve's keys in the test keystore); returns Eve's keys.
fn alice_and_eve_validate() -> SessionKeys {
	let keys = eve_registers_keys();
	assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), Eve.to_account_id()));
	run_to_session(2);
	assert!(aura_authorities().contains(&keys.aura));
	keys
}

/// A block of `slot` with `state_root`, not yet sealed.
fn block(state_root: u8) -> openledger_runtime::Header {
	use sp_runtime::traits::Header as _;
	openledger_runtime::Header::new(
		7,
		Default::default(),
		sp_core::H256::repeat_byte(state_root),
		Default::default(),
		Default::default(),
	)
}

/// A block of `slot`, sealed with `key` from the keystore as an Aura author seals it.
fn sealed_header(
	key: &sp_consensus_aura::sr25519::AuthorityId,
	slot: u64,
	state_root: u8,
) -> openledger_runtime::Header {
	pallet_aura_equivocation::seal_header(block(state_root), slot.into(), |hash| {
		sp_io::crypto::sr25519_sign(sp_core::crypto::key_types::AURA, key.as_ref(), hash)
			.map(sp_consensus_aura::sr25519::AuthoritySignature::from)
	})
	.expect("the key is in the keystore")
}

/// Applies `call` as an unsigned transaction in a block of its own, as the reporting node's
/// block includes it.
fn in_a_block(call: RuntimeCall) -> sp_runtime::ApplyExtrinsicResult {
	let xt = openledger_runtime::UncheckedExtrinsic::new_bare(call);
	crate::common::produce_block(vec![xt]).remove(0)
}

fn offences_of_kind(kind: &[u8; 16]) -> usize {
	frame_system::Pallet::<Runtime>::events()
		.iter()
		.filter(|r| {
			matches!(&r.event, openledger_runtime::RuntimeEvent::Offences(
				pallet_offences::Event::Offence { kind: k, .. }) if k == kind)
		})
		.count()
}

fn reported_and_removed(who: &openledger_runtime::AccountId) -> bool {
	frame_system::Pallet::<Runtime>::events().iter().any(|r| {
		matches!(&r.event, openledger_runtime::RuntimeEvent::ValidatorSet(
			pallet_validator_set::Event::OffenderReported { who: w, removed: true, .. }) if w == who)
	})
}

#[test]
fn a_validator_that_signs_two_blocks_in_one_slot_is_reported_and_leaves_in_two_blocks() {
	use frame_support::traits::KeyOwnerProofSystem;
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let keys = alice_and_eve_validate();
		let eve = Eve.to_account_id();
		let proof = pallet_aura_equivocation::EquivocationProof {
			offender: keys.aura.clone(),
			slot: 1234.into(),
			first_header: sealed_header(&keys.aura, 1234, 1),
			second_header: sealed_header(&keys.aura, 1234, 2),
		};
		let ownership = openledger_runtime::Historical::prove((
			sp_core::crypto::key_types::AURA,
			keys.aura.clone(),
		))
		.expect("Eve is a validator of this session");
		let report = RuntimeCall::AuraEquivocation(
			pallet_aura_equivocation::Call::report_equivocation_unsigned {
				equivocation_proof: Box::new(proof),
				key_owner_proof: ownership,
			},
		);
		assert_ok!(in_a_block(report.clone()).expect("valid in a block"));
		assert_eq!(offences_of_kind(b"aura:equivocatio"), 1, "the offence is on chain");
		assert!(reported_and_removed(&eve));
		assert_eq!(ValidatorSet::validators(), vec![Alice.to_account_id()]);
		// The next two blocks start a session each: the first queues the set without Eve, the
		// second makes it active (and the same equivocation again is stale in it).
		let session = pallet_session::CurrentIndex::<Runtime>::get();
		crate::common::produce_block(vec![]);
		assert!(aura_authorities().contains(&keys.aura), "one session still has Eve");
		assert!(in_a_block(report).is_err());
		assert_eq!(pallet_session::CurrentIndex::<Runtime>::get(), session + 2);
		assert!(!aura_authorities().contains(&keys.aura));
		assert!(!Grandpa::grandpa_authorities().iter().any(|(id, _)| id == &keys.grandpa));
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![Alice.to_account_id()]);
	});
}

#[test]
fn a_validator_that_votes_twice_in_a_grandpa_round_is_reported_and_leaves() {
	use frame_support::traits::KeyOwnerProofSystem;
	use sp_consensus_grandpa::{AuthoritySignature, Equivocation, EquivocationProof, KEY_TYPE};
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let keys = alice_and_eve_validate();
		let set_id = Grandpa::current_set_id();
		let round = 3;
		let vote = |byte: u8| {
			let prevote = finality_grandpa::Prevote {
				target_hash: sp_core::H256::repeat_byte(byte),
				target_number: 5u32,
			};
			let payload = sp_consensus_grandpa::localized_payload(
				round,
				set_id,
				&finality_grandpa::Message::Prevote(prevote.clone()),
			);
			let signature = sp_io::crypto::ed25519_sign(KEY_TYPE, keys.grandpa.as_ref(), &payload)
				.expect("the key is in the keystore");
			(prevote, AuthoritySignature::from(signature))
		};
		let proof = EquivocationProof::new(
			set_id,
			Equivocation::Prevote(finality_grandpa::Equivocation {
				round_number: round,
				identity: keys.grandpa.clone(),
				first: vote(1),
				second: vote(2),
			}),
		);
		let ownership =
			openledger_runtime::Historical::prove((KEY_TYPE, keys.grandpa.clone())).unwrap();
		let report = RuntimeCall::Grandpa(pallet_grandpa::Call::report_equivocation_unsigned {
			equivocation_proof: Box::new(proof),
			key_owner_proof: ownership,
		});
		assert_ok!(in_a_block(report).expect("valid in a block"));
		assert_eq!(offences_of_kind(b"grandpa:equivoca"), 1);
		assert!(reported_and_removed(&Eve.to_account_id()));

		crate::common::run_to_block(frame_system::Pallet::<Runtime>::block_number() + 2);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1, "Alice finalizes alone");
		// And sessions are regular again.
		let session = pallet_session::CurrentIndex::<Runtime>::get();
		crate::common::produce_block(vec![]);
		assert_eq!(pallet_session::CurrentIndex::<Runtime>::get(), session);
		assert!(!aura_authorities().contains(&keys.aura));
	});
}

#[test]
fn a_report_with_a_key_of_someone_else_or_no_equivocation_changes_nothing() {
	use frame_support::traits::KeyOwnerProofSystem;
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let keys = alice_and_eve_validate();
		let alice_aura = aura_authorities().into_iter().find(|k| k != &keys.aura).unwrap();
		let alice_ownership =
			openledger_runtime::Historical::prove((sp_core::crypto::key_types::AURA, alice_aura))
				.unwrap();
		let report = |proof, key_owner_proof| {
			RuntimeCall::AuraEquivocation(
				pallet_aura_equivocation::Call::report_equivocation_unsigned {
					equivocation_proof: Box::new(proof),
					key_owner_proof,
				},
			)
		};
		// Eve's two blocks, with Alice's key-ownership proof: refused.
		let eves = pallet_aura_equivocation::EquivocationProof {
			offender: keys.aura.clone(),
			slot: 99.into(),
			first_header: sealed_header(&keys.aura, 99, 1),
			second_header: sealed_header(&keys.aura, 99, 2),
		};
		assert!(in_a_block(report(eves, alice_ownership)).is_err());
		// One block twice: not an equivocation.
		let block = sealed_header(&keys.aura, 99, 1);
		let same = pallet_aura_equivocation::EquivocationProof {
			offender: keys.aura.clone(),
			slot: 99.into(),
			first_header: block.clone(),
			second_header: block,
		};
		let ownership = openledger_runtime::Historical::prove((
			sp_core::crypto::key_types::AURA,
			keys.aura.clone(),
		))
		.unwrap();
		let result = in_a_block(report(same, ownership)).expect("valid evidence of ownership");
		assert!(result.is_err(), "the dispatch fails: {result:?}");
		// Signed, by anyone: Bob reports Eve's slot with blocks he sealed himself, and pays.
		let forged = pallet_aura_equivocation::EquivocationProof {
			offender: keys.aura.clone(),
			slot: 99.into(),
			first_header: sealed_header(&keys.aura, 99, 1),
			second_header: sealed_by_bob(99, 2),
		};
		let ownership = openledger_runtime::Historical::prove((
			sp_core::crypto::key_types::AURA,
			keys.aura.clone(),
		))
		.unwrap();
		let signed_report =
			RuntimeCall::AuraEquivocation(pallet_aura_equivocation::Call::report_equivocation {
				equivocation_proof: Box::new(forged),
				key_owner_proof: ownership,
			});
		let (fees, results) = crate::common::run_signed(vec![(Bob.pair(), signed_report)]);
		assert_eq!(crate::common::module_error(results[0]), Some("InvalidEquivocationProof"));
		assert!(fees > 0, "a refused report pays its fee");
		assert_eq!(offences_of_kind(b"aura:equivocatio"), 0);
		assert_eq!(ValidatorSet::validators().len(), 2);
	});
}

/// A block of `slot` sealed with Bob's account key.
fn sealed_by_bob(slot: u64, state_root: u8) -> openledger_runtime::Header {
	use sp_core::Pair;
	pallet_aura_equivocation::seal_header(block(state_root), slot.into(), |hash| {
		Some(sp_consensus_aura::sr25519::AuthoritySignature::from(Bob.pair().sign(hash)))
	})
	.expect("signed")
}
