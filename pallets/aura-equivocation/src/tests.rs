//! Unit tests: what makes a proof valid, and what the pallet does with valid and invalid ones.

// `ValidateUnsigned` is deprecated for `#[pallet::authorize]`; see the pallet's.
#![allow(deprecated)]

use crate::{mock::*, Call, EquivocationProof, Error, Slot};
use frame_support::{assert_noop, assert_ok, dispatch::Pays, pallet_prelude::ValidateUnsigned};
use sp_consensus_aura::sr25519::{AuthorityId, AuthorityPair};
use sp_core::{crypto::Pair, H256};
use sp_runtime::{
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionSource},
	Digest,
};

type Header = frame_system::pallet_prelude::HeaderFor<Test>;

/// A block of `slot` with `state_root`, sealed by `pair` as an Aura author seals it.
fn sealed_header(pair: &AuthorityPair, slot: u64, state_root: u8) -> Header {
	let header = Header::new(
		7,
		H256::zero(),
		H256::repeat_byte(state_root),
		H256::repeat_byte(1),
		Digest::default(),
	);
	crate::seal_header(header, Slot::from(slot), |hash| Some(pair.sign(hash))).unwrap()
}

fn validator(seed: &str, owner: u64) -> AuthorityPair {
	let pair = AuthorityPair::from_string(seed, None).unwrap();
	Keys::mutate(|k| k.push((owner, pair.public())));
	pair
}

fn proof(
	offender: AuthorityId,
	slot: u64,
	first: Header,
	second: Header,
) -> Box<EquivocationProof<Header, AuthorityId>> {
	Box::new(EquivocationProof {
		offender,
		slot: Slot::from(slot),
		first_header: first,
		second_header: second,
	})
}

fn ownership(owner: u64) -> TestProof {
	TestProof { session: 3, validator_count: 4, owner }
}

#[test]
fn two_blocks_sealed_for_one_slot_are_an_offence() {
	new_test_ext().execute_with(|| {
		let dave = validator("//Dave", 4);
		let report =
			proof(dave.public(), 42, sealed_header(&dave, 42, 1), sealed_header(&dave, 42, 2));
		let post =
			AuraEquivocation::report_equivocation(RuntimeOrigin::signed(9), report, ownership(4))
				.unwrap();
		assert_eq!(post.pays_fee, Pays::No, "a valid report is free");
		assert_eq!(Offences::get(), vec![(vec![9], 4, 42, 3)]);
	});
}

#[test]
fn the_same_equivocation_is_reported_once() {
	new_test_ext().execute_with(|| {
		let dave = validator("//Dave", 4);
		let (first, second) = (sealed_header(&dave, 42, 1), sealed_header(&dave, 42, 2));
		assert_ok!(AuraEquivocation::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			proof(dave.public(), 42, first.clone(), second.clone()),
			ownership(4),
		));
		assert_noop!(
			AuraEquivocation::report_equivocation(
				RuntimeOrigin::signed(9),
				proof(dave.public(), 42, second, first),
				ownership(4)
			),
			Error::<Test>::DuplicateOffenceReport
		);
	});
}

#[test]
fn what_is_not_an_equivocation_is_refused() {
	new_test_ext().execute_with(|| {
		let dave = validator("//Dave", 4);
		let eve = validator("//Eve", 5);
		let block = sealed_header(&dave, 42, 1);
		let invalid = [
			// One block sealed twice: sr25519 seals differ, the block does not.
			proof(dave.public(), 42, block.clone(), sealed_header(&dave, 42, 1)),
			// Two slots.
			proof(dave.public(), 42, block.clone(), sealed_header(&dave, 43, 2)),
			// A slot other than the blocks'.
			proof(dave.public(), 41, block.clone(), sealed_header(&dave, 42, 2)),
			// A block sealed by someone else.
			proof(dave.public(), 42, block.clone(), sealed_header(&eve, 42, 2)),
			// Both sealed by Dave, blamed on Eve.
			proof(eve.public(), 42, block.clone(), sealed_header(&dave, 42, 2)),
		];
		for report in invalid {
			assert_noop!(
				AuraEquivocation::report_equivocation(
					RuntimeOrigin::signed(9),
					report,
					ownership(4)
				),
				Error::<Test>::InvalidEquivocationProof
			);
		}
		// Without a seal at all.
		let mut unsealed = sealed_header(&dave, 42, 2);
		unsealed.digest_mut().pop();
		assert_noop!(
			AuraEquivocation::report_equivocation(
				RuntimeOrigin::signed(9),
				proof(dave.public(), 42, block, unsealed),
				ownership(4)
			),
			Error::<Test>::InvalidEquivocationProof
		);
		assert!(Offences::get().is_empty());
	});
}

#[test]
fn a_key_not_owned_by_the_named_validator_is_refused() {
	new_test_ext().execute_with(|| {
		let dave = validator("//Dave", 4);
		let report =
			proof(dave.public(), 42, sealed_header(&dave, 42, 1), sealed_header(&dave, 42, 2));
		assert_noop!(
			AuraEquivocation::report_equivocation(RuntimeOrigin::signed(9), report, ownership(3)),
			Error::<Test>::InvalidKeyOwnershipProof
		);
	});
}

#[test]
fn unsigned_reports_come_only_from_the_local_node_or_a_block_and_only_once() {
	new_test_ext().execute_with(|| {
		let dave = validator("//Dave", 4);
		let call = Call::<Test>::report_equivocation_unsigned {
			equivocation_proof: proof(
				dave.public(),
				42,
				sealed_header(&dave, 42, 1),
				sealed_header(&dave, 42, 2),
			),
			key_owner_proof: ownership(4),
		};
		assert_eq!(
			AuraEquivocation::validate_unsigned(TransactionSource::External, &call),
			InvalidTransaction::Call.into()
		);
		let valid = AuraEquivocation::validate_unsigned(TransactionSource::Local, &call).unwrap();
		assert!(!valid.propagate);
		assert_eq!(valid.longevity, 100);
		assert_ok!(AuraEquivocation::validate_unsigned(TransactionSource::InBlock, &call));
		// A wrong owner fails in the pool already.
		let Call::report_equivocation_unsigned { equivocation_proof, .. } = call.clone() else {
			unreachable!()
		};
		let stolen = Call::<Test>::report_equivocation_unsigned {
			equivocation_proof,
			key_owner_proof: ownership(3),
		};
		assert_eq!(
			AuraEquivocation::validate_unsigned(TransactionSource::Local, &stolen),
			InvalidTransaction::BadProof.into()
		);
		// Once reported, the same report is stale.
		let Call::report_equivocation_unsigned { equivocation_proof, key_owner_proof } =
			call.clone()
		else {
			unreachable!()
		};
		assert_ok!(AuraEquivocation::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			equivocation_proof,
			key_owner_proof
		));
		assert_eq!(
			AuraEquivocation::validate_unsigned(TransactionSource::Local, &call),
			InvalidTransaction::Stale.into()
		);
		assert_eq!(AuraEquivocation::pre_dispatch(&call), Err(InvalidTransaction::Stale.into()));
	});
}

#[test]
fn unsigned_reports_need_no_origin_and_signed_ones_need_a_signer() {
	new_test_ext().execute_with(|| {
		let dave = validator("//Dave", 4);
		let report =
			|| proof(dave.public(), 42, sealed_header(&dave, 42, 1), sealed_header(&dave, 42, 2));
		assert_noop!(
			AuraEquivocation::report_equivocation_unsigned(
				RuntimeOrigin::signed(9),
				report(),
				ownership(4)
			),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			AuraEquivocation::report_equivocation(RuntimeOrigin::none(), report(), ownership(4)),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_offence_is_known_by_its_slot_and_slashes_as_babe_and_grandpa_do() {
	use sp_staking::offence::Offence;
	let offence = crate::EquivocationOffence {
		slot: Slot::from(42),
		session_index: 3,
		validator_set_count: 9,
		offender: 4u64,
	};
	assert_eq!(offence.offenders(), vec![4]);
	assert_eq!(offence.slot(), Slot::from(42));
	assert_eq!(offence.session_index(), 3);
	let one_in_nine = sp_runtime::Perbill::from_rational(3u32, 9).square();
	assert_eq!(offence.slash_fraction(1), one_in_nine);
	assert_eq!(offence.slash_fraction(3), sp_runtime::Perbill::one());
}

#[test]
fn a_report_is_charged_for_the_largest_set_whatever_count_its_proof_claims() {
	use crate::WeightInfo;
	use frame_support::dispatch::GetDispatchInfo;
	new_test_ext().execute_with(|| {
		let dave = validator("//Dave", 4);
		let report =
			proof(dave.public(), 42, sealed_header(&dave, 42, 1), sealed_header(&dave, 42, 2));
		// The proof's count is checked only after the set's trie is built: a claim of 4 in a
		// set of 100 must not pay for 4.
		let claims_four = Call::<Test>::report_equivocation {
			equivocation_proof: report,
			key_owner_proof: TestProof { session: 3, validator_count: 4, owner: 4 },
		};
		assert_ne!(
			<<Test as crate::Config>::WeightInfo as WeightInfo>::report_equivocation(4),
			<<Test as crate::Config>::WeightInfo as WeightInfo>::report_equivocation(100)
		);
		assert_eq!(
			claims_four.get_dispatch_info().call_weight,
			<<Test as crate::Config>::WeightInfo as WeightInfo>::report_equivocation(100)
		);
	});
}
