//! Bad input to every extrinsic of the OpenLedger pallets, in the real runtime, as signed
//! transactions: wrong origins, unknown ids, repeated calls, invalid arguments and balances too
//! small each fail with a named error and change nothing but the caller's nonce and fee.
//! Arguments longer than their bounds, and truncated calls, do not even decode: the node
//! refuses such a transaction before it reaches the pool.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{
	bond_call, close_block, free, new_ext, open_block, output_base_call, publish_datanet,
	run_signed, run_to_block, signed,
};
use codec::{Decode, Encode};
use openledger_runtime::{
	configs::RewardsPool, currency::OPEN, AccountId, Executive, Rewards, Runtime, RuntimeCall,
	RuntimeError, RuntimeEvent, System,
};
use pallet_attribution::{AttributionEntry, FeeSplit, Settlement};
use pallet_datanets::{Access, ContributionInput, Policy, Verdict};
use pallet_models::{LineageEntry, ModelKind};
use sp_core::{sr25519, Pair, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{DispatchError, Perbill};

use pallet_agents::Call as AG;
use pallet_attribution::Call as A;
use pallet_datanets::Call as D;
use pallet_models::Call as M;
use pallet_provider_bonds::Call as PB;

fn error_name(error: DispatchError) -> String {
	match RuntimeError::from_dispatch_error(error) {
		Some(named) => format!("{named:?}"),
		None => format!("{error:?}"),
	}
}

fn bounded<S: frame_support::traits::Get<u32>>(bytes: &[u8]) -> frame_support::BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

/// An account with a little OPEN: enough for fees, not for any deposit.
fn pauper() -> sr25519::Pair {
	sr25519::Pair::from_string("//Pauper", None).unwrap()
}

/// Datanet 0 (Alice's, open, 1 OPEN a contribution) has version 1 with Bob's contribution 0
/// and Charlie's 1, Ferdie's 2 waiting for review, and Bob as curator. Dave's model 0 is
/// trained on it at 10 OPEN an inference and served by Eve; Alice has paid for inference 0.
/// Charlie's agent 0 (run by Ferdie, 1 OPEN a task) calls model 0; Bob opened task 0 for it with
/// 30 OPEN, which bought inference 1 (request hash 1), and task 1 with 10 OPEN. Dave's agent 1
/// is paused.
fn world() {
	publish_datanet(&[Bob, Charlie]);
	let steps = vec![
		(
			Alice.pair(),
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: AccountId::from(pauper().public()).into(),
				value: OPEN / 10,
			}),
		),
		(Ferdie.pair(), crate::common::contribute_call(3)),
		(
			Alice.pair(),
			RuntimeCall::Datanets(D::add_curator { datanet: 0, curator: Bob.to_account_id() }),
		),
		(
			Dave.pair(),
			RuntimeCall::Models(M::register_model {
				name: bounded(b"med-llm"),
				metadata_uri: Default::default(),
				kind: ModelKind::Base,
				artifact_hash: H256::repeat_byte(7),
				artifact_uri: Default::default(),
				lineage: vec![LineageEntry { datanet: 0, version: 1 }].try_into().unwrap(),
				inference_fee: 10 * OPEN,
			}),
		),
		(
			Dave.pair(),
			RuntimeCall::Models(M::authorize_provider { model: 0, provider: Eve.to_account_id() }),
		),
		(Eve.pair(), bond_call()),
		(Eve.pair(), output_base_call()),
		(Dave.pair(), bond_call()),
		(Alice.pair(), request(0, 10 * OPEN)),
		(Charlie.pair(), register_agent(Ferdie.to_account_id(), vec![0], MIN_AGENT_STAKE)),
		(Dave.pair(), register_agent(Eve.to_account_id(), vec![0], MIN_AGENT_STAKE)),
		(Dave.pair(), RuntimeCall::Agents(AG::pause_agent { agent: 1 })),
		(Bob.pair(), open_task(0, 30 * OPEN, OPEN, TASK_DEADLINE)),
		(Bob.pair(), open_task(0, 10 * OPEN, OPEN, TASK_DEADLINE)),
		(Ferdie.pair(), buy(0, 0, 10 * OPEN, 1)),
	];
	let (_, results) = run_signed(steps);
	assert!(results.iter().all(Result::is_ok), "{results:?}");
}

/// The least agent stake at genesis (`parameters.agents.MinAgentStake`).
const MIN_AGENT_STAKE: u128 = 100 * OPEN;
/// The block the world's tasks are due at.
const TASK_DEADLINE: u32 = 90;

fn register_agent(operator: AccountId, models: Vec<u32>, stake: u128) -> RuntimeCall {
	RuntimeCall::Agents(AG::register_agent {
		operator,
		metadata: pallet_agents::AgentMetadata {
			name: bounded(b"agent"),
			description_uri: Default::default(),
			endpoint_uri: Default::default(),
		},
		models: models.try_into().unwrap(),
		price: OPEN,
		stake,
	})
}

fn open_task(agent: u32, budget: u128, max_agent_fee: u128, deadline: u32) -> RuntimeCall {
	RuntimeCall::Agents(AG::open_task {
		agent,
		budget,
		max_agent_fee,
		request_hash: H256::zero(),
		deadline,
	})
}

fn buy(task: u64, model: u32, max_fee: u128, request: u8) -> RuntimeCall {
	RuntimeCall::Agents(AG::buy_inference {
		task,
		model,
		max_fee,
		request_hash: H256::repeat_byte(request),
	})
}

fn request(model: u32, max_fee: u128) -> RuntimeCall {
	RuntimeCall::Attribution(A::request_inference { model, max_fee, request_hash: H256::zero() })
}

fn entries(list: &[(u64, u32)]) -> pallet_attribution::AttributionOf<Runtime> {
	list.iter()
		.map(|(contribution, percent)| AttributionEntry {
			contribution: *contribution,
			share: Perbill::from_percent(*percent),
		})
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

fn settle(inference: u64, list: &[(u64, u32)]) -> RuntimeCall {
	RuntimeCall::Attribution(A::settle_inference {
		inference,
		output_hash: H256::zero(),
		attribution: entries(list),
	})
}

/// A span witness of nothing.
fn no_evidence() -> pallet_attribution::SpanEvidence<Runtime> {
	pallet_attribution::SpanEvidence {
		binding: H256::zero(),
		output: Default::default(),
		output_start: 0,
		tokens: 8,
		span_start: 0,
		first_chunk: 0,
		chunks: Default::default(),
		proof: Default::default(),
	}
}

fn policy(deposit: u128, max_bytes: u64) -> Policy<u128> {
	Policy {
		access: Access::Open,
		contribution_deposit: deposit,
		max_contribution_bytes: max_bytes,
	}
}

fn create(name: &[u8], policy: Policy<u128>) -> RuntimeCall {
	RuntimeCall::Datanets(D::create_datanet {
		name: bounded(name),
		description: Default::default(),
		tags: Default::default(),
		policy,
	})
}

fn contribute(datanet: u32, hash: u8, size: u64) -> RuntimeCall {
	RuntimeCall::Datanets(D::contribute {
		datanet,
		content_hash: H256::repeat_byte(hash),
		size_bytes: size,
		uri: Default::default(),
		metadata: Default::default(),
		max_deposit: u128::MAX,
	})
}

fn register(lineage: Vec<LineageEntry>, kind: ModelKind) -> RuntimeCall {
	RuntimeCall::Models(M::register_model {
		name: bounded(b"m"),
		metadata_uri: Default::default(),
		kind,
		artifact_hash: H256::zero(),
		artifact_uri: Default::default(),
		lineage: lineage.try_into().unwrap(),
		inference_fee: OPEN,
	})
}

/// A report that Alice's Aura key sealed two blocks of slot 7, the blocks sealed by `sealer`,
/// signed (`reportEquivocation`) or not (`reportEquivocationUnsigned`).
fn aura_report(
	sealer: &sr25519::Pair,
	key_owner_proof: sp_session::MembershipProof,
	unsigned: bool,
) -> RuntimeCall {
	use sp_consensus_aura::sr25519::AuthoritySignature;
	use sp_runtime::traits::Header as _;
	let header = |root: u8| {
		let block = openledger_runtime::Header::new(
			1,
			Default::default(),
			sp_core::H256::repeat_byte(root),
			Default::default(),
			Default::default(),
		);
		pallet_aura_equivocation::seal_header(block, 7.into(), |hash| {
			Some(AuthoritySignature::from(sealer.sign(hash)))
		})
		.unwrap()
	};
	let equivocation_proof = Box::new(pallet_aura_equivocation::EquivocationProof {
		offender: Alice.public().into(),
		slot: 7.into(),
		first_header: header(1),
		second_header: header(2),
	});
	RuntimeCall::AuraEquivocation(if unsigned {
		pallet_aura_equivocation::Call::report_equivocation_unsigned {
			equivocation_proof,
			key_owner_proof,
		}
	} else {
		pallet_aura_equivocation::Call::report_equivocation { equivocation_proof, key_owner_proof }
	})
}

/// The proof that Alice's Aura key is a validator's in this session.
fn alice_membership() -> sp_session::MembershipProof {
	use frame_support::traits::KeyOwnerProofSystem;
	let alice: sp_consensus_aura::sr25519::AuthorityId = Alice.public().into();
	openledger_runtime::Historical::prove((sp_core::crypto::key_types::AURA, alice)).unwrap()
}

/// A membership proof of this session's size that proves nothing.
fn empty_membership() -> sp_session::MembershipProof {
	sp_session::MembershipProof { trie_nodes: vec![], ..alice_membership() }
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// Every storage value outside `System` (nonces, events, block data), `Timestamp` and the
/// well-known `:`-keys (`:extrinsic_index`).
fn snapshot() -> Vec<(Vec<u8>, Vec<u8>)> {
	let skipped = [sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Timestamp")];
	let mut all = Vec::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if !next.starts_with(b":") && !skipped.iter().any(|p| next.starts_with(p)) {
			all.push((next.clone(), sp_io::storage::get(&next).unwrap().to_vec()));
		}
		key = next;
	}
	all
}

/// Every account's balances, but for `except`.
fn balances(except: &[AccountId]) -> Vec<(AccountId, pallet_balances::AccountData<u128>)> {
	frame_system::Account::<Runtime>::iter()
		.filter(|(who, _)| !except.contains(who))
		.map(|(who, info)| (who, info.data))
		.collect()
}

/// Applies `call` signed by `signer` and checks that it fails with `expected` (a sudo call:
/// that its inner call does) and changes nothing but the signer's nonce and the fee it paid
/// to the rewards pool.
fn refused(signer: &sr25519::Pair, call: RuntimeCall, expected: &str) {
	let who = AccountId::from(signer.public());
	let pool = RewardsPool::get();
	let (state, others) = (snapshot(), balances(&[who.clone(), pool.clone()]));
	let (signer_before, pool_before) = (free(&who), free(&pool));
	let events_before = System::event_count();

	let result = Executive::apply_extrinsic(signed(signer, call.clone()))
		.unwrap_or_else(|e| panic!("{call:?} was refused before dispatch: {e:?}"));
	let events: Vec<RuntimeEvent> = System::events()
		.into_iter()
		.skip(events_before as usize)
		.map(|r| r.event)
		.collect();
	let error = match result {
		Err(e) => error_name(e),
		Ok(()) => events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(e) }) =>
					Some(format!("via sudo: {}", error_name(*e))),
				_ => None,
			})
			.unwrap_or_else(|| panic!("{call:?} succeeded")),
	};
	assert_eq!(error, expected, "{call:?}");

	let fee = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => Some(*actual_fee),
			_ => None,
		})
		.expect("a fee was paid");
	let after = snapshot();
	if after != state {
		let changed: Vec<String> = after
			.iter()
			.filter(|kv| !state.contains(kv))
			.map(|(k, _)| sp_core::hexdisplay::HexDisplay::from(&&k[..k.len().min(32)]).to_string())
			.collect();
		panic!("{call:?} changed storage under {changed:?}");
	}
	assert!(balances(&[who.clone(), pool.clone()]) == others, "{call:?} moved funds");
	assert_eq!(free(&who), signer_before - fee, "{call:?}: the signer paid more than its fee");
	assert_eq!(free(&pool), pool_before + fee, "{call:?}: the pool got more than the fee");
}

#[test]
fn every_extrinsic_refuses_bad_input_by_name_and_changes_nothing() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		world();
		let (alice, bob, charlie, dave, eve, ferdie) =
			(Alice.pair(), Bob.pair(), Charlie.pair(), Dave.pair(), Eve.pair(), Ferdie.pair());
		let pauper = pauper();
		let bob_id = Bob.to_account_id();
		let min_bond = <openledger_runtime::configs::parameters::bonds::MinProviderBond as frame_support::traits::Get<_>>::get();
		let contributions = |items: &[(u8, u64)]| {
			items
				.iter()
				.map(|(hash, size)| ContributionInput {
					content_hash: H256::repeat_byte(*hash),
					size_bytes: *size,
					uri: Default::default(),
					metadata: Default::default(),
				})
				.collect::<Vec<_>>()
				.try_into()
				.unwrap()
		};
		let batch = |items: &[(u8, u64)]| {
			RuntimeCall::Datanets(D::contribute_batch {
				datanet: 0,
				contributions: contributions(items),
				max_deposit: u128::MAX,
			})
		};
		let settlement = |inference, list: &[(u64, u32)]| Settlement::<Runtime> {
			inference,
			output_hash: H256::zero(),
			attribution: entries(list),
		};
		let split = |pool, data| FeeSplit {
			pool: Perbill::from_percent(pool),
			model: Perbill::from_percent(20),
			provider: Perbill::from_percent(20),
			data: Perbill::from_percent(data),
		};

		let cases: Vec<(&sr25519::Pair, RuntimeCall, &str)> = vec![
			// Datanets
			(&alice, create(b"", policy(OPEN, 10)), "Datanets(EmptyName)"),
			(&alice, create(b"d", policy(1, 10)), "Datanets(DepositBelowMinimum)"),
			(&alice, create(b"d", policy(OPEN, 0)), "Datanets(ZeroMaxContributionSize)"),
			(&pauper, create(b"d", policy(OPEN, 10)), "Token(FundsUnavailable)"),
			(
				&alice,
				RuntimeCall::Datanets(D::update_metadata {
					datanet: 9,
					name: bounded(b"x"),
					description: Default::default(),
					tags: Default::default(),
				}),
				"Datanets(UnknownDatanet)",
			),
			(
				&bob,
				RuntimeCall::Datanets(D::update_metadata {
					datanet: 0,
					name: bounded(b"x"),
					description: Default::default(),
					tags: Default::default(),
				}),
				"Datanets(NotOwner)",
			),
			(
				&alice,
				RuntimeCall::Datanets(D::update_metadata {
					datanet: 0,
					name: bounded(b""),
					description: Default::default(),
					tags: Default::default(),
				}),
				"Datanets(EmptyName)",
			),
			(
				&bob,
				RuntimeCall::Datanets(D::set_policy { datanet: 0, policy: policy(OPEN, 10) }),
				"Datanets(NotOwner)",
			),
			(
				&alice,
				RuntimeCall::Datanets(D::set_policy { datanet: 0, policy: policy(1, 10) }),
				"Datanets(DepositBelowMinimum)",
			),
			(
				&alice,
				RuntimeCall::Datanets(D::add_curator { datanet: 0, curator: bob_id.clone() }),
				"Datanets(AlreadyCurator)",
			),
			(
				&bob,
				RuntimeCall::Datanets(D::add_curator { datanet: 0, curator: bob_id.clone() }),
				"Datanets(NotOwner)",
			),
			(
				&alice,
				RuntimeCall::Datanets(D::remove_curator {
					datanet: 0,
					curator: Charlie.to_account_id(),
				}),
				"Datanets(NotCurator)",
			),
			(&bob, RuntimeCall::Datanets(D::pause { datanet: 0 }), "Datanets(NotOwner)"),
			(&alice, RuntimeCall::Datanets(D::resume { datanet: 0 }), "Datanets(NotPaused)"),
			(
				&alice,
				RuntimeCall::Datanets(D::archive { datanet: 0 }),
				"Datanets(PendingContributions)",
			),
			(&alice, RuntimeCall::Datanets(D::archive { datanet: 9 }), "Datanets(UnknownDatanet)"),
			(
				&alice,
				RuntimeCall::Datanets(D::transfer_ownership {
					datanet: 0,
					new_owner: Alice.to_account_id(),
				}),
				"Datanets(AlreadyOwner)",
			),
			(&dave, contribute(9, 9, 10), "Datanets(UnknownDatanet)"),
			(&dave, contribute(0, 1, 10), "Datanets(DuplicateContent)"),
			(&dave, contribute(0, 9, 0), "Datanets(EmptyContribution)"),
			(&dave, contribute(0, 9, 1_001), "Datanets(ContributionTooLarge)"),
			(&pauper, contribute(0, 9, 10), "Token(FundsUnavailable)"),
			(
				&dave,
				RuntimeCall::Datanets(D::contribute {
					datanet: 0,
					content_hash: H256::repeat_byte(9),
					size_bytes: 10,
					uri: Default::default(),
					metadata: Default::default(),
					max_deposit: 0,
				}),
				"Datanets(DepositAboveMaximum)",
			),
			(
				&dave,
				RuntimeCall::Datanets(D::cancel_commitment { commitment: H256::zero() }),
				"Datanets(UnknownCommitment)",
			),
			(
				&dave,
				RuntimeCall::Datanets(D::reveal {
					datanet: 0,
					contributions: contributions(&[(9, 10)]),
					max_deposit: u128::MAX,
				}),
				"Datanets(UnknownCommitment)",
			),
			(&dave, batch(&[]), "Datanets(EmptyBatch)"),
			(&dave, batch(&[(9, 10), (9, 10)]), "Datanets(DuplicateContent)"),
			(&dave, batch(&[(9, 10), (10, 0)]), "Datanets(EmptyContribution)"),
			(&pauper, batch(&[(9, 10)]), "Token(FundsUnavailable)"),
			(
				&charlie,
				RuntimeCall::Datanets(D::review { contribution: 2, verdict: Verdict::Accept }),
				"Datanets(NotReviewer)",
			),
			(
				&alice,
				RuntimeCall::Datanets(D::review { contribution: 0, verdict: Verdict::Accept }),
				"Datanets(NotPending)",
			),
			(
				&alice,
				RuntimeCall::Datanets(D::review { contribution: 99, verdict: Verdict::Reject }),
				"Datanets(UnknownContribution)",
			),
			(
				&alice,
				RuntimeCall::Datanets(D::withdraw { contribution: 2 }),
				"Datanets(NotContributor)",
			),
			(&bob, RuntimeCall::Datanets(D::withdraw { contribution: 0 }), "Datanets(NotPending)"),
			(
				&alice,
				RuntimeCall::Datanets(D::publish_version { datanet: 0 }),
				"Datanets(NothingToPublish)",
			),
			(&bob, RuntimeCall::Datanets(D::publish_version { datanet: 0 }), "Datanets(NotOwner)"),
			// Models
			(
				&dave,
				RuntimeCall::Models(M::register_model {
					name: bounded(b""),
					metadata_uri: Default::default(),
					kind: ModelKind::Base,
					artifact_hash: H256::zero(),
					artifact_uri: Default::default(),
					lineage: Default::default(),
					inference_fee: OPEN,
				}),
				"Models(EmptyName)",
			),
			(
				&dave,
				register(vec![LineageEntry { datanet: 0, version: 9 }], ModelKind::Base),
				"Models(UnknownDatanetVersion)",
			),
			(
				&dave,
				register(
					vec![
						LineageEntry { datanet: 0, version: 1 },
						LineageEntry { datanet: 0, version: 1 },
					],
					ModelKind::Base,
				),
				"Models(DuplicateDatanet)",
			),
			(&dave, register(vec![], ModelKind::Adapter { base: 9 }), "Models(UnknownBaseModel)"),
			(&pauper, register(vec![], ModelKind::Base), "Token(FundsUnavailable)"),
			(
				&dave,
				RuntimeCall::Models(M::publish_version {
					model: 9,
					artifact_hash: H256::zero(),
					artifact_uri: Default::default(),
					lineage: Default::default(),
				}),
				"Models(UnknownModel)",
			),
			(
				&bob,
				RuntimeCall::Models(M::publish_version {
					model: 0,
					artifact_hash: H256::zero(),
					artifact_uri: Default::default(),
					lineage: Default::default(),
				}),
				"Models(NotOwner)",
			),
			(
				&bob,
				RuntimeCall::Models(M::set_inference_fee { model: 0, fee: 1 }),
				"Models(NotOwner)",
			),
			(
				&dave,
				RuntimeCall::Models(M::authorize_provider {
					model: 0,
					provider: Eve.to_account_id(),
				}),
				"Models(AlreadyProvider)",
			),
			(
				&dave,
				RuntimeCall::Models(M::revoke_provider { model: 0, provider: bob_id.clone() }),
				"Models(NotProvider)",
			),
			(&bob, RuntimeCall::Models(M::deprecate { model: 0 }), "Models(NotOwner)"),
			(&dave, RuntimeCall::Models(M::deprecate { model: 9 }), "Models(UnknownModel)"),
			(
				&dave,
				RuntimeCall::Models(M::transfer_ownership {
					model: 0,
					new_owner: Dave.to_account_id(),
				}),
				"Models(AlreadyOwner)",
			),
			// Attribution
			(&bob, request(9, OPEN), "Attribution(ModelUnavailable)"),
			(&bob, request(0, OPEN), "Attribution(FeeAboveMax)"),
			(&pauper, request(0, 10 * OPEN), "Token(FundsUnavailable)"),
			(
				&bob,
				RuntimeCall::Attribution(A::request_private_inference {
					model: 9,
					max_fee: OPEN,
					request_hash: H256::zero(),
				}),
				"Attribution(ModelUnavailable)",
			),
			(
				&pauper,
				RuntimeCall::Attribution(A::request_private_inference {
					model: 0,
					max_fee: 10 * OPEN,
					request_hash: H256::zero(),
				}),
				"Token(FundsUnavailable)",
			),
			(
				&ferdie,
				RuntimeCall::Attribution(A::set_output_base { base: None }),
				"Attribution(NoOutputBase)",
			),
			(&eve, settle(9, &[]), "Attribution(UnknownInference)"),
			(&bob, settle(0, &[]), "Attribution(NotBonded)"),
			(&dave, settle(0, &[]), "Attribution(NotProvider)"),
			(&eve, settle(0, &[(2, 50)]), "Attribution(OutsideLineage)"),
			(&eve, settle(0, &[(0, 10), (0, 10)]), "Attribution(DuplicateEntry)"),
			(&eve, settle(0, &[(0, 60), (1, 60)]), "Attribution(SharesOverOne)"),
			(
				&eve,
				RuntimeCall::Attribution(A::settle_batch {
					settlements: vec![settlement(0, &[(0, 50)]), settlement(0, &[(1, 50)])]
						.try_into()
						.unwrap(),
				}),
				"Attribution(AlreadySettled)",
			),
			(
				&bob,
				RuntimeCall::Attribution(A::refund { inference: 0 }),
				"Attribution(NotConsumer)",
			),
			(&alice, RuntimeCall::Attribution(A::refund { inference: 0 }), "Attribution(TooEarly)"),
			(
				&alice,
				RuntimeCall::Attribution(A::refund { inference: 9 }),
				"Attribution(UnknownInference)",
			),
			(
				&alice,
				RuntimeCall::Attribution(A::set_fee_split { split: split(10, 50) }),
				"BadOrigin",
			),
			(
				&alice,
				sudo(RuntimeCall::Attribution(A::set_fee_split { split: split(10, 60) })),
				"via sudo: Attribution(InvalidFeeSplit)",
			),
			(
				&bob,
				sudo(RuntimeCall::Attribution(A::set_fee_split { split: split(10, 50) })),
				"Sudo(RequireSudo)",
			),
			(
				&alice,
				sudo(RuntimeCall::Attribution(A::set_fee_split { split: split(0, 60) })),
				"via sudo: Attribution(PoolShareBelowMin)",
			),
			(
				&ferdie,
				RuntimeCall::Attribution(A::challenge { inference: 0, contribution: 0 }),
				"Attribution(UnknownInference)",
			),
			(
				&ferdie,
				RuntimeCall::Attribution(A::challenge { inference: 9, contribution: 0 }),
				"Attribution(UnknownInference)",
			),
			(
				&eve,
				RuntimeCall::Attribution(A::answer_challenge {
					inference: 0,
					challenge: 0,
					contribution: 0,
					evidence: no_evidence(),
				}),
				"Attribution(NoChallenge)",
			),
			(
				&ferdie,
				RuntimeCall::Attribution(A::decide_challenge { inference: 0, challenge: 0 }),
				"Attribution(NoChallenge)",
			),
			(
				&ferdie,
				RuntimeCall::Attribution(A::challenge_omission {
					inference: 0,
					contribution: 0,
					evidence: no_evidence(),
				}),
				"Attribution(UnknownInference)",
			),
			// Rewards
			(
				&ferdie,
				RuntimeCall::Rewards(pallet_rewards::Call::claim {}),
				"Rewards(NothingToClaim)",
			),
			(
				&alice,
				RuntimeCall::Rewards(pallet_rewards::Call::set_emission { per_epoch: OPEN }),
				"BadOrigin",
			),
			(
				&alice,
				sudo(RuntimeCall::Rewards(pallet_rewards::Call::set_emission {
					per_epoch: 10_001 * OPEN,
				})),
				"via sudo: Rewards(EmissionAboveMax)",
			),
			// Provider bonds: Eve and Dave hold the minimum, Bob nothing.
			(&bob, RuntimeCall::ProviderBonds(PB::bond { amount: min_bond - 1 }), "ProviderBonds(BelowMinimum)"),
			(&bob, RuntimeCall::ProviderBonds(PB::bond { amount: 0 }), "ProviderBonds(ZeroAmount)"),
			(&pauper, RuntimeCall::ProviderBonds(PB::bond { amount: min_bond }), "Token(FundsUnavailable)"),
			(&bob, RuntimeCall::ProviderBonds(PB::unbond { amount: OPEN }), "ProviderBonds(NotBonded)"),
			(&eve, RuntimeCall::ProviderBonds(PB::unbond { amount: min_bond + 1 }), "ProviderBonds(InsufficientBond)"),
			(&eve, RuntimeCall::ProviderBonds(PB::unbond { amount: 1 }), "ProviderBonds(BelowMinimum)"),
			(&eve, RuntimeCall::ProviderBonds(PB::unbond { amount: 0 }), "ProviderBonds(ZeroAmount)"),
			(&eve, RuntimeCall::ProviderBonds(PB::withdraw_unbonded {}), "ProviderBonds(NothingUnbonding)"),
			(&bob, RuntimeCall::ProviderBonds(PB::withdraw_unbonded {}), "ProviderBonds(NotBonded)"),
			// Agents
			(&alice, register_agent(Alice.to_account_id(), vec![0], MIN_AGENT_STAKE), "Agents(OperatorIsOwner)"),
			(&alice, register_agent(bob_id.clone(), vec![], MIN_AGENT_STAKE), "Agents(NoModels)"),
			(&alice, register_agent(bob_id.clone(), vec![0, 0], MIN_AGENT_STAKE), "Agents(DuplicateModel)"),
			(&alice, register_agent(bob_id.clone(), vec![7], MIN_AGENT_STAKE), "Agents(ModelUnavailable)"),
			(&alice, register_agent(bob_id.clone(), vec![0], MIN_AGENT_STAKE - 1), "Agents(StakeBelowMinimum)"),
			(&pauper, register_agent(bob_id.clone(), vec![0], MIN_AGENT_STAKE), "Token(FundsUnavailable)"),
			(
				&charlie,
				RuntimeCall::Agents(AG::update_agent { agent: 9, metadata: None, models: None, price: Some(1) }),
				"Agents(UnknownAgent)",
			),
			(
				&bob,
				RuntimeCall::Agents(AG::update_agent { agent: 0, metadata: None, models: None, price: Some(1) }),
				"Agents(NotOwner)",
			),
			(
				&charlie,
				RuntimeCall::Agents(AG::update_agent {
					agent: 0,
					metadata: None,
					models: Some(vec![0, 7].try_into().unwrap()),
					price: None,
				}),
				"Agents(ModelUnavailable)",
			),
			(&bob, RuntimeCall::Agents(AG::pause_agent { agent: 0 }), "Agents(NotOwner)"),
			(&dave, RuntimeCall::Agents(AG::pause_agent { agent: 1 }), "Agents(AlreadyPaused)"),
			(&charlie, RuntimeCall::Agents(AG::resume_agent { agent: 0 }), "Agents(NotPaused)"),
			(&bob, RuntimeCall::Agents(AG::add_stake { agent: 0, amount: OPEN }), "Agents(NotOwner)"),
			(&charlie, RuntimeCall::Agents(AG::retire_agent { agent: 0 }), "Agents(OpenTasks)"),
			(&charlie, RuntimeCall::Agents(AG::release_stake { agent: 0 }), "Agents(NotRetired)"),
			(
				&bob,
				RuntimeCall::Agents(AG::offer_ownership { agent: 0, to: Some(bob_id.clone()) }),
				"Agents(NotOwner)",
			),
			(&bob, RuntimeCall::Agents(AG::accept_ownership { agent: 0 }), "Agents(NotOffered)"),
			(
				&charlie,
				RuntimeCall::Agents(AG::set_operator { agent: 0, operator: Charlie.to_account_id() }),
				"Agents(OperatorIsOwner)",
			),
			(&bob, open_task(9, 30 * OPEN, OPEN, TASK_DEADLINE), "Agents(UnknownAgent)"),
			(&bob, open_task(1, 30 * OPEN, OPEN, TASK_DEADLINE), "Agents(AgentNotActive)"),
			(&charlie, open_task(0, 30 * OPEN, OPEN, TASK_DEADLINE), "Agents(OwnAgent)"),
			(&ferdie, open_task(0, 30 * OPEN, OPEN, TASK_DEADLINE), "Agents(OwnAgent)"),
			(&bob, open_task(0, 30 * OPEN, OPEN - 1, TASK_DEADLINE), "Agents(PriceAboveMax)"),
			(&bob, open_task(0, OPEN - 1, OPEN, TASK_DEADLINE), "Agents(BudgetBelowPrice)"),
			(&bob, open_task(0, 30 * OPEN, OPEN, 1), "Agents(DeadlineInPast)"),
			(&bob, open_task(0, 30 * OPEN, OPEN, 10_000), "Agents(DeadlineTooFar)"),
			(&pauper, open_task(0, 30 * OPEN, OPEN, TASK_DEADLINE), "Token(FundsUnavailable)"),
			(&ferdie, buy(9, 0, 10 * OPEN, 2), "Agents(UnknownTask)"),
			(&bob, buy(0, 0, 10 * OPEN, 2), "Agents(NotOperator)"),
			(&ferdie, buy(0, 1, 10 * OPEN, 2), "Agents(ModelNotAllowed)"),
			(&ferdie, buy(0, 0, 10 * OPEN - 1, 2), "Agents(FeeAboveMax)"),
			(&ferdie, buy(0, 0, 10 * OPEN, 1), "Agents(DuplicateRequest)"),
			(&ferdie, buy(1, 0, 10 * OPEN, 2), "Agents(OverBudget)"),
			(&bob, RuntimeCall::Agents(AG::complete_task { task: 0, result_hash: H256::zero() }), "Agents(NotOperator)"),
			(&ferdie, RuntimeCall::Agents(AG::complete_task { task: 9, result_hash: H256::zero() }), "Agents(UnknownTask)"),
			(&bob, RuntimeCall::Agents(AG::decline_task { task: 0 }), "Agents(NotOperator)"),
			(&bob, RuntimeCall::Agents(AG::expire_task { task: 0 }), "Agents(DeadlineNotPassed)"),
			(&bob, RuntimeCall::Agents(AG::clear_task { task: 0 }), "Agents(TaskStillOpen)"),
			(&bob, RuntimeCall::Agents(AG::claim_fees {}), "Agents(NothingToClaim)"),
			// Validator set
			(
				&alice,
				RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
					who: bob_id.clone(),
				}),
				"BadOrigin",
			),
			(
				&alice,
				sudo(RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
					who: Alice.to_account_id(),
				})),
				"via sudo: ValidatorSet(AlreadyValidator)",
			),
			(
				&alice,
				sudo(RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator {
					who: Ferdie.to_account_id(),
				})),
				"via sudo: ValidatorSet(NotValidator)",
			),
			// Alice validates: her keys stay while she is in the set.
			(
				&alice,
				RuntimeCall::ValidatorSet(pallet_validator_set::Call::purge_keys {}),
				"ValidatorSet(StillValidator)",
			),
			(
				&alice,
				RuntimeCall::Session(pallet_session::Call::purge_keys {}),
				"System(CallFiltered)",
			),
			// Equivocation reports of Alice, the validator: blocks Bob sealed are no evidence, a
			// membership proof of nothing proves no ownership, and the unsigned call takes no
			// signature.
			(
				&bob,
				aura_report(&bob, alice_membership(), false),
				"AuraEquivocation(InvalidEquivocationProof)",
			),
			(
				&bob,
				aura_report(&alice, empty_membership(), false),
				"AuraEquivocation(InvalidKeyOwnershipProof)",
			),
			(&bob, aura_report(&alice, alice_membership(), true), "BadOrigin"),
		];

		open_block();
		let count = cases.len();
		for (signer, call, expected) in cases {
			refused(signer, call, expected);
		}
		// Repeated calls: the second of a pair that succeeds once is refused.
		assert_eq!(
			Executive::apply_extrinsic(signed(&eve, settle(0, &[(0, 50)]))).unwrap(),
			Ok(())
		);
		refused(&eve, settle(0, &[(0, 50)]), "Attribution(AlreadySettled)");
		// Dave unbonds all he holds: it stays held for the unbonding period.
		let unbond = RuntimeCall::ProviderBonds(PB::unbond { amount: min_bond });
		assert_eq!(Executive::apply_extrinsic(signed(&dave, unbond)).unwrap(), Ok(()));
		refused(
			&dave,
			RuntimeCall::ProviderBonds(PB::withdraw_unbonded {}),
			"ProviderBonds(StillUnbonding)",
		);
		// Bob's credit is in its challenge period: his claim waits for it.
		refused(
			&bob,
			RuntimeCall::Rewards(pallet_rewards::Call::claim {}),
			"Rewards(StillInChallenge)",
		);
		close_block();
		let rewards = Rewards::rewards_of(bob.public().into());
		let matured = rewards.maturing.last().map(|(at, _)| *at).expect("credits in challenge");
		run_to_block(matured - 1);
		open_block();
		assert_eq!(
			Executive::apply_extrinsic(signed(
				&bob,
				RuntimeCall::Rewards(pallet_rewards::Call::claim {})
			))
			.unwrap(),
			Ok(())
		);
		refused(
			&bob,
			RuntimeCall::Rewards(pallet_rewards::Call::claim {}),
			"Rewards(NothingToClaim)",
		);
		close_block();
		// Ferdie completes task 0: it is closed to him and to Bob, and its fee is Charlie's.
		let complete = RuntimeCall::Agents(AG::complete_task { task: 0, result_hash: H256::zero() });
		open_block();
		assert_eq!(Executive::apply_extrinsic(signed(&ferdie, complete.clone())).unwrap(), Ok(()));
		refused(&ferdie, complete, "Agents(TaskClosed)");
		refused(&bob, RuntimeCall::Agents(AG::expire_task { task: 0 }), "Agents(TaskClosed)");
		refused(&ferdie, buy(0, 0, 10 * OPEN, 3), "Agents(TaskClosed)");
		close_block();
		// Past the deadline, task 1 can no longer be completed or declined, and only Bob may
		// expire it until the grace period is over.
		run_to_block(TASK_DEADLINE + 1);
		open_block();
		refused(&ferdie, RuntimeCall::Agents(AG::decline_task { task: 1 }), "Agents(DeadlinePassed)");
		refused(&charlie, RuntimeCall::Agents(AG::expire_task { task: 1 }), "Agents(NotUser)");
		close_block();
		println!("{} bad inputs refused by name, state unchanged", count + 9);
	});
}

#[test]
fn arguments_over_their_bounds_and_truncated_calls_do_not_decode() {
	// The same shape as `create_datanet`, `contribute_batch`, `settle_inference`,
	// `settle_batch` and `set_output_base`, but with one argument a plain vector one longer
	// than its bound.
	let name = vec![b'x'; 65];
	let over_long: Vec<(&str, Vec<u8>)> = vec![
		(
			"create_datanet with a 65-byte name",
			(30u8, 0u8, name, Vec::<u8>::new(), Vec::<Vec<u8>>::new(), policy(OPEN, 10)).encode(),
		),
		(
			"contribute_batch with 65 contributions",
			(
				30u8,
				13u8,
				0u32,
				vec![(H256::zero(), 1u64, Vec::<u8>::new(), Vec::<u8>::new()); 65],
				u128::MAX,
			)
				.encode(),
		),
		(
			"settle_inference with 33 entries",
			(32u8, 1u8, 0u64, H256::zero(), vec![(0u64, Perbill::zero()); 33]).encode(),
		),
		(
			"settle_batch with 257 settlements",
			(32u8, 2u8, vec![(0u64, H256::zero(), Vec::<(u64, Perbill)>::new()); 257]).encode(),
		),
		("set_output_base with a 201-byte base", (32u8, 9u8, Some(vec![b'x'; 201])).encode()),
	];
	for (what, bytes) in &over_long {
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err(), "{what} decoded");
	}
	// At the bound, the same shape decodes: the bound, not the shape, refused them.
	let within = (
		30u8,
		13u8,
		0u32,
		vec![(H256::zero(), 1u64, Vec::<u8>::new(), Vec::<u8>::new()); 64],
		u128::MAX,
	)
		.encode();
	assert!(RuntimeCall::decode(&mut &within[..]).is_ok());
	let base_at_bound = (32u8, 9u8, Some(vec![b'x'; 200])).encode();
	assert!(RuntimeCall::decode(&mut &base_at_bound[..]).is_ok());

	// Every truncation of a valid signed transaction fails to decode.
	let xt = new_ext(DEV_RUNTIME_PRESET)
		.execute_with(|| signed(&Alice.pair(), contribute(0, 1, 10)).encode());
	for len in 0..xt.len() {
		assert!(
			openledger_runtime::UncheckedExtrinsic::decode(&mut &xt[..len]).is_err(),
			"a transaction cut to {len} of {} bytes decoded",
			xt.len()
		);
	}
}
