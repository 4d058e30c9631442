//! Plain-JSON views of the runtime API types, for clients that do not speak SCALE: balances
//! as decimal strings (OPEN has 18 decimals, beyond what JSON numbers hold exactly), accounts
//! as SS58 addresses with the chain's prefix, hashes as `0x` hex, byte strings as UTF-8 text.

// The fields are documented in docs/rpc.md, under the names clients see.
#![allow(missing_docs)]

use openledger_runtime::{AccountId, Balance, BlockNumber, Runtime, SS58_PREFIX};
use pallet_agents::{Agent, AgentStatus, AgentVolume, PauseCause, Task, TaskInference, TaskStatus};
use pallet_attribution::{
	AttributionRecord, InferenceOutcome, OutputDisclosure, Payout, PendingInference,
};
use pallet_datanets::{Contribution, ContributionStatus, Datanet, DatanetStatus, Version};
use pallet_models::{LineageEntry, Model, ModelKind, ModelStatus, ModelVersionInfo};
use pallet_rewards::{AccountRewards, PendingRewards};
use serde::Serialize;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	H256,
};
use sp_runtime::Saturating;

/// An account as an SS58 address with OpenLedger's prefix.
pub fn address(who: &AccountId) -> String {
	who.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

fn amount(value: Balance) -> String {
	value.to_string()
}

fn hex(hash: &H256) -> String {
	format!("{hash:?}")
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// An account's claimable rewards, by source, and its credits still in their challenge period.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PendingRewardsJson {
	pub account: String,
	pub data: String,
	pub model: String,
	pub provider: String,
	pub emission: String,
	pub total: String,
	pub current_epoch_score: String,
	pub in_challenge: InChallengeJson,
	pub maturing: Vec<MaturingJson>,
}

/// Credits still open to challenge, by source, with the score the data credits carry.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct InChallengeJson {
	pub data: String,
	pub model: String,
	pub provider: String,
	pub total: String,
	pub score: String,
}

/// OPEN that becomes claimable at a block.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MaturingJson {
	pub block: BlockNumber,
	pub amount: String,
}

impl PendingRewardsJson {
	pub fn new(who: &AccountId, rewards: AccountRewards<Balance, BlockNumber>) -> Self {
		let AccountRewards { claimable, in_challenge, maturing } = rewards;
		let PendingRewards { data, model, provider, emission, total, current_epoch_score } =
			claimable;
		Self {
			account: address(who),
			data: amount(data),
			model: amount(model),
			provider: amount(provider),
			emission: amount(emission),
			total: amount(total),
			current_epoch_score: amount(current_epoch_score),
			in_challenge: InChallengeJson {
				data: amount(in_challenge.data),
				model: amount(in_challenge.model),
				provider: amount(in_challenge.provider),
				total: amount(in_challenge.total()),
				score: amount(in_challenge.score),
			},
			maturing: maturing
				.into_iter()
				.map(|(block, value)| MaturingJson { block, amount: amount(value) })
				.collect(),
		}
	}
}

/// One contribution's share of an inference's data fee.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AttributionEntryJson {
	pub contribution: u64,
	/// Parts per billion of the data fee.
	pub share_ppb: u32,
}

/// Where an inference's fee went.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PayoutJson {
	pub data: String,
	pub model: String,
	pub provider: String,
	pub pool: String,
}

impl From<Payout<Balance>> for PayoutJson {
	fn from(p: Payout<Balance>) -> Self {
		Self {
			data: amount(p.data),
			model: amount(p.model),
			provider: amount(p.provider),
			pool: amount(p.pool),
		}
	}
}

/// A settled inference.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AttributionRecordJson {
	pub inference: u64,
	pub model: u32,
	pub version: u32,
	pub consumer: String,
	pub provider: String,
	pub fee: String,
	pub request_hash: String,
	pub output_hash: String,
	pub attribution: Vec<AttributionEntryJson>,
	pub payout: PayoutJson,
	pub settled_at: BlockNumber,
	/// Where the provider publishes the output; `None` if private or settled before outputs
	/// were published.
	pub output_uri: Option<String>,
	/// Whether the consumer asked for privacy: only it may challenge the record.
	pub private: bool,
}

impl AttributionRecordJson {
	/// The record with where its output is disclosed (`AttributionApi` version 3).
	pub fn disclosed(self, disclosure: Option<OutputDisclosure<Vec<u8>>>) -> Self {
		match disclosure {
			Some(OutputDisclosure::Published(uri)) =>
				Self { output_uri: Some(String::from_utf8_lossy(&uri).into_owned()), ..self },
			Some(OutputDisclosure::Private) => Self { private: true, ..self },
			Some(OutputDisclosure::Unstated) | None => self,
		}
	}

	pub fn new(inference: u64, r: AttributionRecord<Runtime>) -> Self {
		Self {
			inference,
			model: r.model,
			version: r.version,
			consumer: address(&r.consumer),
			provider: address(&r.provider),
			fee: amount(r.fee),
			request_hash: hex(&r.request_hash),
			output_hash: hex(&r.output_hash),
			attribution: r
				.attribution
				.iter()
				.map(|e| AttributionEntryJson {
					contribution: e.contribution,
					share_ppb: e.share.deconstruct(),
				})
				.collect(),
			payout: r.payout.into(),
			settled_at: r.settled_at,
			output_uri: None,
			private: false,
		}
	}
}

/// An inference paid for and waiting for its settlement.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PendingInferenceJson {
	pub inference: u64,
	pub model: u32,
	pub version: u32,
	pub consumer: String,
	pub fee: String,
	pub request_hash: String,
	pub requested_at: BlockNumber,
}

impl PendingInferenceJson {
	pub fn new(inference: u64, p: PendingInference<Runtime>) -> Self {
		Self {
			inference,
			model: p.model,
			version: p.version,
			consumer: address(&p.consumer),
			fee: amount(p.fee),
			request_hash: hex(&p.request_hash),
			requested_at: p.requested_at,
		}
	}
}

/// A Datanet version.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VersionJson {
	pub number: u32,
	pub contributions: u64,
	pub added: u64,
	pub total_bytes: u64,
	pub merkle_root: String,
	pub published_at: BlockNumber,
}

impl VersionJson {
	pub fn new(number: u32, v: Version<Runtime>) -> Self {
		Self {
			number,
			contributions: v.contributions,
			added: v.added,
			total_bytes: v.total_bytes,
			merkle_root: hex(&v.merkle_root),
			published_at: v.published_at,
		}
	}
}

/// A Datanet's running totals.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CountersJson {
	pub pending: u32,
	pub pending_deposits: String,
	pub accepted: u64,
	pub accepted_bytes: u64,
	pub rejected: u64,
	pub latest_version: u32,
	pub published: u64,
}

/// A Datanet, with its versions.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DatanetJson {
	pub id: u32,
	pub owner: String,
	pub depositor: String,
	pub deposit: String,
	pub name: String,
	pub description: String,
	pub tags: Vec<String>,
	pub access: &'static str,
	pub contribution_deposit: String,
	pub max_contribution_bytes: u64,
	pub status: &'static str,
	pub curators: Vec<String>,
	pub created_at: BlockNumber,
	pub counters: CountersJson,
	pub versions: Vec<VersionJson>,
}

impl DatanetJson {
	pub fn new(id: u32, d: Datanet<Runtime>, versions: Vec<VersionJson>) -> Self {
		let c = d.counters;
		Self {
			id,
			owner: address(&d.owner),
			depositor: address(&d.depositor),
			deposit: amount(d.deposit),
			name: text(&d.name),
			description: text(&d.description),
			tags: d.tags.iter().map(|t| text(t)).collect(),
			access: match d.policy.access {
				pallet_datanets::Access::Open => "Open",
				pallet_datanets::Access::Permissioned => "Permissioned",
			},
			contribution_deposit: amount(d.policy.contribution_deposit),
			max_contribution_bytes: d.policy.max_contribution_bytes,
			status: match d.status {
				DatanetStatus::Active => "Active",
				DatanetStatus::Paused => "Paused",
				DatanetStatus::Archived => "Archived",
			},
			curators: d.curators.iter().map(address).collect(),
			created_at: d.created_at,
			counters: CountersJson {
				pending: c.pending,
				pending_deposits: amount(c.pending_deposits),
				accepted: c.accepted,
				accepted_bytes: c.accepted_bytes,
				rejected: c.rejected,
				latest_version: c.latest_version,
				published: c.published,
			},
			versions,
		}
	}
}

/// A contribution.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContributionJson {
	pub id: u64,
	pub datanet: u32,
	pub contributor: String,
	pub content_hash: String,
	pub size_bytes: u64,
	pub uri: String,
	pub metadata: String,
	pub deposit: String,
	/// `Pending`, `Accepted` or `Rejected`.
	pub status: &'static str,
	/// Its acceptance sequence, once accepted.
	pub sequence: Option<u64>,
	/// Whether it was rejected as spam, once rejected.
	pub spam: Option<bool>,
	pub submitted_at: BlockNumber,
}

impl ContributionJson {
	pub fn new(id: u64, c: Contribution<Runtime>) -> Self {
		let (status, sequence, spam) = match c.status {
			ContributionStatus::Pending => ("Pending", None, None),
			ContributionStatus::Accepted { sequence } => ("Accepted", Some(sequence), None),
			ContributionStatus::Rejected { spam } => ("Rejected", None, Some(spam)),
		};
		Self {
			id,
			datanet: c.datanet,
			contributor: address(&c.contributor),
			content_hash: hex(&c.content_hash),
			size_bytes: c.size_bytes,
			uri: text(&c.uri),
			metadata: text(&c.metadata),
			deposit: amount(c.deposit),
			status,
			sequence,
			spam,
			submitted_at: c.submitted_at,
		}
	}
}

/// One page of contributions.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContributionPageJson {
	pub items: Vec<ContributionJson>,
	/// Pass it back as `cursor` for the next page; `null` on the last page.
	pub next_cursor: Option<u64>,
}

/// A Datanet version in a lineage.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LineageEntryJson {
	pub datanet: u32,
	pub version: u32,
}

impl From<&LineageEntry> for LineageEntryJson {
	fn from(e: &LineageEntry) -> Self {
		Self { datanet: e.datanet, version: e.version }
	}
}

/// A model version.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ModelVersionJson {
	pub number: u32,
	pub artifact_hash: String,
	pub artifact_uri: String,
	pub lineage: Vec<LineageEntryJson>,
	/// For an adapter: the base model and version it was trained on.
	pub base_model: Option<u32>,
	pub base_version: Option<u32>,
	pub published_at: BlockNumber,
}

impl ModelVersionJson {
	pub fn new(number: u32, v: ModelVersionInfo<Runtime>) -> Self {
		Self {
			number,
			artifact_hash: hex(&v.artifact_hash),
			artifact_uri: text(&v.artifact_uri),
			lineage: v.lineage.iter().map(Into::into).collect(),
			base_model: v.base.map(|b| b.model),
			base_version: v.base.map(|b| b.version),
			published_at: v.published_at,
		}
	}
}

/// A model, its versions, and the effective lineage of its latest version.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ModelJson {
	pub id: u32,
	pub owner: String,
	pub depositor: String,
	pub deposit: String,
	pub name: String,
	pub metadata_uri: String,
	/// `Base` or `Adapter`.
	pub kind: &'static str,
	/// For an adapter: its base model.
	pub base: Option<u32>,
	pub inference_fee: String,
	pub providers: Vec<String>,
	/// `Active` or `Deprecated`.
	pub status: &'static str,
	pub latest_version: u32,
	pub registered_at: BlockNumber,
	pub versions: Vec<ModelVersionJson>,
	/// Every Datanet version the latest version draws on, its base's included.
	pub lineage: Vec<LineageEntryJson>,
}

impl ModelJson {
	pub fn new(
		id: u32,
		m: Model<Runtime>,
		versions: Vec<ModelVersionJson>,
		lineage: Vec<LineageEntry>,
	) -> Self {
		let (kind, base) = match m.kind {
			ModelKind::Base => ("Base", None),
			ModelKind::Adapter { base } => ("Adapter", Some(base)),
		};
		Self {
			id,
			owner: address(&m.owner),
			depositor: address(&m.depositor),
			deposit: amount(m.deposit),
			name: text(&m.name),
			metadata_uri: text(&m.metadata_uri),
			kind,
			base,
			inference_fee: amount(m.inference_fee),
			providers: m.providers.iter().map(address).collect(),
			status: match m.status {
				ModelStatus::Active => "Active",
				ModelStatus::Deprecated => "Deprecated",
			},
			latest_version: m.latest_version,
			registered_at: m.registered_at,
			versions,
			lineage: lineage.iter().map(Into::into).collect(),
		}
	}
}

/// A model an agent may call, and how many inferences its tasks bought of it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ModelUseJson {
	pub model: u32,
	pub inferences: u32,
}

/// An agent's record of work.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReputationJson {
	pub completed: u32,
	pub expired: u32,
	pub declined: u32,
	pub strikes: u32,
	pub earned: String,
	pub inferences: u32,
	pub spent_on_inferences: String,
	pub slashed: String,
}

/// A registered agent.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AgentJson {
	pub id: u32,
	pub owner: String,
	pub operator: String,
	pub name: String,
	pub description_uri: String,
	pub endpoint_uri: String,
	pub models: Vec<ModelUseJson>,
	pub price: String,
	pub stake: String,
	/// `Active`, `Paused` or `Retired`.
	pub status: &'static str,
	/// Why it is paused: `Owner`, `Expiries` or `Stake`.
	pub paused_by: Option<&'static str>,
	/// When a retired agent's stake may be released.
	pub unbonds_at: Option<BlockNumber>,
	pub open_tasks: u32,
	pub reputation: ReputationJson,
	pub offered_to: Option<String>,
	pub registered_at: BlockNumber,
}

impl AgentJson {
	pub fn new(id: u32, a: Agent<Runtime>) -> Self {
		let (status, paused_by, unbonds_at) = match a.status {
			AgentStatus::Active => ("Active", None, None),
			AgentStatus::Paused(cause) => (
				"Paused",
				Some(match cause {
					PauseCause::Owner => "Owner",
					PauseCause::Expiries => "Expiries",
					PauseCause::Stake => "Stake",
				}),
				None,
			),
			AgentStatus::Retired { unbonds_at } => ("Retired", None, Some(unbonds_at)),
		};
		let r = a.reputation;
		Self {
			id,
			owner: address(&a.owner),
			operator: address(&a.operator),
			name: text(&a.metadata.name),
			description_uri: text(&a.metadata.description_uri),
			endpoint_uri: text(&a.metadata.endpoint_uri),
			models: a
				.models
				.iter()
				.map(|m| ModelUseJson { model: m.model, inferences: m.inferences })
				.collect(),
			price: amount(a.price),
			stake: amount(a.stake),
			status,
			paused_by,
			unbonds_at,
			open_tasks: a.open_tasks,
			reputation: ReputationJson {
				completed: r.completed,
				expired: r.expired,
				declined: r.declined,
				strikes: r.strikes,
				earned: amount(r.earned),
				inferences: r.inferences,
				spent_on_inferences: amount(r.spent_on_inferences),
				slashed: amount(r.slashed),
			},
			offered_to: a.offered_to.as_ref().map(address),
			registered_at: a.registered_at,
		}
	}
}

/// One page of agents.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AgentPageJson {
	pub items: Vec<AgentJson>,
	/// Pass it back as `cursor` for the next page; `null` on the last page.
	pub next_cursor: Option<u32>,
}

/// One contribution's credit from an inference.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DataCreditJson {
	pub contribution: u64,
	pub contributor: Option<String>,
	pub amount: String,
}

/// One inference a task bought, and where its fee went.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TaskInferenceJson {
	pub inference: u64,
	pub model: u32,
	pub fee: String,
	pub request_hash: String,
	/// `Pending` (in escrow), `Settled`, `Voided` (settled, then an upheld challenge sent its
	/// credits to the pool) or `Gone` (refunded to the user, or its record pruned).
	pub state: &'static str,
	pub provider: Option<String>,
	pub model_owner: Option<String>,
	pub payout: Option<PayoutJson>,
	pub credits: Vec<DataCreditJson>,
}

impl TaskInferenceJson {
	pub fn new(
		i: &TaskInference<Balance>,
		outcome: Option<InferenceOutcome<AccountId, Balance>>,
	) -> Self {
		let mut json = Self {
			inference: i.inference,
			model: i.model,
			fee: amount(i.fee),
			request_hash: hex(&i.request_hash),
			state: "Gone",
			provider: None,
			model_owner: None,
			payout: None,
			credits: vec![],
		};
		match outcome {
			None => {},
			Some(InferenceOutcome::Pending) => json.state = "Pending",
			Some(InferenceOutcome::Settled { provider, model_owner, payout, credits, voided }) => {
				json.state = if voided { "Voided" } else { "Settled" };
				json.provider = Some(address(&provider));
				json.model_owner = model_owner.as_ref().map(address);
				json.payout = Some(payout.into());
				json.credits = credits
					.into_iter()
					.map(|c| DataCreditJson {
						contribution: c.contribution,
						contributor: c.contributor.as_ref().map(address),
						amount: amount(c.amount),
					})
					.collect();
			},
		}
		json
	}
}

/// Where a task's budget went, unit by unit: the sum of the parts is the budget.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BudgetJson {
	pub budget: String,
	/// To the agent's owner, once completed.
	pub agent_fee: String,
	/// To the models' owners, from settled inferences.
	pub models: String,
	/// To the providers, from settled inferences.
	pub providers: String,
	/// To the contributions credited, from settled inferences.
	pub data: String,
	/// To the rewards pool, from settled inferences (and all of a voided one's credits).
	pub pool: String,
	/// In escrow, waiting for a provider to settle.
	pub pending: String,
	/// Back to the user: inferences refunded (or whose record was pruned), and the unspent
	/// budget of a closed task.
	pub refunded: String,
	/// Still held from the user: the unspent budget of an open task.
	pub held: String,
}

/// A task, its inferences and where its budget went.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TaskJson {
	pub id: u64,
	pub agent: u32,
	pub user: String,
	pub request_hash: String,
	pub deadline: BlockNumber,
	pub opened_at: BlockNumber,
	/// `Open`, `Completed`, `Declined` or `Expired`.
	pub status: &'static str,
	pub result_hash: Option<String>,
	pub closed_at: Option<BlockNumber>,
	/// What an expiry took of the agent's stake.
	pub slashed: Option<String>,
	pub spent: String,
	pub deposit: String,
	pub inferences: Vec<TaskInferenceJson>,
	pub budget: BudgetJson,
}

impl TaskJson {
	pub fn new(
		id: u64,
		t: Task<Runtime>,
		outcomes: Vec<(u64, Option<InferenceOutcome<AccountId, Balance>>)>,
	) -> Self {
		let (status, result_hash, closed_at, slashed) = match t.status {
			TaskStatus::Open => ("Open", None, None, None),
			TaskStatus::Completed { result_hash, at } =>
				("Completed", Some(hex(&result_hash)), Some(at), None),
			TaskStatus::Declined { at } => ("Declined", None, Some(at), None),
			TaskStatus::Expired { slashed, at } =>
				("Expired", None, Some(at), Some(amount(slashed))),
		};
		// Each inference with its outcome, looked up once for its view and for the budget's sums.
		let (mut models, mut providers, mut data, mut pool, mut pending, mut gone) =
			(0u128, 0u128, 0u128, 0u128, 0u128, 0u128);
		let inferences: Vec<TaskInferenceJson> = t
			.inferences
			.iter()
			.map(|i| {
				let outcome =
					outcomes.iter().find(|(id, _)| *id == i.inference).and_then(|(_, o)| o.clone());
				match &outcome {
					Some(InferenceOutcome::Pending) => pending.saturating_accrue(i.fee),
					Some(InferenceOutcome::Settled { payout, voided, .. }) => {
						models.saturating_accrue(payout.model);
						providers.saturating_accrue(payout.provider);
						pool.saturating_accrue(payout.pool);
						// A voided record's credits went to the pool.
						if *voided {
							pool.saturating_accrue(payout.data);
						} else {
							data.saturating_accrue(payout.data);
						}
					},
					None => gone.saturating_accrue(i.fee),
				}
				TaskInferenceJson::new(i, outcome)
			})
			.collect();
		let agent_fee =
			if matches!(t.status, TaskStatus::Completed { .. }) { t.agent_fee } else { 0 };
		let unspent = t.unspent();
		let (held, returned) = if t.status == TaskStatus::Open {
			(unspent, 0)
		} else {
			(0, unspent.saturating_sub(agent_fee))
		};
		Self {
			id,
			agent: t.agent,
			user: address(&t.user),
			request_hash: hex(&t.request_hash),
			deadline: t.deadline,
			opened_at: t.opened_at,
			status,
			result_hash,
			closed_at,
			slashed,
			spent: amount(t.spent),
			deposit: amount(t.deposit),
			inferences,
			budget: BudgetJson {
				budget: amount(t.budget),
				agent_fee: amount(agent_fee),
				models: amount(models),
				providers: amount(providers),
				data: amount(data),
				pool: amount(pool),
				pending: amount(pending),
				refunded: amount(gone.saturating_add(returned)),
				held: amount(held),
			},
		}
	}
}

/// What agents did in one emission epoch, beside all the inference fees settled in it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AgentVolumeJson {
	pub epoch: u32,
	pub tasks_opened: u32,
	pub tasks_completed: u32,
	pub tasks_expired: u32,
	pub inferences: u32,
	/// Inference fees paid from tasks' budgets.
	pub inference_fees: String,
	pub agent_fees: String,
	/// Every inference fee settled in the epoch (`rewardsApi`'s summary), agents' and others'.
	pub fees_settled: Option<String>,
}

impl AgentVolumeJson {
	pub fn new(epoch: u32, v: AgentVolume<Balance>, fees_settled: Option<Balance>) -> Self {
		Self {
			epoch,
			tasks_opened: v.tasks_opened,
			tasks_completed: v.tasks_completed,
			tasks_expired: v.tasks_expired,
			inferences: v.inferences,
			inference_fees: amount(v.inference_fees),
			agent_fees: amount(v.agent_fees),
			fees_settled: fees_settled.map(amount),
		}
	}
}
