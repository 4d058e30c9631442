//! Challenges of settled credits: opened, answered by a span witness, or upheld.

use crate::{
	challenges::WITNESS_DOMAIN, mock::*, Challenges, Error, Event, Inference, Inferences,
	SpanEvidence,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use openledger_attribution_rule::{content::Commitment, witness, Blake2b, Hasher};
use sp_core::H256;

const OUTPUT: &[u8] = b"Doctors agree: rest and fluids bring a fever down within two days.";
/// Bob's contribution 10 holds output tokens 3 to 12 ("rest ... days") at byte 1500 or so.
fn bob_file() -> Vec<u8> {
	let mut text = String::new();
	while text.len() < 1500 {
		text.push_str("lorem ipsum ");
	}
	text.push_str("rest and fluids bring a fever down within two days");
	while text.len() < 3000 {
		text.push_str(" dolor sit");
	}
	text.into_bytes()
}
/// Charlie's contribution 11 shares nothing with the output.
const CHARLIE_FILE: &[u8] = b"Bananas are berries, botanically speaking, and strawberries are not.";
/// Settled at block 1 with a challenge period of 4: the credits mature at block 8.
const MATURES_AT: u64 = 8;
/// Fee 1,000: pool 100, Alice (owner) 200, Eve (provider) 200, data 500: Bob 300, Charlie 200.
const WITHHELD: u64 = 900;

/// Contributions 10 and 11 commit to their files; the challenge period is 4 blocks.
fn setup() {
	ChallengePeriod::set(4);
	for (id, file) in [(10, bob_file()), (11, CHARLIE_FILE.to_vec())] {
		let Commitment { root, size } = Commitment::of::<Blake2b>(&file);
		Contents::mutate(|contents| contents.insert(id, (root, size)));
	}
}

/// Dave pays for an inference whose output is `output`; Eve settles it crediting 60 % of the
/// data share to Bob's contribution 10 and 40 % to Charlie's 11 (which the output does not
/// quote: a fabricated credit).
fn settled(output: &[u8]) -> u64 {
	let id = request();
	assert_ok!(Attribution::settle_inference(
		RuntimeOrigin::signed(EVE),
		id,
		H256(Blake2b::hash(output)),
		attribution(&[(10, 60), (11, 40)])
	));
	id
}

/// The witness that output tokens 3 to 12 occur in Bob's file, for `inference`.
fn evidence(inference: u64) -> SpanEvidence<Test> {
	let file = bob_file();
	let at = witness::find(OUTPUT, 3, 10, &file).expect("the run is in Bob's file");
	let proof = witness::prove::<Blake2b>(OUTPUT, 3, 10, &file, at).unwrap();
	SpanEvidence {
		binding: Attribution::witness_binding(inference, 0, 1, 10),
		output: OUTPUT.to_vec().try_into().unwrap(),
		output_start: 3,
		tokens: 10,
		span_start: at,
		first_chunk: proof.first_chunk,
		chunks: proof.chunks.try_into().unwrap(),
		proof: proof.proof.into_iter().map(H256).collect::<Vec<_>>().try_into().unwrap(),
	}
}

fn challenge(who: u64, inference: u64, contribution: u64) -> sp_runtime::DispatchResult {
	Attribution::challenge(RuntimeOrigin::signed(who), inference, contribution)
		.map(|_| ())
		.map_err(|e| e.error)
}

fn answer(inference: u64, evidence: SpanEvidence<Test>) -> sp_runtime::DispatchResult {
	Attribution::answer_challenge(RuntimeOrigin::signed(EVE), inference, evidence)
}

fn in_challenge(who: u64) -> u64 {
	Rewards::rewards_of(who).in_challenge.total()
}

fn held_deposit(who: u64) -> u64 {
	Balances::balance_on_hold(&crate::HoldReason::ChallengeDeposit.into(), &who)
}

#[test]
fn an_honest_credit_challenged_is_answered_and_the_challenger_pays() {
	build_and_execute(|| {
		setup();
		let id = settled(OUTPUT);
		assert_eq!(in_challenge(BOB), 300);
		let (dave, eve, pool) = (free(DAVE), free(EVE), free(POOL));

		assert_ok!(challenge(DAVE, id, 10));
		assert_eq!(held_deposit(DAVE), CHALLENGE_DEPOSIT);
		// Every credit of the settlement waits for the verdict.
		for who in [ALICE, BOB, CHARLIE, EVE] {
			assert_eq!(in_challenge(who), 0);
		}
		assert_eq!(
			events().last(),
			Some(&Event::ChallengeOpened {
				inference: id,
				challenger: DAVE,
				contribution: 10,
				deposit: CHALLENGE_DEPOSIT,
				respond_by: 1 + RESPONSE_PERIOD,
				withheld: WITHHELD,
			})
		);

		run_to_block(3, frame_support::weights::Weight::zero());
		assert_ok!(answer(id, evidence(id)));
		assert!(!Challenges::<Test>::contains_key(id));
		// The credits are back, maturing when they would have.
		assert_eq!(Rewards::rewards_of(BOB).maturing, vec![(MATURES_AT, 300)]);
		assert_eq!(in_challenge(CHARLIE), 200);
		// Half the deposit to Eve, half to the pool.
		assert_eq!(free(DAVE), dave - CHALLENGE_DEPOSIT);
		assert_eq!(free(EVE), eve + CHALLENGE_DEPOSIT / 2);
		assert_eq!(free(POOL), pool + CHALLENGE_DEPOSIT / 2);
		assert_eq!(held_deposit(DAVE), 0);
		assert_eq!(
			events().last(),
			Some(&Event::ChallengeRejected {
				inference: id,
				answered_by: EVE,
				to_provider: CHALLENGE_DEPOSIT / 2,
				to_pool: CHALLENGE_DEPOSIT / 2,
			})
		);

		run_to_block(MATURES_AT, frame_support::weights::Weight::zero());
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_eq!(free(BOB), ENDOWMENT + 300);
	});
}

#[test]
fn a_fabricated_credit_goes_unanswered_the_record_is_void_and_the_provider_slashed() {
	build_and_execute(|| {
		setup();
		let id = settled(OUTPUT);
		let (dave, eve, pool) = (free(DAVE), free(EVE), free(POOL));
		assert_ok!(challenge(DAVE, id, 11));
		// Nothing in Charlie's file answers it: Bob's witness is bound to contribution 10.
		assert_noop!(answer(id, evidence(id)), Error::<Test>::WrongBinding);
		assert_noop!(
			Attribution::decide_challenge(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::ResponsePeriodNotOver
		);

		run_to_block(2 + RESPONSE_PERIOD, frame_support::weights::Weight::zero());
		assert_noop!(answer(id, evidence(id)), Error::<Test>::ResponsePeriodOver);
		// Anyone may ask for the verdict.
		assert_ok!(Attribution::decide_challenge(RuntimeOrigin::signed(CHARLIE), id));
		assert_eq!(
			events().last(),
			Some(&Event::ChallengeUpheld {
				inference: id,
				challenger: DAVE,
				provider: EVE,
				to_challenger: CHALLENGE_SLASH / 2,
				to_pool: CHALLENGE_SLASH / 2,
				voided: WITHHELD,
			})
		);
		// Dave has his deposit back and half the slash; the pool the other half and every
		// credit of the record; nobody else gains.
		assert_eq!(free(DAVE), dave + CHALLENGE_SLASH / 2);
		assert_eq!(held_deposit(DAVE), 0);
		assert_eq!(free(EVE), eve - CHALLENGE_SLASH);
		assert_eq!(free(POOL), pool + CHALLENGE_SLASH / 2 + WITHHELD);
		assert_eq!(BondHeld::get().get(&EVE), Some(&(BOND - CHALLENGE_SLASH)));
		run_to_block(MATURES_AT, frame_support::weights::Weight::zero());
		for who in [ALICE, BOB, CHARLIE, EVE] {
			assert_eq!(Rewards::rewards_of(who).claimable.total, 0);
			assert_eq!(in_challenge(who), 0);
		}
		// The record stays, marked void; it cannot be challenged again.
		assert!(matches!(
			Inferences::<Test>::get(id),
			Some(Inference::Challengeable(settled)) if settled.voided
		));
		assert_noop!(challenge(BOB, id, 10), Error::<Test>::RecordVoided);
	});
}

#[test]
fn a_provider_who_challenges_itself_loses_and_the_consumer_gets_nothing_back() {
	// The self-dealing loop: a provider that voids its own record (consumer and provider
	// working together) gets neither the fee nor the slash back.
	build_and_execute(|| {
		setup();
		let id = settled(OUTPUT);
		let (dave, eve) = (free(DAVE), free(EVE));
		assert_ok!(challenge(EVE, id, 10));
		run_to_block(2 + RESPONSE_PERIOD, frame_support::weights::Weight::zero());
		assert_ok!(Attribution::decide_challenge(RuntimeOrigin::signed(EVE), id));
		assert_eq!(free(DAVE), dave, "the consumer is not refunded");
		assert_eq!(free(EVE), eve - CHALLENGE_SLASH / 2, "half the slash is lost");
		run_to_block(MATURES_AT, frame_support::weights::Weight::zero());
		assert_eq!(Rewards::rewards_of(EVE).claimable.total, 0, "and the provider's share");
	});
}

#[test]
fn a_challenge_is_refused_by_name_where_it_cannot_be_made() {
	build_and_execute(|| {
		setup();
		let pending = request();
		assert_noop!(challenge(DAVE, pending, 10), Error::<Test>::UnknownInference);
		assert_noop!(challenge(DAVE, 99, 10), Error::<Test>::UnknownInference);
		let id = settled(OUTPUT);
		assert_noop!(challenge(DAVE, id, 12), Error::<Test>::NotCredited);
		// Poor cannot put down the deposit.
		assert!(challenge(POOR, id, 10).is_err());
		assert_eq!(in_challenge(BOB), 300, "nothing was taken back");
		assert_ok!(challenge(DAVE, id, 10));
		assert_noop!(challenge(CHARLIE, id, 11), Error::<Test>::AlreadyChallenged);
		assert_noop!(
			Attribution::decide_challenge(RuntimeOrigin::signed(DAVE), pending),
			Error::<Test>::NoChallenge
		);
		assert_noop!(answer(pending, evidence(pending)), Error::<Test>::NoChallenge);
		assert_ok!(answer(id, evidence(id)));

		// A record settled before challenges existed keeps nothing to undo it by.
		let legacy = Inferences::<Test>::get(id).and_then(|i| i.record().cloned()).unwrap();
		Inferences::<Test>::insert(777, Inference::Settled(legacy));
		assert_noop!(challenge(DAVE, 777, 10), Error::<Test>::NotChallengeable);
		Inferences::<Test>::remove(777);

		// Once the credits mature it is too late.
		run_to_block(MATURES_AT, frame_support::weights::Weight::zero());
		assert_noop!(challenge(DAVE, id, 10), Error::<Test>::ChallengePeriodOver);
	});
}

#[test]
fn every_bad_witness_is_refused_by_name_and_changes_nothing() {
	build_and_execute(|| {
		setup();
		let id = settled(OUTPUT);
		// Another inference with the same output, crediting the same contribution.
		let other = settled(OUTPUT);
		assert_ok!(challenge(DAVE, id, 10));
		let good = evidence(id);
		let with = |change: &dyn Fn(&mut SpanEvidence<Test>)| {
			let mut e = good.clone();
			change(&mut e);
			e
		};
		// Replayed from another inference's challenge.
		assert_noop!(answer(id, evidence(other)), Error::<Test>::WrongBinding);
		// Made for another chain: the same record, another genesis hash.
		let elsewhere = H256(Blake2b::hash(
			&(WITNESS_DOMAIN, H256::repeat_byte(7), id, 0u32, 1u32, 10u64).encode(),
		));
		assert_noop!(answer(id, with(&|e| e.binding = elsewhere)), Error::<Test>::WrongBinding);
		// Another output (the record commits to this one).
		let mut other_output = OUTPUT.to_vec();
		other_output[0] = b'd';
		let wrong_bytes = with(&|e| e.output = other_output.clone().try_into().unwrap());
		assert_noop!(answer(id, wrong_bytes), Error::<Test>::OutputMismatch);
		// A wrong path: a proof hash or a revealed byte changed.
		assert_noop!(
			answer(id, with(&|e| e.proof[0] = H256::repeat_byte(1))),
			Error::<Test>::ChunksNotInContribution
		);
		assert_noop!(
			answer(id, with(&|e| e.chunks[5] ^= 1)),
			Error::<Test>::ChunksNotInContribution
		);
		// A span shorter than the rule's, or past the output's end.
		assert_noop!(answer(id, with(&|e| e.tokens = MIN_SPAN - 1)), Error::<Test>::SpanTooShort);
		assert_noop!(answer(id, with(&|e| e.output_start = 5)), Error::<Test>::SpanOutsideOutput);
		// A copy that starts inside a token, or claims other output tokens.
		assert_noop!(answer(id, with(&|e| e.span_start += 1)), Error::<Test>::SpanStartNotAToken);
		assert_noop!(answer(id, with(&|e| e.output_start = 2)), Error::<Test>::SpanTokensDiffer);
		// The good one still answers.
		assert_ok!(answer(id, good));
	});
}
