//! Challenges of settled records, of a credit or of an omission: opened, answered by a span
//! witness, or upheld.

use crate::{
	challenges::WITNESS_DOMAIN, mock::*, Challenges, Dispute, Error, Event, Inference, Inferences,
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
	witness_of(inference, 10, &bob_file(), 3, 10)
}

/// The witness that `tokens` output tokens from `start` occur in `file`, the content of
/// `contribution`, for `inference`.
fn witness_of(
	inference: u64,
	contribution: u64,
	file: &[u8],
	start: u32,
	tokens: u32,
) -> SpanEvidence<Test> {
	let at = witness::find(OUTPUT, start, tokens, file).expect("the run is in the file");
	let proof = witness::prove::<Blake2b>(OUTPUT, start, tokens, file, at).unwrap();
	SpanEvidence {
		binding: Attribution::witness_binding(inference, 0, 1, contribution),
		output: OUTPUT.to_vec().try_into().unwrap(),
		output_start: start,
		tokens,
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

/// Eve answers challenge 0 of `inference` with `evidence` of a run in contribution 10.
fn answer(inference: u64, evidence: SpanEvidence<Test>) -> sp_runtime::DispatchResult {
	answer_with(inference, 0, 10, evidence)
}

fn answer_with(
	inference: u64,
	challenge: u32,
	contribution: u64,
	evidence: SpanEvidence<Test>,
) -> sp_runtime::DispatchResult {
	Attribution::answer_challenge(
		RuntimeOrigin::signed(EVE),
		inference,
		challenge,
		contribution,
		evidence,
	)
}

fn decide(who: u64, inference: u64, challenge: u32) -> sp_runtime::DispatchResult {
	Attribution::decide_challenge(RuntimeOrigin::signed(who), inference, challenge)
}

fn challenge_omission(
	who: u64,
	inference: u64,
	contribution: u64,
	evidence: SpanEvidence<Test>,
) -> sp_runtime::DispatchResult {
	Attribution::challenge_omission(RuntimeOrigin::signed(who), inference, contribution, evidence)
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
				challenge: 0,
				challenger: DAVE,
				contribution: 10,
				dispute: Dispute::UnsupportedCredit,
				deposit: CHALLENGE_DEPOSIT,
				respond_by: 1 + RESPONSE_PERIOD,
				withheld: WITHHELD,
			})
		);

		run_to_block(3, frame_support::weights::Weight::zero());
		assert_ok!(answer(id, evidence(id)));
		assert!(!Challenges::<Test>::contains_key(id, 0));
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
				challenge: 0,
				answered_by: EVE,
				to_provider: CHALLENGE_DEPOSIT / 2,
				to_pool: CHALLENGE_DEPOSIT / 2,
				restored: WITHHELD,
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
		// Nothing in Charlie's file answers it, and Bob's witness answers for Bob's
		// contribution only.
		assert_noop!(answer(id, evidence(id)), Error::<Test>::NotChallengedContribution);
		assert_noop!(answer_with(id, 0, 11, evidence(id)), Error::<Test>::WrongBinding);
		assert_noop!(decide(CHARLIE, id, 0), Error::<Test>::ResponsePeriodNotOver);

		run_to_block(2 + RESPONSE_PERIOD, frame_support::weights::Weight::zero());
		assert_noop!(answer(id, evidence(id)), Error::<Test>::ResponsePeriodOver);
		// Anyone may ask for the verdict.
		assert_ok!(decide(CHARLIE, id, 0));
		assert_eq!(
			events().last(),
			Some(&Event::ChallengeUpheld {
				inference: id,
				challenge: 0,
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
		assert_ok!(decide(EVE, id, 0));
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
		assert_noop!(decide(DAVE, pending, 0), Error::<Test>::NoChallenge);
		assert_noop!(decide(DAVE, id, 1), Error::<Test>::NoChallenge);
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

/// Eve settles an inference of [`OUTPUT`] crediting `entries`.
fn settled_crediting(entries: &[(u64, u32)]) -> u64 {
	let id = request();
	assert_ok!(Attribution::settle_inference(
		RuntimeOrigin::signed(EVE),
		id,
		H256(Blake2b::hash(OUTPUT)),
		attribution(entries)
	));
	id
}

/// Dave's contribution 12, quoting the output whole; in the lineage when a test adds it.
const DAVE_FILE: &[u8] =
	b"He wrote: Doctors agree: rest and fluids bring a fever down within two days. Then left.";

#[test]
fn no_challenge_keeps_another_out_not_even_the_providers_own() {
	// The attack: a provider challenges its own honest credit as soon as it settles, to answer
	// at the last block of the response period, so that nobody could challenge its fabricated
	// credit before the challenge period ran out. Any number of challenges may be open.
	build_and_execute(|| {
		setup();
		let id = settled(OUTPUT);
		let (dave, eve, pool) = (free(DAVE), free(EVE), free(POOL));
		assert_ok!(challenge(EVE, id, 10));
		assert_ok!(challenge(DAVE, id, 11));
		// The first took the credits back; the second had nothing left to take.
		assert!(matches!(
			events().last(),
			Some(Event::ChallengeOpened { challenge: 1, withheld: 0, .. })
		));
		// Eve answers her own: the credits stay withheld while Dave's is open.
		assert_ok!(answer_with(id, 0, 10, evidence(id)));
		assert!(matches!(
			events().last(),
			Some(Event::ChallengeRejected { challenge: 0, restored: 0, .. })
		));
		assert_eq!(in_challenge(BOB), 0);
		run_to_block(2 + RESPONSE_PERIOD, frame_support::weights::Weight::zero());
		assert_ok!(decide(DAVE, id, 1));
		// Eve lost half her deposit (the other half came back to her as the provider) and the
		// slash; the pool has the rest and every credit.
		assert_eq!(free(EVE), eve - CHALLENGE_DEPOSIT / 2 - CHALLENGE_SLASH);
		assert_eq!(free(DAVE), dave + CHALLENGE_SLASH / 2);
		assert_eq!(free(POOL), pool + CHALLENGE_DEPOSIT / 2 + CHALLENGE_SLASH / 2 + WITHHELD);
		run_to_block(MATURES_AT, frame_support::weights::Weight::zero());
		for who in [ALICE, BOB, CHARLIE, EVE] {
			assert_eq!(Rewards::rewards_of(who).claimable.total, 0);
		}
	});
}

#[test]
fn a_record_is_voided_and_its_provider_slashed_once() {
	build_and_execute(|| {
		setup();
		let id = settled(OUTPUT);
		let (bob, dave, eve) = (free(BOB), free(DAVE), free(EVE));
		assert_ok!(challenge(DAVE, id, 11));
		assert_ok!(challenge(BOB, id, 11));
		run_to_block(2 + RESPONSE_PERIOD, frame_support::weights::Weight::zero());
		assert_ok!(decide(CHARLIE, id, 0));
		// A voided record takes no new challenge, but the open one gets its verdict: the
		// deposit back, no second slash.
		assert_noop!(challenge(ALICE, id, 10), Error::<Test>::RecordVoided);
		assert_ok!(decide(CHARLIE, id, 1));
		assert_eq!(
			events().last(),
			Some(&Event::ChallengeUpheld {
				inference: id,
				challenge: 1,
				challenger: BOB,
				provider: EVE,
				to_challenger: 0,
				to_pool: 0,
				voided: 0,
			})
		);
		assert_eq!((free(BOB), held_deposit(BOB)), (bob, 0));
		assert_eq!(free(DAVE), dave + CHALLENGE_SLASH / 2);
		assert_eq!(free(EVE), eve - CHALLENGE_SLASH);
	});
}

#[test]
fn an_omission_proven_present_and_unanswered_voids_the_record() {
	build_and_execute(|| {
		setup();
		// All of the data share to Charlie, whom the output does not quote; Bob left out.
		let id = settled_crediting(&[(11, 100)]);
		let (bob, eve, pool) = (free(BOB), free(EVE), free(POOL));
		// Refused by name, changing nothing: a credited contribution, one outside the lineage,
		// a witness of too short a run or of another contribution.
		assert_noop!(challenge_omission(BOB, id, 11, evidence(id)), Error::<Test>::AlreadyCredited);
		assert_noop!(challenge_omission(BOB, id, 12, evidence(id)), Error::<Test>::OutsideLineage);
		let short = witness_of(id, 10, &bob_file(), 3, MIN_SPAN - 1);
		assert_noop!(challenge_omission(BOB, id, 10, short), Error::<Test>::SpanTooShort);
		let mut replayed = evidence(id);
		replayed.binding = Attribution::witness_binding(id, 0, 1, 11);
		assert_noop!(challenge_omission(BOB, id, 10, replayed), Error::<Test>::WrongBinding);

		assert_ok!(challenge_omission(BOB, id, 10, evidence(id)));
		assert_eq!(
			events().last(),
			Some(&Event::ChallengeOpened {
				inference: id,
				challenge: 0,
				challenger: BOB,
				contribution: 10,
				dispute: Dispute::Omission { output_start: 3, tokens: 10 },
				deposit: CHALLENGE_DEPOSIT,
				respond_by: 1 + RESPONSE_PERIOD,
				withheld: WITHHELD,
			})
		);
		// Bob's own run does not answer it: the answer must be longer.
		assert_noop!(answer_with(id, 0, 10, evidence(id)), Error::<Test>::SpanTooShort);
		run_to_block(2 + RESPONSE_PERIOD, frame_support::weights::Weight::zero());
		assert_ok!(decide(CHARLIE, id, 0));
		assert_eq!(free(BOB), bob + CHALLENGE_SLASH / 2);
		assert_eq!(free(EVE), eve - CHALLENGE_SLASH);
		assert_eq!(free(POOL), pool + CHALLENGE_SLASH / 2 + WITHHELD);
	});
}

#[test]
fn an_omission_the_rule_made_is_answered_by_a_longer_run_covering_it() {
	build_and_execute(|| {
		setup();
		// Dave's file quotes the whole output, so the rule's one span is his, and Bob's run
		// inside it earns Bob nothing.
		Lineage::mutate(|lineage| lineage.insert(12, DAVE));
		let Commitment { root, size } = Commitment::of::<Blake2b>(DAVE_FILE);
		Contents::mutate(|contents| contents.insert(12, (root, size)));
		let id = settled_crediting(&[(12, 100)]);
		let eve = free(EVE);
		assert_ok!(challenge_omission(BOB, id, 10, evidence(id)));
		assert_eq!(in_challenge(DAVE), 0);
		// A run of Dave's that stops short of Bob's does not cover it; nor one outside the
		// lineage.
		let short_of_it = witness_of(id, 12, DAVE_FILE, 0, 9);
		assert_noop!(answer_with(id, 0, 12, short_of_it), Error::<Test>::RunNotCovered);
		let covering = witness_of(id, 12, DAVE_FILE, 1, 12);
		Lineage::mutate(|lineage| lineage.remove(&12));
		assert_noop!(answer_with(id, 0, 12, covering.clone()), Error::<Test>::OutsideLineage);
		Lineage::mutate(|lineage| lineage.insert(12, DAVE));

		assert_ok!(answer_with(id, 0, 12, covering));
		assert_eq!(in_challenge(DAVE), 500, "Dave's credit is back");
		assert_eq!(free(EVE), eve + CHALLENGE_DEPOSIT / 2);
		assert_eq!(held_deposit(BOB), 0);
	});
}

#[test]
fn a_full_record_cannot_be_challenged_for_an_omission() {
	build_and_execute(|| {
		setup();
		// MaxAttribution is 4: with four entries the rule's cap may have left Bob out.
		for id in 12..=15 {
			Lineage::mutate(|lineage| lineage.insert(id, DAVE));
		}
		let id = settled_crediting(&[(11, 25), (12, 25), (13, 25), (14, 25)]);
		assert_noop!(challenge_omission(BOB, id, 10, evidence(id)), Error::<Test>::RecordFull);
		// With three, it can.
		let id = settled_crediting(&[(11, 25), (12, 25), (13, 50)]);
		assert_ok!(challenge_omission(BOB, id, 10, evidence(id)));
	});
}

#[test]
fn a_challenged_record_outlives_its_retention_until_the_verdict() {
	build_and_execute(|| {
		setup();
		let id = settled(OUTPUT);
		assert_ok!(challenge(DAVE, id, 11));
		// Nobody asks for the verdict for longer than records are kept.
		run_to_block(RETENTION + 5, frame_support::weights::Weight::MAX);
		assert!(Inferences::<Test>::contains_key(id), "kept for its open challenge");
		assert_ok!(decide(CHARLIE, id, 0));
		assert!(!Inferences::<Test>::contains_key(id), "and let go with its verdict");
		assert!(!crate::RecordsByModel::<Test>::contains_key(0, id));
	});
}

/// A consumer who asked for privacy holds the only copy of the output: nobody else can check
/// the record, so nobody else may challenge it, neither a credit nor an omission; the consumer
/// may. A public record stays open to anyone.
#[test]
fn only_its_consumer_may_challenge_a_private_record() {
	build_and_execute(|| {
		setup();
		let id = crate::NextInferenceId::<Test>::get();
		assert_ok!(Attribution::request_private_inference(
			RuntimeOrigin::signed(DAVE),
			0,
			FEE,
			H256::zero()
		));
		// Charlie's contribution credited, Bob's (which the output quotes) left out.
		assert_ok!(Attribution::settle_inference(
			RuntimeOrigin::signed(EVE),
			id,
			H256(Blake2b::hash(OUTPUT)),
			attribution(&[(11, 100)])
		));
		assert_eq!(Attribution::disclosure(id), Some(crate::OutputDisclosure::Private));

		assert_noop!(challenge(BOB, id, 11), Error::<Test>::PrivateRecord);
		assert_noop!(challenge_omission(BOB, id, 10, evidence(id)), Error::<Test>::PrivateRecord);
		assert_noop!(challenge(EVE, id, 11), Error::<Test>::PrivateRecord);
		assert_ok!(challenge(DAVE, id, 11));
		assert_ok!(challenge_omission(DAVE, id, 10, evidence(id)));
		assert_eq!(held_deposit(DAVE), 2 * CHALLENGE_DEPOSIT);

		let public = settled(OUTPUT);
		assert!(matches!(
			Attribution::disclosure(public),
			Some(crate::OutputDisclosure::Published(_))
		));
		assert_ok!(challenge(BOB, public, 11));
	});
}
