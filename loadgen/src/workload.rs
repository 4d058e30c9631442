//! The accounts, the on-chain setup each scenario needs, and its pre-signed extrinsics.

use crate::{watch::Kind, Args, Scenario};
use codec::Encode;
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::Get,
	BoundedVec,
};
use openledger_client::{hex as hex_of, Chain, Error, Included};
use openledger_runtime::{
	currency::{MILLI_OPEN, OPEN},
	AccountId, Balance, Hash, Runtime, RuntimeCall, RuntimeEvent,
};
use pallet_attribution::{AttributionEntry, Settlement};
use serde_json::json;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _, Saturating},
	MultiAddress, Perbill,
};

/// What each account is funded with.
const FUNDING: Balance = 100 * OPEN;
/// What each provider bonds: the default minimum provider bond (`parameters.bonds`). On a chain
/// whose governance raised it the settlements fail, and the run reports them.
const PROVIDER_BOND: Balance = 1_000 * OPEN;
/// Transfers per funding `batch_all`.
const FUNDING_BATCH: usize = 500;
/// The model's inference fee: the chain's least fee at genesis (`Deposits.MinInferenceFee`, and
/// the existential deposit), 0.01 OPEN.
const INFERENCE_FEE: Balance = 10 * MILLI_OPEN;
/// Contributions in the settled model's lineage, from `LINEAGE_CONTRIBUTORS` accounts.
const LINEAGE_CONTRIBUTIONS: u32 = 256;
const LINEAGE_CONTRIBUTORS: u32 = 64;

/// What Alice stakes for each agent the task scenarios register: the default least stake
/// (`parameters.agents.MinAgentStake`).
const AGENT_STAKE: Balance = 100 * OPEN;

/// The model that settlements attribute to.
struct Model {
	id: u32,
	/// Its lineage's contributions.
	contributions: Vec<u64>,
}

/// The accounts and what has been set up on chain.
pub struct Workload {
	accounts: Vec<sr25519::Pair>,
	nonces: Vec<u32>,
	alice: sr25519::Pair,
	genesis: Hash,
	open_datanet: Option<u32>,
	model: Option<Model>,
	/// The tasks the `task-opens` scenario opened, for `task-runs` to run.
	tasks: Vec<u64>,
	/// The first agent `task-opens` registered, and the account of its operator (agent
	/// `first + i` is run by account `operator + i`).
	agents: Option<(u32, usize)>,
	/// The last salt handed out; starts from the clock.
	salts: u64,
}

fn pair(uri: &str) -> Result<sr25519::Pair, Error> {
	openledger_client::signer(uri)
}

fn bounded<S: Get<u32>>(bytes: &[u8]) -> Result<BoundedVec<u8, S>, Error> {
	BoundedVec::try_from(bytes.to_vec()).map_err(|_| "a setup string is too long".into())
}

/// Submits `call` as Alice and fails unless it succeeded; returns its events.
fn as_alice(chain: &Chain, alice: &sr25519::Pair, call: RuntimeCall) -> Result<Included, Error> {
	let included = chain.submit(alice, call)?;
	let batch_failed = included.events.iter().any(|e| {
		matches!(e, RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted { .. }))
	});
	match included.failure {
		Some(f) => Err(format!("setup failed: {f}")),
		None if batch_failed => Err("setup failed: a batched call failed".into()),
		None => Ok(included),
	}
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

/// The length of `call` once signed: the call plus the signer, signature and extensions
/// (about 110 bytes).
fn signed_size(call: &RuntimeCall) -> usize {
	call.encoded_size().saturating_add(110)
}

/// How many extrinsics like `call` fit in one block, by weight and by length.
fn capacity(call: &RuntimeCall, encoded_len: usize) -> u64 {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let max = normal.max_total.unwrap_or(weights.max_block).ref_time();
	let each = call.get_dispatch_info().call_weight.saturating_add(normal.base_extrinsic);
	let by_weight = max.checked_div(each.ref_time()).unwrap_or(u64::MAX);
	let length = <Runtime as frame_system::Config>::BlockLength::get();
	let max_len = u64::from(*length.max.get(DispatchClass::Normal));
	let by_length = max_len.checked_div(encoded_len as u64).unwrap_or(u64::MAX);
	by_weight.min(by_length)
}

impl Workload {
	/// Derives the accounts, funds those that need it and reads their nonces.
	pub fn prepare(chain: &Chain, args: &Args) -> Result<Workload, Error> {
		let alice = pair("//Alice")?;
		let accounts = (0..args.accounts)
			.map(|i| pair(&format!("//Alice//loadgen//{i}")))
			.collect::<Result<Vec<_>, _>>()?;
		let genesis = chain.genesis_hash()?;
		let mut nonces = Self::nonces(chain, &accounts)?;
		let unfunded: Vec<usize> =
			nonces.iter().enumerate().filter(|(_, n)| **n == 0).map(|(i, _)| i).collect();
		for chunk in unfunded.chunks(FUNDING_BATCH) {
			let calls = chunk
				.iter()
				.filter_map(|i| accounts.get(*i))
				.map(|who| {
					RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
						dest: MultiAddress::Id(AccountId::from(who.public())),
						value: FUNDING,
					})
				})
				.collect();
			as_alice(chain, &alice, batch_all(calls))?;
			println!("funded {} accounts with {} OPEN each", chunk.len(), FUNDING / OPEN);
		}
		if !unfunded.is_empty() {
			nonces = Self::nonces(chain, &accounts)?;
		}
		let salts = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map_or(0, |d| d.as_nanos() as u64);
		Ok(Workload {
			accounts,
			nonces,
			alice,
			genesis,
			open_datanet: None,
			model: None,
			tasks: Vec::new(),
			agents: None,
			salts,
		})
	}

	fn nonces(chain: &Chain, accounts: &[sr25519::Pair]) -> Result<Vec<u32>, Error> {
		let params: Vec<_> = accounts
			.iter()
			.map(|a| json!([sp_core::crypto::Ss58Codec::to_ss58check(&a.public())]))
			.collect();
		let mut nonces = Vec::with_capacity(accounts.len());
		for chunk in params.chunks(512) {
			for reply in chain.rpc().call_batch("system_accountNextIndex", chunk)? {
				let nonce = openledger_client::chain::number_of(&reply?, "nonce")?;
				nonces.push(u32::try_from(nonce).map_err(|_| "nonce too large")?);
			}
		}
		Ok(nonces)
	}

	/// Signs `call` as account `who` with its next nonce.
	fn sign(&mut self, chain: &Chain, who: usize, call: RuntimeCall) -> Result<Vec<u8>, Error> {
		let signer = self.accounts.get(who).ok_or("no such account")?;
		let nonce = self.nonces.get_mut(who).ok_or("no such account")?;
		let xt = chain.sign(signer, call, *nonce, self.genesis);
		nonce.saturating_inc();
		Ok(xt.encode())
	}

	/// `count` extrinsics made by `call(k)` for k in 0..count, signed round-robin by the
	/// accounts `signers`, split into `lanes` lanes by account so that each account's
	/// nonces stay in one lane, in order.
	fn signed_lanes(
		&mut self,
		chain: &Chain,
		lanes: usize,
		signers: &[usize],
		count: u64,
		call: impl Fn(u64) -> RuntimeCall,
	) -> Result<Vec<Vec<Vec<u8>>>, Error> {
		let mut out: Vec<Vec<Vec<u8>>> = (0..lanes.max(1)).map(|_| Vec::new()).collect();
		let lane_count = out.len();
		for k in 0..count {
			let slot = usize::try_from(k)
				.map_err(|_| "too many extrinsics")?
				.checked_rem(signers.len())
				.unwrap_or(0);
			let who = *signers.get(slot).ok_or("no signer")?;
			let xt = self.sign(chain, who, call(k))?;
			out.get_mut(who.checked_rem(lane_count).unwrap_or(0)).ok_or("no lane")?.push(xt);
		}
		Ok(out)
	}

	/// The extrinsics of scenario `name`, after setting up what it needs.
	pub fn scenario(
		&mut self,
		chain: &Chain,
		args: &Args,
		url: &str,
		name: &str,
	) -> Result<Scenario, Error> {
		let lanes = args.connections;
		let blocks = u64::from(args.blocks).saturating_add(3);
		match name {
			"transfers" => {
				let accounts: Vec<AccountId> =
					self.accounts.iter().map(|a| a.public().into()).collect();
				let transfer = move |k: u64| {
					let to = accounts
						.get(
							(k as usize).saturating_add(1).checked_rem(accounts.len()).unwrap_or(0),
						)
						.cloned();
					RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
						dest: MultiAddress::Id(to.unwrap_or_else(|| [0u8; 32].into())),
						value: MILLI_OPEN,
					})
				};
				self.blocks_of(chain, lanes, blocks, ("transfers", Kind::Transfer), transfer)
			},
			"contributions" => {
				let datanet = self.open_datanet(chain)?;
				let salt = self.salt();
				let contribute = move |k: u64| contribute_call(datanet, salt, k);
				self.blocks_of(
					chain,
					lanes,
					blocks,
					("contributions", Kind::Contribution),
					contribute,
				)
			},
			"batched-contributions" => {
				let datanet = self.open_datanet(chain)?;
				let salt = self.salt();
				let size = u64::from(
					args.batch
						.min(<Runtime as pallet_datanets::Config>::MaxContributionBatch::get()),
				);
				let contribute = move |k: u64| {
					let items: Vec<_> = (0..size)
						.map(|i| {
							contribution(datanet, salt, k.saturating_mul(size).saturating_add(i))
						})
						.collect();
					RuntimeCall::Datanets(pallet_datanets::Call::contribute_batch {
						datanet,
						contributions: items.try_into().unwrap_or_default(),
						max_deposit: ANY_DEPOSIT,
					})
				};
				let name = ("batched-contributions", Kind::BatchContribution);
				self.blocks_of(chain, lanes, blocks, name, contribute)
			},
			"settlements" | "batched-settlements" => {
				let batched = name == "batched-settlements";
				self.settlements(chain, args, url, batched, blocks)
			},
			"task-opens" => self.task_opens(chain, args, url, blocks),
			"task-runs" => self.task_runs(chain, args),
			other => Err(format!(
				"unknown scenario {other:?}: transfers, contributions, batched-contributions, \
				 settlements, batched-settlements, task-opens, task-runs"
			)),
		}
	}

	/// A scenario of extrinsics `call(0)`, `call(1)`, … from every account, enough to fill
	/// `blocks` blocks.
	fn blocks_of(
		&mut self,
		chain: &Chain,
		lanes: usize,
		blocks: u64,
		(name, kind): (&'static str, Kind),
		call: impl Fn(u64) -> RuntimeCall,
	) -> Result<Scenario, Error> {
		let sample = call(0);
		let per_block = capacity(&sample, signed_size(&sample));
		let everyone: Vec<usize> = (0..self.accounts.len()).collect();
		let count = per_block.saturating_mul(blocks);
		let lanes = self.signed_lanes(chain, lanes, &everyone, count, call)?;
		Ok(Scenario { name, kind, lanes, per_block })
	}

	/// An open Datanet owned by Alice, created once.
	fn open_datanet(&mut self, chain: &Chain) -> Result<u32, Error> {
		if let Some(id) = self.open_datanet {
			return Ok(id);
		}
		let create = RuntimeCall::Datanets(pallet_datanets::Call::create_datanet {
			name: bounded(b"loadgen")?,
			description: Default::default(),
			tags: Default::default(),
			policy: pallet_datanets::Policy {
				access: pallet_datanets::Access::Open,
				contribution_deposit: 10 * MILLI_OPEN,
				max_contribution_bytes: 1 << 30,
			},
		});
		let included = as_alice(chain, &self.alice, create)?;
		let id = included
			.events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Datanets(pallet_datanets::Event::DatanetCreated {
					datanet, ..
				}) => Some(*datanet),
				_ => None,
			})
			.ok_or("no DatanetCreated event")?;
		self.open_datanet = Some(id);
		Ok(id)
	}

	/// Runs a setup scenario quietly (its blocks are not reported).
	fn run_setup(&self, chain: &Chain, url: &str, scenario: Scenario) -> Result<(), Error> {
		let name = scenario.name;
		let blocks = crate::run(chain, url, scenario, true)?;
		let failed: u64 = blocks.iter().flat_map(|b| b.kinds.values()).map(|t| t.failed).sum();
		if failed > 0 {
			return Err(format!("setup {name}: {failed} extrinsics failed"));
		}
		println!("set up: {name} in {} blocks", blocks.len());
		Ok(())
	}

	/// A published Datanet version of `LINEAGE_CONTRIBUTIONS` contributions from
	/// `LINEAGE_CONTRIBUTORS` accounts, and a base model on it with authorized providers.
	fn model(&mut self, chain: &Chain, url: &str, providers: &[usize]) -> Result<(), Error> {
		if self.model.is_some() {
			return Ok(());
		}
		let datanet = self.open_datanet(chain)?;
		let contributors: Vec<usize> = (0..LINEAGE_CONTRIBUTORS as usize).collect();
		let first = chain
			.storage_value::<u64>(b"Datanets", b"NextContributionId", self.best(chain)?)?
			.unwrap_or_default();
		let salt = self.salt();
		let lanes =
			self.signed_lanes(chain, 1, &contributors, u64::from(LINEAGE_CONTRIBUTIONS), |k| {
				contribute_call(datanet, salt, k)
			})?;
		let scenario = Scenario {
			name: "lineage contributions",
			kind: Kind::Contribution,
			lanes,
			per_block: 64,
		};
		self.run_setup(chain, url, scenario)?;
		let contributions: Vec<u64> =
			(first..first.saturating_add(u64::from(LINEAGE_CONTRIBUTIONS))).collect();

		let mut calls: Vec<RuntimeCall> = contributions
			.iter()
			.map(|id| {
				RuntimeCall::Datanets(pallet_datanets::Call::review {
					contribution: *id,
					verdict: pallet_datanets::Verdict::Accept,
				})
			})
			.collect();
		calls.push(RuntimeCall::Datanets(pallet_datanets::Call::publish_version { datanet }));
		let included = as_alice(chain, &self.alice, batch_all(calls))?;
		let version = included
			.events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Datanets(pallet_datanets::Event::VersionPublished {
					version,
					..
				}) => Some(*version),
				_ => None,
			})
			.ok_or("no VersionPublished event")?;

		let lineage = vec![pallet_models::LineageEntry { datanet, version }];
		let register = RuntimeCall::Models(pallet_models::Call::register_model {
			name: bounded(b"loadgen-model")?,
			metadata_uri: Default::default(),
			kind: pallet_models::ModelKind::Base,
			artifact_hash: H256::repeat_byte(1),
			artifact_uri: Default::default(),
			lineage: lineage.try_into().map_err(|_| "lineage too long")?,
			inference_fee: INFERENCE_FEE,
		});
		let included = as_alice(chain, &self.alice, register)?;
		let model = included
			.events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Models(pallet_models::Event::ModelRegistered { model, .. }) =>
					Some(*model),
				_ => None,
			})
			.ok_or("no ModelRegistered event")?;
		let authorize = providers
			.iter()
			.filter_map(|p| self.accounts.get(*p))
			.map(|p| {
				RuntimeCall::Models(pallet_models::Call::authorize_provider {
					model,
					provider: p.public().into(),
				})
			})
			.collect();
		as_alice(chain, &self.alice, batch_all(authorize))?;
		// Only bonded providers may settle: Alice gives each its bond, which it then holds. Each
		// sets where it publishes outputs, which settling a public inference requires.
		let fund = providers
			.iter()
			.filter_map(|p| self.accounts.get(*p))
			.map(|p| {
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: MultiAddress::Id(p.public().into()),
					value: PROVIDER_BOND,
				})
			})
			.collect();
		as_alice(chain, &self.alice, batch_all(fund))?;
		let bond = |_| {
			batch_all(vec![
				RuntimeCall::ProviderBonds(pallet_provider_bonds::Call::bond {
					amount: PROVIDER_BOND,
				}),
				RuntimeCall::Attribution(pallet_attribution::Call::set_output_base {
					base: Some(
						b"https://loadgen.invalid/outputs/".to_vec().try_into().unwrap_or_default(),
					),
				}),
			])
		};
		let count = u64::try_from(providers.len()).map_err(|_| "too many providers")?;
		let lanes = self.signed_lanes(chain, 1, providers, count, bond)?;
		let scenario = Scenario { name: "provider bonds", kind: Kind::Other, lanes, per_block: 64 };
		self.run_setup(chain, url, scenario)?;
		println!("set up: model {model} on Datanet {datanet} version {version}");
		self.model = Some(Model { id: model, contributions });
		Ok(())
	}

	/// A fresh salt for content hashes, so that no two contributions of any run (this one
	/// or an earlier one on the same chain) share a hash.
	fn salt(&mut self) -> u64 {
		self.salts.saturating_inc();
		self.salts
	}

	fn best(&self, chain: &Chain) -> Result<Hash, Error> {
		chain.block_hash(chain.best_number()?)?.ok_or_else(|| "no best block".into())
	}

	/// Requests `count` inferences from the consumers and settles them from the providers,
	/// one per extrinsic or `args.batch` per `settle_batch`.
	fn settlements(
		&mut self,
		chain: &Chain,
		args: &Args,
		url: &str,
		batched: bool,
		blocks: u64,
	) -> Result<Scenario, Error> {
		// The providers are the last accounts, one per connection; the rest are consumers.
		let provider_count = args.connections.max(1);
		let providers: Vec<usize> =
			(self.accounts.len().saturating_sub(provider_count)..self.accounts.len()).collect();
		let consumers: Vec<usize> =
			(0..self.accounts.len().saturating_sub(provider_count)).collect();
		if consumers.is_empty() {
			return Err("--accounts must exceed --connections".into());
		}
		self.model(chain, url, &providers)?;
		let (model, contributions) = match &self.model {
			Some(m) => (m.id, m.contributions.clone()),
			None => return Err("no model".into()),
		};
		let attribution = |inference: u64| -> Result<Vec<AttributionEntry>, Error> {
			attribution_of(inference, &contributions, args.attribution)
		};
		let settle_one = |inference: u64| -> Result<Settlement<Runtime>, Error> {
			Ok(Settlement {
				inference,
				output_hash: BlakeTwo256::hash(&inference.to_le_bytes()),
				attribution: attribution(inference)?
					.try_into()
					.map_err(|_| "--attribution is above MaxAttribution")?,
			})
		};
		let batch = u64::from(args.batch.max(1));
		let sample = if batched {
			let settlements: Vec<_> = (0..batch).map(settle_one).collect::<Result<_, _>>()?;
			settle_batch_call(settlements)?
		} else {
			settle_call(settle_one(0)?)
		};
		let per_block = capacity(&sample, signed_size(&sample));
		// A batch is charged as if nothing in it repeated and refunded what did: with the
		// model's 256 contributions from 64 contributors, blocks take about twice as many
		// batches as their charged weight suggests.
		let refunds = if batched { 2 } else { 1 };
		let extrinsics = per_block.saturating_mul(blocks).saturating_mul(refunds);
		let inferences = if batched { extrinsics.saturating_mul(batch) } else { extrinsics };

		// The requests, each paying the fee into escrow.
		let first = chain
			.storage_value::<u64>(b"Attribution", b"NextInferenceId", self.best(chain)?)?
			.unwrap_or_default();
		let request = |k: u64| {
			RuntimeCall::Attribution(pallet_attribution::Call::request_inference {
				model,
				max_fee: INFERENCE_FEE,
				request_hash: BlakeTwo256::hash(&k.to_le_bytes()),
			})
		};
		let lanes = self.signed_lanes(chain, args.connections, &consumers, inferences, request)?;
		let request_sample = request(0);
		let per_block_requests = capacity(&request_sample, signed_size(&request_sample));
		let scenario = Scenario {
			name: "inference requests",
			kind: Kind::Request,
			lanes,
			per_block: per_block_requests,
		};
		self.run_setup(chain, url, scenario)?;

		let ids: Vec<u64> = (first..first.saturating_add(inferences)).collect();
		let calls: Vec<RuntimeCall> = if batched {
			ids.chunks(batch as usize)
				.map(|chunk| {
					let settlements =
						chunk.iter().map(|id| settle_one(*id)).collect::<Result<Vec<_>, _>>()?;
					settle_batch_call(settlements)
				})
				.collect::<Result<_, Error>>()?
		} else {
			ids.iter()
				.map(|id| settle_one(*id).map(settle_call))
				.collect::<Result<_, _>>()?
		};
		let count = calls.len() as u64;
		let lanes = self.signed_lanes(chain, args.connections, &providers, count, |k| {
			calls.get(k as usize).cloned().unwrap_or_else(|| {
				settle_call(Settlement {
					inference: u64::MAX,
					output_hash: H256::zero(),
					attribution: Default::default(),
				})
			})
		})?;
		let (name, kind) = if batched {
			("batched-settlements", Kind::BatchSettlement)
		} else {
			("settlements", Kind::Settlement)
		};
		Ok(Scenario { name, kind, lanes, per_block })
	}
}

impl Workload {
	/// Users (the first half of the accounts) open tasks for agents run by the second half,
	/// each with the budget of one inference, as many as fill `blocks` blocks and the agents'
	/// `MaxOpenTasks` allow; registers the agents (owned by Alice) first.
	fn task_opens(
		&mut self,
		chain: &Chain,
		args: &Args,
		url: &str,
		blocks: u64,
	) -> Result<Scenario, Error> {
		let half = self.accounts.len() / 2;
		if half == 0 {
			return Err("the task scenarios need at least two accounts".into());
		}
		let operators: Vec<usize> = (half..self.accounts.len()).collect();
		let users: Vec<usize> = (0..half).collect();
		let providers: Vec<usize> = (self.accounts.len().saturating_sub(args.connections.max(1))..
			self.accounts.len())
			.collect();
		self.model(chain, url, &providers)?;
		let model = self.model.as_ref().map(|m| m.id).ok_or("no model")?;
		let first_agent = chain
			.storage_value::<u32>(b"Agents", b"NextAgentId", self.best(chain)?)?
			.unwrap_or_default();
		for chunk in operators.chunks(128) {
			let register = chunk
				.iter()
				.filter_map(|o| self.accounts.get(*o))
				.map(|operator| {
					Ok(RuntimeCall::Agents(pallet_agents::Call::register_agent {
						operator: operator.public().into(),
						metadata: pallet_agents::AgentMetadata {
							name: bounded(b"loadgen-agent")?,
							description_uri: Default::default(),
							endpoint_uri: Default::default(),
						},
						models: vec![model].try_into().map_err(|_| "no room for a model")?,
						price: 0,
						stake: AGENT_STAKE,
					}))
				})
				.collect::<Result<Vec<_>, Error>>()?;
			as_alice(chain, &self.alice, batch_all(register))?;
		}
		println!("set up: {} agents run by the second half of the accounts", operators.len());

		let sample = open_task_call(first_agent, 0, 0);
		let per_block = capacity(&sample, signed_size(&sample));
		let max_open =
			u64::from(<<Runtime as pallet_agents::Config>::MaxOpenTasks as Get<u32>>::get());
		let count = per_block
			.saturating_mul(blocks)
			.min(max_open.saturating_mul(operators.len() as u64));
		let first_task = chain
			.storage_value::<u64>(b"Agents", b"NextTaskId", self.best(chain)?)?
			.unwrap_or_default();
		// Far enough for both scenarios and their ramps (`MaxTaskDuration` at the fast pace).
		let deadline = u32::try_from(chain.best_number()?.saturating_add(90))
			.map_err(|_| "block number too large")?;
		let agents = operators.len() as u64;
		let agent_of = move |k: u64| {
			let index = k.checked_rem(agents).unwrap_or(0);
			first_agent.saturating_add(u32::try_from(index).unwrap_or(0))
		};
		let lanes = self.signed_lanes(chain, args.connections, &users, count, |k| {
			open_task_call(agent_of(k), k, deadline)
		})?;
		// Task ids follow the order of inclusion, not of signing: `task-runs` reads each one's
		// agent back.
		self.tasks = (first_task..first_task.saturating_add(count)).collect();
		self.agents = Some((first_agent, half));
		Ok(Scenario { name: "task-opens", kind: Kind::TaskOpen, lanes, per_block })
	}

	/// Each operator buys one inference for each task of its agent and completes it, in one
	/// `batch_all` per task.
	fn task_runs(&mut self, chain: &Chain, args: &Args) -> Result<Scenario, Error> {
		if self.tasks.is_empty() {
			return Err("run task-opens first: task-runs runs the tasks it opened".into());
		}
		let model = self.model.as_ref().map(|m| m.id).ok_or("no model")?;
		let (first_agent, first_operator) = self.agents.ok_or("no agents")?;
		let best = hex_of(self.best(chain)?.as_bytes());
		let mut runs: Vec<(usize, RuntimeCall)> = Vec::with_capacity(self.tasks.len());
		for chunk in self.tasks.chunks(512) {
			let params: Vec<_> = chunk
				.iter()
				.map(|task| {
					let key = pallet_agents::Tasks::<Runtime>::hashed_key_for(task);
					json!([hex_of(&key), best])
				})
				.collect();
			for (task, reply) in
				chunk.iter().zip(chain.rpc().call_batch("state_getStorage", &params)?)
			{
				let reply = reply?;
				if reply.is_null() {
					continue; // its opening failed
				}
				let bytes = openledger_client::chain::bytes_of(&reply, "a task")?;
				let stored =
					<pallet_agents::Task<Runtime> as codec::Decode>::decode(&mut &bytes[..])
						.map_err(|e| format!("cannot decode task {task}: {e}"))?;
				let operator = first_operator
					.saturating_add(stored.agent.saturating_sub(first_agent) as usize);
				runs.push((operator, run_task_call(*task, model)));
			}
		}
		let count = runs.len() as u64;
		let sample = runs.first().map(|(_, c)| c.clone()).ok_or("no task was opened")?;
		let per_block = capacity(&sample, signed_size(&sample));
		// One lane per operator group, each operator's tasks in order.
		let lanes_count = args.connections.max(1);
		let mut lanes: Vec<Vec<Vec<u8>>> = (0..lanes_count).map(|_| Vec::new()).collect();
		for (operator, call) in runs {
			let xt = self.sign(chain, operator, call)?;
			lanes
				.get_mut(operator.checked_rem(lanes_count).unwrap_or(0))
				.ok_or("no lane")?
				.push(xt);
		}
		println!("task-runs: {count} tasks to run");
		self.tasks.clear();
		Ok(Scenario { name: "task-runs", kind: Kind::TaskRun, lanes, per_block })
	}
}

fn open_task_call(agent: u32, k: u64, deadline: u32) -> RuntimeCall {
	RuntimeCall::Agents(pallet_agents::Call::open_task {
		agent,
		budget: INFERENCE_FEE,
		max_agent_fee: 0,
		request_hash: BlakeTwo256::hash(&k.to_le_bytes()),
		deadline,
	})
}

/// An operator's run of `task`: one inference bought, then the task completed.
fn run_task_call(task: u64, model: u32) -> RuntimeCall {
	let request_hash = BlakeTwo256::hash(&(b"step", task).encode());
	batch_all(vec![
		RuntimeCall::Agents(pallet_agents::Call::buy_inference {
			task,
			model,
			max_fee: INFERENCE_FEE,
			request_hash,
		}),
		RuntimeCall::Agents(pallet_agents::Call::complete_task { task, result_hash: request_hash }),
	])
}

/// Contribution `k` of a run: a distinct content hash for every (`salt`, `k`).
fn contribution(datanet: u32, salt: u64, k: u64) -> pallet_datanets::ContributionInput<Runtime> {
	pallet_datanets::ContributionInput {
		content_hash: BlakeTwo256::hash(&(datanet, salt, k).encode()),
		size_bytes: 4096,
		uri: Default::default(),
		metadata: Default::default(),
	}
}

fn contribute_call(datanet: u32, salt: u64, k: u64) -> RuntimeCall {
	let c = contribution(datanet, salt, k);
	RuntimeCall::Datanets(pallet_datanets::Call::contribute {
		datanet,
		content_hash: c.content_hash,
		size_bytes: c.size_bytes,
		uri: c.uri,
		metadata: c.metadata,
		max_deposit: ANY_DEPOSIT,
	})
}

/// The load generator contributes to the Datanets it created itself, whose deposit nobody else
/// can change: it accepts whatever their policy holds.
const ANY_DEPOSIT: openledger_runtime::Balance = openledger_runtime::Balance::MAX;

/// `entries` distinct contributions of the lineage for `inference`, spread over it, with equal
/// shares summing to at most 100 %.
fn attribution_of(
	inference: u64,
	lineage: &[u64],
	entries: u32,
) -> Result<Vec<AttributionEntry>, Error> {
	let n = lineage.len() as u64;
	if u64::from(entries) > n {
		return Err(format!("--attribution {entries} is more than the lineage's {n}"));
	}
	let stride = n.checked_div(u64::from(entries)).unwrap_or(1).max(1);
	let start = inference.wrapping_mul(37).checked_rem(n).unwrap_or(0);
	let share = Perbill::from_parts(1_000_000_000u32.checked_div(entries).unwrap_or(0));
	(0..u64::from(entries))
		.map(|j| {
			let index = start.saturating_add(j.saturating_mul(stride)).checked_rem(n).unwrap_or(0);
			let contribution = *lineage.get(index as usize).ok_or("lineage index")?;
			Ok(AttributionEntry { contribution, share })
		})
		.collect()
}

fn settle_call(s: Settlement<Runtime>) -> RuntimeCall {
	RuntimeCall::Attribution(pallet_attribution::Call::settle_inference {
		inference: s.inference,
		output_hash: s.output_hash,
		attribution: s.attribution,
	})
}

fn settle_batch_call(settlements: Vec<Settlement<Runtime>>) -> Result<RuntimeCall, Error> {
	Ok(RuntimeCall::Attribution(pallet_attribution::Call::settle_batch {
		settlements: settlements.try_into().map_err(|_| "--batch is above MaxBatch")?,
	}))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn attributions_are_distinct_and_within_one() {
		let lineage: Vec<u64> = (100..356).collect();
		for inference in [0u64, 1, 7, 255, 256, 1_000_003] {
			let entries = attribution_of(inference, &lineage, 16).unwrap();
			let mut ids: Vec<u64> = entries.iter().map(|e| e.contribution).collect();
			ids.sort();
			ids.dedup();
			assert_eq!(ids.len(), 16);
			assert!(ids.iter().all(|id| lineage.contains(id)));
			let total: u64 = entries.iter().map(|e| u64::from(e.share.deconstruct())).sum();
			assert!(total <= 1_000_000_000);
		}
		assert!(attribution_of(0, &lineage[..8], 16).is_err());
	}

	#[test]
	fn capacity_is_bounded_by_weight() {
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id([1u8; 32].into()),
			value: 1,
		});
		let fits = capacity(&transfer, 150);
		assert!(fits > 100 && fits < 100_000, "{fits}");
	}
}
