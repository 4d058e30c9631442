//! Challenges in the real runtime, through signed transactions: an honest settlement survives
//! its period and pays; a fabricated credit challenged and left unanswered is voided and its
//! provider slashed; an honest credit challenged is answered by a span witness the runtime
//! checks; a witness replayed from another inference, or bad in any way, is refused by name; an
//! omission proven by a witness and left unanswered voids the record, even while the provider
//! holds a challenge of its own open; a private record is challenged by its consumer only.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{
	accept_call, bond_call, check_invariants, close_block, contribute_file_call,
	create_datanet_call, free, module_error, new_ext, open_block, output_base_call,
	register_model_call, run_signed, run_to_block, signed,
};
use codec::Encode;
use frame_support::traits::{fungible::InspectHold, Get};
use openledger_attribution_rule::{witness, Blake2b, Hasher};
use openledger_runtime::{
	configs::RewardsPool, currency::OPEN, AccountId, Attribution, Balances, Executive, Rewards,
	Runtime, RuntimeCall, System,
};
use pallet_attribution::{AttributionEntry, SpanEvidence};
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::Perbill;

const OUTPUT: &[u8] = b"Doctors agree: rest and fluids bring a fever down within two days.";

/// Bob's contribution 0: three chunks, the output's tokens 3 to 12 across the first boundary.
fn bob_file() -> Vec<u8> {
	let mut text = String::new();
	while text.len() < 1010 {
		text.push_str("lorem ipsum ");
	}
	text.push_str("rest and fluids bring a fever down within two days");
	while text.len() < 2500 {
		text.push_str(" dolor sit");
	}
	text.into_bytes()
}

/// Charlie's contribution 1 shares nothing with the output.
const CHARLIE_FILE: &[u8] = b"Bananas are berries, botanically speaking; strawberries are not.";

/// Datanet 0 version 1 holds Bob's file (contribution 0) and Charlie's (1); Dave's model 0 is
/// trained on it at 10 OPEN an inference and served by Eve, who bonds the minimum.
fn a_model_on_real_files() {
	let register = register_model_call(b"med-llm", 10 * OPEN);
	let authorize = RuntimeCall::Models(pallet_models::Call::authorize_provider {
		model: 0,
		provider: Eve.to_account_id(),
	});
	let (_, results) = run_signed(vec![
		(Alice.pair(), create_datanet_call(100_000)),
		(Bob.pair(), contribute_file_call(&bob_file())),
		(Charlie.pair(), contribute_file_call(CHARLIE_FILE)),
		(Alice.pair(), accept_call(0)),
		(Alice.pair(), accept_call(1)),
		(
			Alice.pair(),
			RuntimeCall::Datanets(pallet_datanets::Call::publish_version { datanet: 0 }),
		),
		(Dave.pair(), register),
		(Dave.pair(), authorize),
		(Eve.pair(), bond_call()),
		(Eve.pair(), output_base_call()),
	]);
	assert!(results.iter().all(Result::is_ok), "{results:?}");
}

/// Ferdie pays for an inference of model 0 and Eve settles it for `OUTPUT`, crediting 60 % of
/// the data share to Bob's contribution and 40 % to Charlie's (which the output does not
/// quote). Returns its id.
fn settled() -> u64 {
	settled_crediting(&[(0, 60), (1, 40)])
}

/// Ferdie pays for an inference of model 0 and Eve settles it for `OUTPUT`, crediting
/// `(contribution, percent)` pairs. Returns its id.
fn settled_crediting(entries: &[(u64, u32)]) -> u64 {
	let id = pallet_attribution::NextInferenceId::<Runtime>::get();
	let request = RuntimeCall::Attribution(pallet_attribution::Call::request_inference {
		model: 0,
		max_fee: 10 * OPEN,
		request_hash: H256::repeat_byte(1),
	});
	let attribution: Vec<_> = entries
		.iter()
		.map(|&(contribution, percent)| AttributionEntry {
			contribution,
			share: Perbill::from_percent(percent),
		})
		.collect();
	let settle = RuntimeCall::Attribution(pallet_attribution::Call::settle_inference {
		inference: id,
		output_hash: H256(Blake2b::hash(OUTPUT)),
		attribution: attribution.try_into().unwrap(),
	});
	let (_, results) = run_signed(vec![(Ferdie.pair(), request), (Eve.pair(), settle)]);
	assert!(results.iter().all(Result::is_ok), "{results:?}");
	id
}

/// The witness that output tokens 3 to 12 occur in Bob's file, bound to `inference`.
fn evidence(inference: u64) -> SpanEvidence<Runtime> {
	let file = bob_file();
	let at = witness::find(OUTPUT, 3, 10, &file).expect("the run is in Bob's file");
	let proof = witness::prove::<Blake2b>(OUTPUT, 3, 10, &file, at).unwrap();
	assert_eq!(proof.chunks.len(), 2048, "the copy crosses a chunk boundary");
	SpanEvidence {
		binding: Attribution::witness_binding(inference, 0, 1, 0),
		output: OUTPUT.to_vec().try_into().unwrap(),
		output_start: 3,
		tokens: 10,
		span_start: at,
		first_chunk: proof.first_chunk,
		chunks: proof.chunks.try_into().unwrap(),
		proof: proof.proof.into_iter().map(H256).collect::<Vec<_>>().try_into().unwrap(),
	}
}

fn challenge(inference: u64, contribution: u64) -> RuntimeCall {
	RuntimeCall::Attribution(pallet_attribution::Call::challenge { inference, contribution })
}

/// An answer to challenge 0 of `inference` with `evidence` of a run in Bob's contribution 0.
fn answer(inference: u64, evidence: SpanEvidence<Runtime>) -> RuntimeCall {
	RuntimeCall::Attribution(pallet_attribution::Call::answer_challenge {
		inference,
		challenge: 0,
		contribution: 0,
		evidence,
	})
}

fn decide(inference: u64, challenge: u32) -> RuntimeCall {
	RuntimeCall::Attribution(pallet_attribution::Call::decide_challenge { inference, challenge })
}

fn bond_held(who: &AccountId) -> u128 {
	Balances::balance_on_hold(&pallet_provider_bonds::HoldReason::ProviderBond.into(), who)
}

fn in_challenge(who: AccountId) -> u128 {
	Rewards::rewards_of(who).in_challenge.total()
}

type Deposit = <Runtime as pallet_attribution::Config>::ChallengeDeposit;
type Slash = <Runtime as pallet_attribution::Config>::ChallengeSlash;
type Response = <Runtime as pallet_attribution::Config>::ResponsePeriod;

#[test]
fn every_preset_keeps_records_and_bonds_until_their_challenges_are_decided() {
	for preset in [DEV_RUNTIME_PRESET, sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET] {
		new_ext(preset).execute_with(|| {
			<Attribution as frame_support::traits::Hooks<_>>::integrity_test();
			<openledger_runtime::ProviderBonds as frame_support::traits::Hooks<_>>::integrity_test(
			);
		});
	}
}

#[test]
fn an_honest_settlement_survives_its_period_and_pays() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		a_model_on_real_files();
		let id = settled();
		let bob = Bob.to_account_id();
		let [(matures_at, _)] = Rewards::rewards_of(bob.clone()).maturing[..] else {
			panic!("one bucket");
		};
		run_to_block(matures_at);
		// Too late to challenge now.
		let (_, results) = run_signed(vec![(Ferdie.pair(), challenge(id, 1))]);
		assert_eq!(module_error(results[0]), Some("ChallengePeriodOver"));
		assert_eq!(Rewards::pending(bob).data, 3 * OPEN);
		check_invariants(issuance).unwrap();
	});
}

#[test]
fn a_fabricated_credit_unanswered_voids_the_record_and_slashes_the_provider() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		a_model_on_real_files();
		let id = settled();
		let (eve, ferdie, pool) = (Eve.to_account_id(), Ferdie.to_account_id(), RewardsPool::get());
		let (bond, pool_before) = (bond_held(&eve), free(&pool));
		// Ferdie, a watcher, challenges the credit to Charlie's contribution. (Every
		// transaction fee goes to the pool too: `paid` adds them up.)
		let before = free(&ferdie);
		let (mut paid, results) = run_signed(vec![(Ferdie.pair(), challenge(id, 1))]);
		assert!(results[0].is_ok(), "{results:?}");
		assert_eq!(free(&ferdie), before - paid - Deposit::get());
		for who in [Bob, Charlie, Dave, Eve] {
			assert_eq!(in_challenge(who.to_account_id()), 0, "{who:?}'s credit is withheld");
		}
		// Bob's witness does not answer for Charlie's contribution.
		let (fees, results) = run_signed(vec![(Eve.pair(), answer(id, evidence(id)))]);
		assert_eq!(module_error(results[0]), Some("NotChallengedContribution"));
		paid += fees;
		let (fees, results) = run_signed(vec![(Charlie.pair(), decide(id, 0))]);
		assert_eq!(module_error(results[0]), Some("ResponsePeriodNotOver"));
		paid += fees;

		run_to_block(System::block_number() + Response::get());
		let before = free(&ferdie);
		let (fees, results) = run_signed(vec![(Ferdie.pair(), decide(id, 0))]);
		assert!(results[0].is_ok(), "{results:?}");
		paid += fees;
		// Ferdie has his deposit back and half the slash; the pool the other half and the
		// whole record's credits (9 OPEN: all but the pool's part of the fee).
		assert_eq!(free(&ferdie), before - fees + Deposit::get() + Slash::get() / 2);
		assert_eq!(bond_held(&eve), bond - Slash::get());
		assert_eq!(free(&pool), pool_before + Slash::get() / 2 + 9 * OPEN + paid);
		run_to_block(System::block_number() + 10);
		for who in [Bob, Charlie, Dave, Eve] {
			let rewards = Rewards::rewards_of(who.to_account_id());
			assert_eq!(rewards.claimable.total + rewards.in_challenge.total(), 0, "{who:?}");
		}
		check_invariants(issuance).unwrap();
	});
}

/// A public record keeps the URI Eve publishes its output at. Ferdie's private inference
/// publishes nothing: Bob, whose data it left out, may not challenge it, nor may anyone but
/// Ferdie; Ferdie's own challenge of its fabricated credit is upheld.
#[test]
fn a_private_record_is_challenged_by_its_consumer_only() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		use pallet_attribution::OutputDisclosure;
		let issuance = Balances::total_issuance();
		a_model_on_real_files();
		let public = settled();
		let uri = format!("https://outputs.example/{public}").into_bytes();
		assert_eq!(Attribution::disclosure(public), Some(OutputDisclosure::Published(uri)));

		let id = pallet_attribution::NextInferenceId::<Runtime>::get();
		let request =
			RuntimeCall::Attribution(pallet_attribution::Call::request_private_inference {
				model: 0,
				max_fee: 10 * OPEN,
				request_hash: H256::repeat_byte(2),
			});
		let settle = RuntimeCall::Attribution(pallet_attribution::Call::settle_inference {
			inference: id,
			output_hash: H256(Blake2b::hash(OUTPUT)),
			attribution: vec![AttributionEntry { contribution: 1, share: Perbill::one() }]
				.try_into()
				.unwrap(),
		});
		let (_, results) = run_signed(vec![(Ferdie.pair(), request), (Eve.pair(), settle)]);
		assert!(results.iter().all(Result::is_ok), "{results:?}");
		assert_eq!(Attribution::disclosure(id), Some(OutputDisclosure::Private));

		let omission = RuntimeCall::Attribution(pallet_attribution::Call::challenge_omission {
			inference: id,
			contribution: 0,
			evidence: evidence(id),
		});
		let (_, results) = run_signed(vec![
			(Bob.pair(), omission),
			(Charlie.pair(), challenge(id, 1)),
			(Eve.pair(), challenge(id, 1)),
		]);
		for result in results {
			assert_eq!(module_error(result), Some("PrivateRecord"));
		}
		assert_eq!(pallet_attribution::Challenges::<Runtime>::iter_prefix(id).count(), 0);

		let (_, results) = run_signed(vec![(Ferdie.pair(), challenge(id, 1))]);
		assert!(results[0].is_ok(), "{results:?}");
		run_to_block(System::block_number() + Response::get() + 1);
		let bond = bond_held(&Eve.to_account_id());
		let (_, results) = run_signed(vec![(Ferdie.pair(), decide(id, 0))]);
		assert!(results[0].is_ok(), "{results:?}");
		assert_eq!(bond_held(&Eve.to_account_id()), bond - Slash::get());
		check_invariants(issuance).unwrap();
	});
}

#[test]
fn an_honest_credit_challenged_is_answered_by_a_witness_and_the_challenger_pays() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		a_model_on_real_files();
		let id = settled();
		let (bob, eve, ferdie) = (Bob.to_account_id(), Eve.to_account_id(), Ferdie.to_account_id());
		let maturing = Rewards::rewards_of(bob.clone()).maturing;
		let (_, results) = run_signed(vec![(Ferdie.pair(), challenge(id, 0))]);
		assert!(results[0].is_ok(), "{results:?}");
		let (ferdie_before, eve_before) = (free(&ferdie), free(&eve));
		let (fees, results) = run_signed(vec![(Eve.pair(), answer(id, evidence(id)))]);
		assert!(results[0].is_ok(), "{results:?}");
		assert_eq!(free(&eve), eve_before - fees + Deposit::get() / 2);
		assert_eq!(free(&ferdie), ferdie_before, "the deposit is gone");
		assert_eq!(
			Rewards::rewards_of(bob.clone()).maturing,
			maturing,
			"credits back, same maturity"
		);
		run_to_block(maturing[0].0);
		assert_eq!(Rewards::pending(bob).data, 3 * OPEN);
		check_invariants(issuance).unwrap();
	});
}

#[test]
fn a_replayed_or_bad_witness_is_refused_by_name_and_changes_nothing() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		a_model_on_real_files();
		let id = settled();
		let other = settled(); // the same output, crediting the same contributions
		let (_, results) = run_signed(vec![(Ferdie.pair(), challenge(id, 0))]);
		assert!(results[0].is_ok());
		let good = evidence(id);
		let with = |change: &dyn Fn(&mut SpanEvidence<Runtime>)| {
			let mut e = good.clone();
			change(&mut e);
			e
		};
		let genesis = System::block_hash(0);
		let elsewhere = H256(Blake2b::hash(
			&(
				pallet_attribution::challenges::WITNESS_DOMAIN,
				H256::repeat_byte(9),
				id,
				0u32,
				1u32,
				0u64,
			)
				.encode(),
		));
		let rebound = H256(Blake2b::hash(
			&(pallet_attribution::challenges::WITNESS_DOMAIN, genesis, id, 0u32, 1u32, 0u64)
				.encode(),
		));
		assert_eq!(rebound, good.binding, "the binding is what the docs say");
		let mut other_output = OUTPUT.to_vec();
		other_output[0] = b'd';
		let cases: Vec<(&str, SpanEvidence<Runtime>)> = vec![
			("WrongBinding", evidence(other)),
			("WrongBinding", with(&|e| e.binding = elsewhere)),
			("OutputMismatch", with(&|e| e.output = other_output.clone().try_into().unwrap())),
			("ChunksNotInContribution", with(&|e| e.chunks[1500] ^= 0x20)),
			("ChunksNotInContribution", with(&|e| e.proof[0] = H256::repeat_byte(3))),
			("SpanTooShort", with(&|e| e.tokens = 7)),
			("SpanStartNotAToken", with(&|e| e.span_start += 2)),
			("SpanTokensDiffer", with(&|e| e.output_start = 2)),
		];
		let challenge_before = pallet_attribution::Challenges::<Runtime>::get(id, 0);
		let bob_before = Rewards::rewards_of(Bob.to_account_id());
		// All in one block, well inside the response period.
		open_block();
		for (expected, bad) in cases {
			let applied = Executive::apply_extrinsic(signed(&Eve.pair(), answer(id, bad)));
			assert_eq!(module_error(applied.expect("valid")), Some(expected));
			assert_eq!(pallet_attribution::Challenges::<Runtime>::get(id, 0), challenge_before);
			assert_eq!(Rewards::rewards_of(Bob.to_account_id()), bob_before);
		}
		let applied = Executive::apply_extrinsic(signed(&Eve.pair(), answer(id, good)));
		assert_eq!(applied, Ok(Ok(())));
		close_block();
		check_invariants(issuance).unwrap();
	});
}

#[test]
fn an_omission_proven_by_a_witness_and_unanswered_voids_the_record() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		a_model_on_real_files();
		// Eve gives Charlie, whom the output does not quote, the whole data share, and leaves
		// Bob out; then challenges Charlie's credit herself, to keep others out.
		let id = settled_crediting(&[(1, 100)]);
		let (eve, bob) = (Eve.to_account_id(), Bob.to_account_id());
		let bond = bond_held(&eve);
		let omission = RuntimeCall::Attribution(pallet_attribution::Call::challenge_omission {
			inference: id,
			contribution: 0,
			evidence: evidence(id),
		});
		let credited = RuntimeCall::Attribution(pallet_attribution::Call::challenge_omission {
			inference: id,
			contribution: 1,
			evidence: evidence(id),
		});
		let (_, results) = run_signed(vec![
			(Eve.pair(), challenge(id, 1)),
			(Bob.pair(), credited),
			(Bob.pair(), omission),
		]);
		assert_eq!(module_error(results[1]), Some("AlreadyCredited"));
		assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
		assert_eq!(
			pallet_attribution::Challenges::<Runtime>::get(id, 1).map(|c| c.dispute),
			Some(pallet_attribution::Dispute::Omission { output_start: 3, tokens: 10 })
		);
		// The runtime API lists both, by number.
		let standing = Attribution::standing(id).expect("a challengeable record");
		assert_eq!((standing.voided, standing.challenges), (false, 2));
		assert_eq!(
			standing.open.iter().map(|c| (c.number, c.contribution)).collect::<Vec<_>>(),
			[(0, 1), (1, 0)]
		);

		run_to_block(System::block_number() + Response::get());
		let before = free(&bob);
		let (fees, results) = run_signed(vec![(Bob.pair(), decide(id, 1))]);
		assert!(results[0].is_ok(), "{results:?}");
		assert_eq!(free(&bob), before - fees + Deposit::get() + Slash::get() / 2);
		assert_eq!(bond_held(&eve), bond - Slash::get());
		// Eve's own challenge, unanswered too, gets its deposit back and slashes nothing more.
		let (_, results) = run_signed(vec![(Eve.pair(), decide(id, 0))]);
		assert!(results[0].is_ok(), "{results:?}");
		assert_eq!(bond_held(&eve), bond - Slash::get());
		assert!(pallet_attribution::Challenges::<Runtime>::iter().next().is_none());
		let standing = Attribution::standing(id).expect("a challengeable record");
		assert!(standing.voided && standing.open.is_empty());
		check_invariants(issuance).unwrap();
	});
}
