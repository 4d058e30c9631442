//! Random sequences of calls from random origins over the real runtime: every OpenLedger pallet
//! and balances, signed transactions in real blocks (fees, nonces, hooks), blocks and emission
//! epochs advancing. After every block: no panic, every pallet's `try_state` holds, the total
//! issuance has not moved and is exactly the sum of all balances, and every held OPEN belongs
//! to a record that explains it.
//!
//! CI runs a short seeded run. The long run, outside CI (docs/reliability.md has its figures):
//!
//! ```sh
//! FUZZ_SEQUENCES=2500 FUZZ_CALLS=400 cargo test --release -p openledger-runtime --test runtime fuzz:: -- --nocapture
//! ```
//!
//! `FUZZ_SEED` picks the first sequence's seed (default 1); a failure prints the seed and the
//! call that broke it, which replays alone with `FUZZ_SEED=<seed> FUZZ_SEQUENCES=1`.

// Tests may do plain arithmetic and index: a panic is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::common::{
	accept_call, bond_call, check_invariants, contribute_file_call, create_datanet_call,
	new_ext_patched, output_base_call, produce_block, register_model_call, run_signed,
	run_to_block, signed,
};
use frame_support::{
	traits::{Get, GetCallMetadata},
	BoundedVec,
};
use openledger_attribution_rule::{content::Commitment, tokenize, witness, Blake2b, Hasher};
use openledger_runtime::{
	currency::OPEN, AccountId, Balances, Runtime, RuntimeCall, RuntimeError, RuntimeEvent, System,
};
use pallet_attribution::{AttributionEntry, FeeSplit, Settlement};
use pallet_datanets::{Access, ContributionStatus, Policy, Verdict};
use pallet_models::{LineageEntry, ModelKind};
use sp_core::{sr25519, Pair, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{DispatchError, Perbill};
use std::collections::BTreeMap;

/// SplitMix64: small, seeded, the same everywhere.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
	/// An id from `0..next`, or now and then one that does not exist yet.
	fn id(&mut self, next: u64) -> u64 {
		if self.chance(10) {
			next + self.below(3)
		} else {
			self.below(next.max(1))
		}
	}
	fn bytes<const N: u32>(&mut self) -> BoundedVec<u8, frame_support::traits::ConstU32<N>> {
		let len = if self.chance(10) { N } else { self.below(u64::from(N).min(24) + 1) as u32 };
		(0..len)
			.map(|_| b'a' + self.below(26) as u8)
			.collect::<Vec<u8>>()
			.try_into()
			.unwrap()
	}
	/// An amount of OPEN: zero, dust, ordinary, or more than anyone has.
	fn amount(&mut self) -> u128 {
		match self.below(6) {
			0 => 0,
			1 => self.below(1_000) as u128,
			2 => 10_000_000_000_000_000, // the smallest contribution deposit
			3 => 2_000_000 * OPEN,
			_ => (1 + self.below(20) as u128) * OPEN,
		}
	}
	fn hash(&mut self) -> H256 {
		// Few distinct hashes, so duplicates happen.
		H256::repeat_byte(self.below(12) as u8)
	}
}

/// Files some contributions commit to, and an output quoting a run of each: records of that
/// output that credit or leave out such a contribution can be challenged and answered with span
/// witnesses that hold, not only with ones the runtime refuses.
const FILES: [&[u8]; 2] = [
	b"rest and plenty of fluids bring most fevers down within two or three days",
	b"a cold is caught from a virus and antibiotics do nothing against it at all",
];
const OUTPUT: &[u8] =
	b"Doctors say rest and plenty of fluids bring most fevers down within two or \
	three days; note that a cold is caught from a virus and antibiotics do nothing against it.";

/// A content root and size: now and then one of [`FILES`]', else a made-up one.
fn content(rng: &mut Rng, sizes: &[u64]) -> (H256, u64) {
	if rng.chance(30) {
		let file = FILES[rng.below(FILES.len() as u64) as usize];
		let Commitment { root, size } = Commitment::of::<Blake2b>(file);
		(H256(root), size)
	} else {
		(rng.hash(), sizes[rng.below(sizes.len() as u64) as usize])
	}
}

/// A span witness of the longest run of `OUTPUT` (longer than `longer_than` tokens) in the file
/// `contribution` commits to, for `inference`, if its record's output is `OUTPUT` and the
/// contribution commits to one of [`FILES`].
fn real_evidence(
	inference: u64,
	contribution: u64,
	longer_than: u32,
) -> Option<pallet_attribution::SpanEvidence<Runtime>> {
	let record = openledger_runtime::Attribution::record(inference)?;
	if record.output_hash.0 != Blake2b::hash(OUTPUT) {
		return None;
	}
	let committed = pallet_datanets::Contributions::<Runtime>::get(contribution)?.content_hash.0;
	let file = FILES.into_iter().find(|f| Commitment::of::<Blake2b>(f).root == committed)?;
	let tokens = tokenize::token_ranges(OUTPUT).len() as u32;
	let min_span: u32 = <Runtime as pallet_attribution::Config>::MinSpan::get();
	let min = min_span.max(longer_than + 1);
	let (start, run, at) = (min..=tokens).rev().find_map(|run| {
		(0..=tokens - run)
			.find_map(|start| witness::find(OUTPUT, start, run, file).map(|at| (start, run, at)))
	})?;
	let proof = witness::prove::<Blake2b>(OUTPUT, start, run, file, at)?;
	Some(pallet_attribution::SpanEvidence {
		binding: openledger_runtime::Attribution::witness_binding(
			inference,
			record.model,
			record.version,
			contribution,
		),
		output: OUTPUT.to_vec().try_into().ok()?,
		output_start: start,
		tokens: run,
		span_start: at,
		first_chunk: proof.first_chunk,
		chunks: proof.chunks.try_into().ok()?,
		proof: proof.proof.into_iter().map(H256).collect::<Vec<_>>().try_into().ok()?,
	})
}

/// Datanet 0, version 1, holds [`FILES`] (Bob's contribution 0, Charlie's 1), accepted; Dave's
/// model 0 is trained on it at 1 OPEN an inference and served by Eve and Ferdie; Charlie's agent
/// 0, run by Eve, calls it. With them a short run reaches settlements, challenges and answers
/// that hold, and tasks; the random calls make more of everything.
fn a_model_on_real_files() {
	use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
	let authorize = |who: Sr25519Keyring| {
		RuntimeCall::Models(pallet_models::Call::authorize_provider {
			model: 0,
			provider: who.to_account_id(),
		})
	};
	let (_, results) = run_signed(vec![
		(Alice.pair(), create_datanet_call(1_000)),
		(Bob.pair(), contribute_file_call(FILES[0])),
		(Charlie.pair(), contribute_file_call(FILES[1])),
		(Alice.pair(), accept_call(0)),
		(Alice.pair(), accept_call(1)),
		(
			Alice.pair(),
			RuntimeCall::Datanets(pallet_datanets::Call::publish_version { datanet: 0 }),
		),
		(Dave.pair(), register_model_call(b"fuzz-llm", OPEN)),
		(Dave.pair(), authorize(Eve)),
		(Dave.pair(), authorize(Ferdie)),
		// Charlie's agent, run by Eve, calls it: tasks are reachable from the first blocks.
		(
			Charlie.pair(),
			RuntimeCall::Agents(pallet_agents::Call::register_agent {
				operator: Eve.to_account_id(),
				metadata: pallet_agents::AgentMetadata {
					name: b"fuzz-agent".to_vec().try_into().unwrap(),
					description_uri: Default::default(),
					endpoint_uri: Default::default(),
				},
				models: vec![0].try_into().unwrap(),
				price: OPEN / 10,
				stake: openledger_runtime::configs::parameters::agents::MinAgentStake::get(),
			}),
		),
	]);
	assert!(results.iter().all(Result::is_ok), "the model on real files: {results:?}");
}

/// Who signs: the six funded dev accounts and two that start with nothing.
fn signers() -> Vec<sr25519::Pair> {
	let mut all: Vec<sr25519::Pair> = [
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
	]
	.iter()
	.map(|k| k.pair())
	.collect();
	all.push(sr25519::Pair::from_string("//Fuzz1", None).unwrap());
	all.push(sr25519::Pair::from_string("//Fuzz2", None).unwrap());
	all
}

fn next_ids() -> (u64, u64, u64, u64) {
	(
		u64::from(pallet_datanets::NextDatanetId::<Runtime>::get()),
		pallet_datanets::NextContributionId::<Runtime>::get(),
		u64::from(pallet_models::NextModelId::<Runtime>::get()),
		pallet_attribution::NextInferenceId::<Runtime>::get(),
	)
}

/// The accounts that may make a call succeed: the owner of the Datanet, contribution, model or
/// inference it names (or one of its curators or providers).
struct Roles {
	datanet_owner: Option<AccountId>,
	contributor: Option<AccountId>,
	reviewer: Option<AccountId>,
	model_owner: Option<AccountId>,
	provider: Option<AccountId>,
	consumer: Option<AccountId>,
}

fn roles(datanet: u32, contribution: u64, model: u32, inference: u64) -> Roles {
	let datanet_of = |id| pallet_datanets::Datanets::<Runtime>::get(id);
	let c = pallet_datanets::Contributions::<Runtime>::get(contribution);
	let reviewer = c.as_ref().and_then(|c| datanet_of(c.datanet)).map(|d| d.owner);
	let pending = openledger_runtime::Attribution::pending_inference(inference);
	let served = pending.as_ref().and_then(|p| pallet_models::Models::<Runtime>::get(p.model));
	Roles {
		datanet_owner: datanet_of(datanet).map(|d| d.owner),
		contributor: c.map(|c| c.contributor),
		reviewer,
		model_owner: pallet_models::Models::<Runtime>::get(model).map(|m| m.owner),
		provider: served.and_then(|m| m.providers.first().cloned()),
		consumer: pending.map(|p| p.consumer),
	}
}

/// A published Datanet version, if there is one (else a made-up one).
fn some_version(rng: &mut Rng) -> LineageEntry {
	let published: Vec<(u32, u32)> = pallet_datanets::Datanets::<Runtime>::iter()
		.filter(|(_, d)| d.counters.latest_version > 0)
		.map(|(id, d)| (id, d.counters.latest_version))
		.collect();
	match published.get(rng.below(published.len() as u64 + 1) as usize) {
		Some(&(datanet, latest)) =>
			LineageEntry { datanet, version: 1 + rng.below(u64::from(latest)) as u32 },
		None => LineageEntry { datanet: rng.below(3) as u32, version: rng.below(3) as u32 },
	}
}

/// A Datanet with accepted contributions its latest version does not hold, if there is one
/// (else any id), and its owner.
fn some_publishable(rng: &mut Rng, next: u64) -> (u32, Option<AccountId>) {
	let publishable: Vec<(u32, AccountId)> = pallet_datanets::Datanets::<Runtime>::iter()
		.filter(|(_, d)| d.counters.accepted > d.counters.published)
		.map(|(id, d)| (id, d.owner))
		.collect();
	match publishable.get(rng.below(publishable.len() as u64 + 1) as usize) {
		Some((id, owner)) => (*id, Some(owner.clone())),
		None => {
			let id = rng.id(next) as u32;
			(id, pallet_datanets::Datanets::<Runtime>::get(id).map(|d| d.owner))
		},
	}
}

/// An accepted contribution, if there is one (else any id).
fn some_accepted(rng: &mut Rng, next: u64) -> u64 {
	let accepted: Vec<u64> = pallet_datanets::Contributions::<Runtime>::iter()
		.filter(|(_, c)| matches!(c.status, ContributionStatus::Accepted { .. }))
		.map(|(id, _)| id)
		.collect();
	match accepted.get(rng.below(accepted.len() as u64 + 1) as usize) {
		Some(&id) => id,
		None => rng.id(next),
	}
}

/// A contribution waiting for review, if there is one (else any id).
fn some_pending_contribution(rng: &mut Rng, next: u64) -> u64 {
	let pending: Vec<u64> = pallet_datanets::Contributions::<Runtime>::iter()
		.filter(|(_, c)| c.status == ContributionStatus::Pending)
		.map(|(id, _)| id)
		.collect();
	match pending.get(rng.below(pending.len() as u64 + 1) as usize) {
		Some(&id) => id,
		None => rng.id(next),
	}
}

/// A pending inference, if there is one (else any id).
fn some_pending(rng: &mut Rng, next: u64) -> u64 {
	let pending: Vec<u64> = pallet_attribution::Inferences::<Runtime>::iter()
		.filter_map(|(id, i)| i.pending().map(|_| id))
		.collect();
	match pending.get(rng.below(pending.len() as u64 + 1) as usize) {
		Some(&id) => id,
		None => rng.id(next),
	}
}

/// A settled inference still in its challenge period, with a contribution it credits and its
/// consumer (who has OPEN for the deposit), if there is one (else any ids).
fn some_settled(rng: &mut Rng, next: u64) -> (u64, u64, Option<AccountId>) {
	use openledger_primitives::RewardsCredit;
	let now = System::block_number();
	let open = |at| now < <openledger_runtime::Rewards as RewardsCredit<_, _, _>>::matures_at(at);
	let settled: Vec<(u64, Vec<u64>, AccountId)> =
		pallet_attribution::Inferences::<Runtime>::iter()
			.filter_map(|(id, i)| match i {
				pallet_attribution::Inference::Challengeable(s)
					if !s.voided && open(s.record.settled_at) =>
				{
					let credited = s.record.attribution.iter().map(|e| e.contribution).collect();
					Some((id, credited, s.record.consumer))
				},
				_ => None,
			})
			.collect();
	match settled.get(rng.below(settled.len() as u64 + 1) as usize) {
		Some((id, credited, consumer)) if !credited.is_empty() =>
			(*id, credited[rng.below(credited.len() as u64) as usize], Some(consumer.clone())),
		Some((id, _, consumer)) => (*id, rng.below(10), Some(consumer.clone())),
		None => (rng.id(next), rng.below(10), None),
	}
}

/// An open challenge (inference and number), if there is one (else any id, and `None`).
fn some_challenged(rng: &mut Rng, next: u64) -> (u64, Option<u32>) {
	let open: Vec<(u64, u32)> = pallet_attribution::Challenges::<Runtime>::iter_keys().collect();
	match open.get(rng.below(open.len() as u64 + 1) as usize) {
		Some(&(id, number)) => (id, Some(number)),
		None => (rng.id(next), None),
	}
}

/// An account with rewards to claim or in their challenge period, if there is one.
fn some_rewarded(rng: &mut Rng) -> Option<AccountId> {
	let rewarded: Vec<AccountId> = pallet_rewards::PendingCredits::<Runtime>::iter_keys()
		.chain(pallet_rewards::Accounts::<Runtime>::iter_keys())
		.collect();
	rewarded.get(rng.below(rewarded.len() as u64 + 1) as usize).cloned()
}

/// An agent on record, mostly an active one (else a made-up id), with its owner and operator.
fn some_agent(rng: &mut Rng) -> (u32, Option<AccountId>, Option<AccountId>) {
	let agents: Vec<_> = pallet_agents::Agents::<Runtime>::iter().collect();
	let active: Vec<_> = agents
		.iter()
		.filter(|(_, a)| a.status == pallet_agents::AgentStatus::Active)
		.collect();
	let pick = if !active.is_empty() && rng.chance(80) {
		active.get(rng.below(active.len() as u64) as usize).copied()
	} else {
		agents.get(rng.below(agents.len() as u64 + 1) as usize)
	};
	match pick {
		Some((id, agent)) => (*id, Some(agent.owner.clone()), Some(agent.operator.clone())),
		None => (rng.below(3) as u32, None, None),
	}
}

/// A task on record, mostly an open one (else a made-up id), with its user and its agent's
/// operator.
fn some_task(rng: &mut Rng) -> (u64, Option<AccountId>, Option<AccountId>) {
	let tasks: Vec<_> = pallet_agents::Tasks::<Runtime>::iter().collect();
	let open: Vec<_> = tasks
		.iter()
		.filter(|(_, t)| t.status == pallet_agents::TaskStatus::Open)
		.collect();
	let pick = if !open.is_empty() && rng.chance(80) {
		open.get(rng.below(open.len() as u64) as usize).copied()
	} else {
		tasks.get(rng.below(tasks.len() as u64 + 1) as usize)
	};
	match pick {
		Some((id, task)) => {
			let operator = pallet_agents::Agents::<Runtime>::get(task.agent).map(|a| a.operator);
			(*id, Some(task.user.clone()), operator)
		},
		None => (rng.below(3), None, None),
	}
}

/// Agents' calls: registered, run, paused, given away and retired by their owners; tasks opened
/// by anyone, spent on the agent's models, completed, declined, expired and cleared.
fn random_agent_call(
	rng: &mut Rng,
	account: AccountId,
	models: u64,
) -> (Option<AccountId>, RuntimeCall) {
	use pallet_agents::Call as AG;
	let min_stake = openledger_runtime::configs::parameters::agents::MinAgentStake::get();
	let some_models = |rng: &mut Rng| -> BoundedVec<u32, _> {
		(0..1 + rng.below(2))
			.map(|_| rng.id(models) as u32)
			.collect::<Vec<_>>()
			.try_into()
			.unwrap()
	};
	let (agent, owner, operator) = some_agent(rng);
	let (task, user, task_operator) = some_task(rng);
	let metadata = |rng: &mut Rng| pallet_agents::AgentMetadata {
		name: rng.bytes(),
		description_uri: rng.bytes(),
		endpoint_uri: rng.bytes(),
	};
	match rng.below(12) {
		0 => (
			None,
			RuntimeCall::Agents(AG::register_agent {
				operator: account,
				metadata: metadata(rng),
				models: some_models(rng),
				price: if rng.chance(80) { OPEN / 10 } else { rng.amount() / 10 },
				stake: if rng.chance(80) { min_stake } else { rng.amount() },
			}),
		),
		1 => (
			owner,
			RuntimeCall::Agents(match rng.below(9) {
				0 => AG::update_agent {
					agent,
					metadata: rng.chance(50).then(|| metadata(rng)),
					models: rng.chance(50).then(|| some_models(rng)),
					price: rng.chance(50).then(|| rng.amount()),
				},
				1 => AG::pause_agent { agent },
				2 => AG::resume_agent { agent },
				3 => AG::add_stake { agent, amount: rng.amount() },
				4 => AG::retire_agent { agent },
				5 => AG::release_stake { agent },
				6 => AG::offer_ownership { agent, to: Some(account) },
				7 => AG::set_operator { agent, operator: account },
				_ => AG::accept_ownership { agent },
			}),
		),
		2..=4 => (
			None,
			RuntimeCall::Agents(AG::open_task {
				agent,
				budget: if rng.chance(70) { 30 * OPEN } else { rng.amount() },
				max_agent_fee: if rng.chance(90) { u128::MAX } else { rng.amount() },
				request_hash: rng.hash(),
				deadline: System::block_number() + rng.below(40) as u32,
			}),
		),
		5..=7 => {
			let model = pallet_agents::Tasks::<Runtime>::get(task)
				.and_then(|t| pallet_agents::Agents::<Runtime>::get(t.agent))
				.and_then(|a| a.models.first().map(|m| m.model))
				.unwrap_or_else(|| rng.id(models) as u32);
			(
				task_operator,
				RuntimeCall::Agents(AG::buy_inference {
					task,
					model,
					max_fee: u128::MAX,
					// Now and then a request the task bought already.
					request_hash: H256::repeat_byte(rng.below(8) as u8),
				}),
			)
		},
		8 | 9 => (
			task_operator,
			RuntimeCall::Agents(if rng.chance(70) {
				AG::complete_task { task, result_hash: rng.hash() }
			} else {
				AG::decline_task { task }
			}),
		),
		10 => (user, RuntimeCall::Agents(AG::expire_task { task })),
		_ =>
			if rng.chance(50) {
				(user, RuntimeCall::Agents(AG::clear_task { task }))
			} else {
				(owner.or(operator), RuntimeCall::Agents(AG::claim_fees {}))
			},
	}
}

/// One random call and who signs it: arguments often valid, sometimes not; the signer often
/// the one the call needs, sometimes anybody.
fn random_call(rng: &mut Rng, accounts: &[sr25519::Pair]) -> (sr25519::Pair, RuntimeCall) {
	let (signer, call) = random_call_and_role(rng, accounts);
	let anybody = accounts[rng.below(accounts.len() as u64) as usize].clone();
	let signer = match signer {
		Some(who) if rng.chance(80) => accounts
			.iter()
			.find(|p| AccountId::from(p.public()) == who)
			.cloned()
			.unwrap_or(anybody),
		_ => anybody,
	};
	(signer, call)
}

fn random_call_and_role(
	rng: &mut Rng,
	accounts: &[sr25519::Pair],
) -> (Option<AccountId>, RuntimeCall) {
	use pallet_attribution::Call as A;
	use pallet_datanets::Call as D;
	use pallet_models::Call as M;
	let (datanets, contributions, models, inferences) = next_ids();
	let datanet = rng.id(datanets) as u32;
	// Reviews and withdrawals mostly name a contribution that can take them.
	let contribution = some_pending_contribution(rng, contributions);
	let model = rng.id(models) as u32;
	let inference = some_pending(rng, inferences);
	let role = roles(datanet, contribution, model, inference);
	let account: AccountId = accounts[rng.below(accounts.len() as u64) as usize].public().into();
	let policy = |rng: &mut Rng| Policy {
		access: if rng.chance(25) { Access::Permissioned } else { Access::Open },
		contribution_deposit: rng.amount(),
		max_contribution_bytes: [0, 100, 1_000, u64::MAX][rng.below(4) as usize],
	};
	let lineage = |rng: &mut Rng| -> pallet_models::LineageOf<Runtime> {
		(0..rng.below(4))
			.map(|_| some_version(rng))
			.collect::<Vec<_>>()
			.try_into()
			.unwrap()
	};
	let attribution = |rng: &mut Rng| -> pallet_attribution::AttributionOf<Runtime> {
		(0..rng.below(5))
			.map(|_| AttributionEntry {
				contribution: some_accepted(rng, contributions),
				share: Perbill::from_percent(rng.below(70) as u32),
			})
			.collect::<Vec<_>>()
			.try_into()
			.unwrap()
	};
	// Mostly any deposit; now and then a bound the policy's deposit may exceed.
	let max_deposit = |rng: &mut Rng| if rng.chance(10) { rng.amount() } else { u128::MAX };
	let root =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let min_bond = openledger_runtime::configs::parameters::bonds::MinProviderBond::get();
	match rng.below(48) {
		40..=47 => random_agent_call(rng, account, models),
		0 | 1 => (
			None,
			RuntimeCall::Datanets(D::create_datanet {
				name: rng.bytes(),
				description: rng.bytes(),
				tags: vec![rng.bytes()].try_into().unwrap(),
				policy: policy(rng),
			}),
		),
		2 => (
			role.datanet_owner,
			RuntimeCall::Datanets(D::update_metadata {
				datanet,
				name: rng.bytes(),
				description: rng.bytes(),
				tags: Default::default(),
			}),
		),
		3 => (
			role.datanet_owner,
			RuntimeCall::Datanets(D::set_policy { datanet, policy: policy(rng) }),
		),
		4 => (
			role.datanet_owner,
			RuntimeCall::Datanets(D::add_curator { datanet, curator: account }),
		),
		5 => (
			role.datanet_owner,
			RuntimeCall::Datanets(D::remove_curator { datanet, curator: account }),
		),
		6 => (
			role.datanet_owner,
			// Archiving is for good: rarer, so Datanets live long enough to be used.
			match rng.below(8) {
				0..=2 => RuntimeCall::Datanets(D::pause { datanet }),
				3..=6 => RuntimeCall::Datanets(D::resume { datanet }),
				_ => RuntimeCall::Datanets(D::archive { datanet }),
			},
		),
		7 => (
			role.datanet_owner,
			RuntimeCall::Datanets(D::transfer_ownership { datanet, new_owner: account }),
		),
		8..=10 => {
			let (content_hash, size_bytes) = content(rng, &[0, 1, 100, 5_000]);
			(
				None,
				RuntimeCall::Datanets(D::contribute {
					datanet,
					content_hash,
					size_bytes,
					uri: rng.bytes(),
					metadata: rng.bytes(),
					max_deposit: max_deposit(rng),
				}),
			)
		},
		30 => {
			// Up to four contributions, empty batches and hashes repeated inside one included.
			let first = rng.hash();
			let items: Vec<_> = (0..rng.below(5))
				.map(|_| pallet_datanets::ContributionInput {
					content_hash: if rng.chance(20) { first } else { rng.hash() },
					size_bytes: [0, 1, 100, 5_000][rng.below(4) as usize],
					uri: rng.bytes(),
					metadata: rng.bytes(),
				})
				.collect();
			(
				None,
				RuntimeCall::Datanets(D::contribute_batch {
					datanet,
					contributions: items.try_into().expect("within MaxContributionBatch"),
					max_deposit: max_deposit(rng),
				}),
			)
		},
		// A commitment to one contribution, which a later `reveal` of the same hash by the same
		// account sends, displacing any copy pending since.
		31 => {
			let commitment =
				pallet_datanets::Pallet::<Runtime>::commitment(&account, datanet, &[rng.hash()]);
			(Some(account), RuntimeCall::Datanets(D::commit { commitment }))
		},
		32 => {
			let commitment = pallet_datanets::Commitments::<Runtime>::iter_key_prefix(&account)
				.next()
				.unwrap_or_default();
			(Some(account), RuntimeCall::Datanets(D::cancel_commitment { commitment }))
		},
		33 => {
			let item = pallet_datanets::ContributionInput {
				content_hash: rng.hash(),
				size_bytes: [1, 100][rng.below(2) as usize],
				uri: rng.bytes(),
				metadata: rng.bytes(),
			};
			let contributions = vec![item].try_into().expect("one contribution");
			(
				Some(account),
				RuntimeCall::Datanets(D::reveal {
					datanet,
					contributions,
					max_deposit: max_deposit(rng),
				}),
			)
		},
		11 | 12 => (
			role.reviewer,
			RuntimeCall::Datanets(D::review {
				contribution,
				verdict: [Verdict::Accept, Verdict::Reject, Verdict::RejectAsSpam]
					[rng.below(3) as usize],
			}),
		),
		13 => (role.contributor, RuntimeCall::Datanets(D::withdraw { contribution })),
		14 => {
			let (datanet, owner) = some_publishable(rng, datanets);
			(owner, RuntimeCall::Datanets(D::publish_version { datanet }))
		},
		15 | 16 => (
			None,
			RuntimeCall::Models(M::register_model {
				name: rng.bytes(),
				metadata_uri: rng.bytes(),
				kind: if rng.chance(30) {
					ModelKind::Adapter { base: rng.id(models) as u32 }
				} else {
					ModelKind::Base
				},
				artifact_hash: rng.hash(),
				artifact_uri: rng.bytes(),
				lineage: lineage(rng),
				inference_fee: rng.amount(),
			}),
		),
		17 => (
			role.model_owner,
			RuntimeCall::Models(M::publish_version {
				model,
				artifact_hash: rng.hash(),
				artifact_uri: rng.bytes(),
				lineage: lineage(rng),
			}),
		),
		18 => (
			role.model_owner,
			RuntimeCall::Models(M::set_inference_fee { model, fee: rng.amount() }),
		),
		19 => (
			role.model_owner,
			RuntimeCall::Models(M::authorize_provider { model, provider: account }),
		),
		20 => (
			role.model_owner,
			match rng.below(3) {
				0 => RuntimeCall::Models(M::revoke_provider { model, provider: account }),
				1 => RuntimeCall::Models(M::deprecate { model }),
				_ => RuntimeCall::Models(M::transfer_ownership { model, new_owner: account }),
			},
		),
		// Some consumers ask for privacy.
		21 | 22 | 29 => (
			None,
			RuntimeCall::Attribution(if rng.chance(25) {
				A::request_private_inference {
					model,
					max_fee: rng.amount(),
					request_hash: rng.hash(),
				}
			} else {
				A::request_inference { model, max_fee: rng.amount(), request_hash: rng.hash() }
			}),
		),
		// Now and then the output is `OUTPUT`, which witnesses can show runs of.
		23 | 24 => (
			role.provider,
			RuntimeCall::Attribution(A::settle_inference {
				inference,
				output_hash: if rng.chance(40) { H256(Blake2b::hash(OUTPUT)) } else { rng.hash() },
				attribution: attribution(rng),
			}),
		),
		25 => (
			role.provider,
			RuntimeCall::Attribution(A::settle_batch {
				settlements: (0..1 + rng.below(3))
					.map(|_| Settlement {
						inference: rng.id(inferences),
						output_hash: rng.hash(),
						attribution: attribution(rng),
					})
					.collect::<Vec<_>>()
					.try_into()
					.unwrap(),
			}),
		),
		// Providers bond, mostly the minimum, and set where they publish outputs; now and then
		// one leaves, or stops publishing (and can settle private inferences only).
		34 => (
			role.provider,
			if rng.chance(20) {
				let base = vec![b'a'; rng.below(200) as usize];
				RuntimeCall::Attribution(A::set_output_base {
					base: Some(base.try_into().unwrap_or_default()),
				})
			} else {
				RuntimeCall::ProviderBonds(pallet_provider_bonds::Call::bond {
					amount: if rng.chance(70) { min_bond } else { rng.amount() },
				})
			},
		),
		35 => (
			role.provider,
			if rng.chance(5) {
				RuntimeCall::Attribution(A::set_output_base { base: None })
			} else if rng.chance(30) {
				RuntimeCall::ProviderBonds(pallet_provider_bonds::Call::unbond {
					amount: if rng.chance(50) { min_bond } else { rng.amount() },
				})
			} else {
				RuntimeCall::ProviderBonds(pallet_provider_bonds::Call::withdraw_unbonded {})
			},
		),
		// Anyone challenges a settled credit; anyone answers (with a witness that holds where
		// the output and the contribution's file allow one, else with made-up bytes) or asks
		// for a verdict; with no challenge open, the witness tries an omission challenge of a
		// settled record instead.
		36 => {
			let (inference, contribution, consumer) = some_settled(rng, inferences);
			(consumer, RuntimeCall::Attribution(A::challenge { inference, contribution }))
		},
		37 => {
			let (inference, number) = some_challenged(rng, inferences);
			let challenge = number.unwrap_or_default();
			if rng.chance(60) {
				(None, RuntimeCall::Attribution(A::decide_challenge { inference, challenge }))
			} else {
				let challenged =
					pallet_attribution::Challenges::<Runtime>::get(inference, challenge);
				// An omission: a settled record and any accepted contribution.
				let (inference, contribution, longer_than) = match &challenged {
					Some(c) => (
						inference,
						c.contribution,
						match c.dispute {
							pallet_attribution::Dispute::Omission { tokens, .. } => tokens,
							pallet_attribution::Dispute::UnsupportedCredit => 0,
						},
					),
					None => (some_settled(rng, inferences).0, some_accepted(rng, contributions), 0),
				};
				if let Some(evidence) = real_evidence(inference, contribution, longer_than) {
					let call = match number {
						Some(challenge) =>
							A::answer_challenge { inference, challenge, contribution, evidence },
						None => A::challenge_omission { inference, contribution, evidence },
					};
					return (role.provider, RuntimeCall::Attribution(call));
				}
				let binding = challenged
					.zip(pallet_attribution::Pallet::<Runtime>::record(inference))
					.map(|(c, r)| {
						pallet_attribution::Pallet::<Runtime>::witness_binding(
							inference,
							r.model,
							r.version,
							c.contribution,
						)
					})
					.unwrap_or_else(|| rng.hash());
				let evidence = pallet_attribution::SpanEvidence {
					binding,
					output: rng.bytes(),
					output_start: rng.below(4) as u32,
					tokens: 8,
					span_start: rng.below(100),
					first_chunk: 0,
					chunks: rng.bytes(),
					proof: Default::default(),
				};
				let call = match number {
					Some(challenge) =>
						A::answer_challenge { inference, challenge, contribution, evidence },
					None => A::challenge_omission { inference, contribution, evidence },
				};
				(role.provider, RuntimeCall::Attribution(call))
			}
		},
		26 => (role.consumer, RuntimeCall::Attribution(A::refund { inference })),
		27 => (some_rewarded(rng), RuntimeCall::Rewards(pallet_rewards::Call::claim {})),
		28 => {
			let admin = if rng.chance(50) {
				let p = |rng: &mut Rng| Perbill::from_percent(rng.below(60) as u32);
				RuntimeCall::Attribution(A::set_fee_split {
					split: FeeSplit { pool: p(rng), model: p(rng), provider: p(rng), data: p(rng) },
				})
			} else {
				RuntimeCall::Rewards(pallet_rewards::Call::set_emission { per_epoch: rng.amount() })
			};
			// Mostly through Root (sudo, whose key is Alice), sometimes from a signed origin.
			if rng.chance(70) {
				(Some(Sr25519Keyring::Alice.to_account_id()), root(admin))
			} else {
				(None, admin)
			}
		},
		// Some of these are burns, which the runtime's call filter refuses to everyone (the
		// supply is fixed). The drawn account decides which, so the random stream, and with it
		// every other call of the run, stays what it was before burns were tried.
		_ if AsRef::<[u8]>::as_ref(&account)[0] % 4 == 0 => (
			None,
			RuntimeCall::Balances(pallet_balances::Call::burn {
				value: rng.amount(),
				keep_alive: true,
			}),
		),
		// Eve's are equivocation reports of the validator (Alice): two blocks sealed with
		// Eve's key, refused, or with Alice's own, a real offence (and she stays: the set cannot
		// go below one). One draw, as a transfer's, so the rest of the run is unchanged.
		_ if account == Sr25519Keyring::Eve.to_account_id() => {
			let slot = rng.amount() as u64;
			let sealer = if slot % 1000 == 0 { Sr25519Keyring::Alice } else { Sr25519Keyring::Eve };
			(None, forged_aura_report(&sealer.pair(), slot))
		},
		_ => (
			None,
			RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
				dest: account.into(),
				value: rng.amount(),
			}),
		),
	}
}

/// An Aura equivocation report naming the validator's key, with two blocks of `slot` sealed by
/// `sealer` and a real key-ownership proof of the validator.
fn forged_aura_report(sealer: &sr25519::Pair, slot: u64) -> RuntimeCall {
	use frame_support::traits::KeyOwnerProofSystem;
	use sp_consensus_aura::sr25519::AuthoritySignature;
	use sp_runtime::traits::Header as _;
	let offender = pallet_aura::Authorities::<Runtime>::get()[0].clone();
	let header = |root: u8| {
		let block = openledger_runtime::Header::new(
			1,
			Default::default(),
			H256::repeat_byte(root),
			Default::default(),
			Default::default(),
		);
		pallet_aura_equivocation::seal_header(block, slot.into(), |hash| {
			Some(AuthoritySignature::from(sealer.sign(hash)))
		})
		.expect("signed")
	};
	let key_owner_proof =
		openledger_runtime::Historical::prove((sp_core::crypto::key_types::AURA, offender.clone()))
			.expect("the validator's key is in the current session");
	RuntimeCall::AuraEquivocation(pallet_aura_equivocation::Call::report_equivocation {
		equivocation_proof: Box::new(pallet_aura_equivocation::EquivocationProof {
			offender,
			slot: slot.into(),
			first_header: header(1),
			second_header: header(2),
		}),
		key_owner_proof,
	})
}

/// What a run did, for the report.
#[derive(Default)]
struct Tally {
	calls: u64,
	blocks: u64,
	/// Calls that succeeded, by name.
	succeeded: BTreeMap<String, u64>,
	/// Failed dispatches by error name.
	failed: BTreeMap<String, u64>,
	/// Transactions the runtime refused before dispatch (for example: cannot pay the fee).
	invalid: u64,
}

fn error_name(error: DispatchError) -> String {
	match RuntimeError::from_dispatch_error(error) {
		Some(named) => format!("{named:?}"),
		None => format!("{error:?}"),
	}
}

/// One sequence of `calls` random calls from genesis.
fn run_sequence(seed: u64, calls: u64, tally: &mut Tally) {
	// The development chain (its sudo key reaches the admin calls) at the production pace:
	// inferences wait an hour for their refund, as on a real network, which leaves providers
	// time to settle them.
	let production_pace = serde_json::json!({ "origins": { "pace": "Standard" } });
	new_ext_patched(DEV_RUNTIME_PRESET, production_pace).execute_with(|| {
		let mut rng = Rng(seed);
		let accounts = signers();
		let issuance = Balances::total_issuance();
		let epoch = <Runtime as pallet_rewards::Config>::EpochLength::get();
		// The endowed signers (the dev accounts) start as bonded providers publishing outputs,
		// so that settlements are reachable from the first blocks; the random calls bond,
		// unbond, withdraw and move or remove output bases from there.
		for call in [bond_call(), output_base_call()] {
			let calls = accounts.iter().take(6).map(|who| signed(who, call.clone())).collect();
			assert!(produce_block(calls).iter().all(|r| matches!(r, Ok(Ok(())))), "bonded");
		}
		a_model_on_real_files();
		let mut done = 0;
		while done < calls {
			let in_block = (1 + rng.below(6)).min(calls - done);
			let mut batch = Vec::new();
			for _ in 0..in_block {
				let (signer, call) = random_call(&mut rng, &accounts);
				batch.push((signed(&signer, call.clone()), call));
			}
			// Nonces: one transaction per signer per block keeps them simple.
			let mut seen = std::collections::BTreeSet::new();
			batch.retain(|(xt, _)| seen.insert(xt.encode_signer()));
			let calls_in_block: Vec<RuntimeCall> = batch.iter().map(|(_, c)| c.clone()).collect();
			let results = produce_block(batch.into_iter().map(|(xt, _)| xt).collect());
			tally.blocks += 1;
			for (result, call) in results.into_iter().zip(&calls_in_block) {
				tally.calls += 1;
				done += 1;
				match result {
					Ok(Ok(())) => {
						let name = call.get_call_metadata();
						let name = format!("{}.{}", name.pallet_name, name.function_name);
						*tally.succeeded.entry(name).or_default() += 1;
					},
					Ok(Err(e)) => *tally.failed.entry(error_name(e)).or_default() += 1,
					Err(_) => tally.invalid += 1,
				}
			}
			// Sudo wraps its call's failure in an event rather than failing itself.
			for record in System::events() {
				if let RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(e) }) =
					record.event
				{
					*tally.failed.entry(format!("via sudo: {}", error_name(e))).or_default() += 1;
				}
			}
			if let Err(broken) = check_invariants(issuance) {
				panic!(
					"seed {seed}, block {}: {broken}\nthe block's calls: {calls_in_block:#?}",
					System::block_number()
				);
			}
			// Now and then, two emission epochs go by: every refund timeout passes, and every
			// credit made so far leaves its challenge period (an epoch is as long as a challenge
			// period at this pace, and a credit matures one to two periods after it is made).
			if rng.chance(1) {
				let now = System::block_number();
				run_to_block((now / epoch + 2) * epoch + 1);
				check_invariants(issuance)
					.unwrap_or_else(|broken| panic!("seed {seed}, after an epoch: {broken}"));
			}
		}
	});
}

/// `xt`'s signer, to keep one transaction per signer in a block.
trait Signer {
	fn encode_signer(&self) -> Vec<u8>;
}

impl Signer for openledger_runtime::UncheckedExtrinsic {
	fn encode_signer(&self) -> Vec<u8> {
		use codec::Encode;
		match &self.preamble {
			sp_runtime::generic::Preamble::Signed(who, ..) => who.encode(),
			_ => Vec::new(),
		}
	}
}

fn env(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn random_calls_keep_every_invariant() {
	let (first, sequences, calls) =
		(env("FUZZ_SEED", 1), env("FUZZ_SEQUENCES", 6), env("FUZZ_CALLS", 500));
	let started = std::time::Instant::now();
	let mut tally = Tally::default();
	for seed in first..first + sequences {
		run_sequence(seed, calls, &mut tally);
	}
	let succeeded: u64 = tally.succeeded.values().sum();
	let failures: u64 = tally.failed.values().sum();
	println!(
		"{} calls in {} blocks over {sequences} sequences in {:.1} s: {succeeded} succeeded, \
		 {failures} failed by name, {} refused before dispatch",
		tally.calls,
		tally.blocks,
		started.elapsed().as_secs_f64(),
		tally.invalid
	);
	for (name, count) in tally.succeeded.iter().chain(&tally.failed) {
		println!("  {count:>8}  {name}");
	}
	assert!(!tally.succeeded.contains_key("Balances.burn"), "OPEN was burnt");
	// The generator must reach the interesting paths, not only fail: the money path succeeds
	// and the errors are many (on runs of CI's size or more; a replay of one seed may not).
	if sequences < 6 {
		return;
	}
	for call in [
		"Datanets.publish_version",
		"Models.register_model",
		"Attribution.settle_inference",
		"Attribution.challenge",
		"Attribution.answer_challenge",
		"Attribution.decide_challenge",
		"ProviderBonds.bond",
		"Rewards.claim",
		"Agents.register_agent",
		"Agents.open_task",
		"Agents.buy_inference",
		"Agents.complete_task",
		"Agents.expire_task",
	] {
		assert!(tally.succeeded.contains_key(call), "{call} never succeeded");
	}
	assert!(tally.failed.len() >= 25, "too few distinct errors reached: {:?}", tally.failed.keys());
}
