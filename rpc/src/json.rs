//! Plain-JSON views of the runtime API types, for clients that do not speak SCALE: balances
//! as decimal strings (OPEN has 18 decimals, beyond what JSON numbers hold exactly), accounts
//! as SS58 addresses with the chain's prefix, hashes as `0x` hex, byte strings as UTF-8 text.

// The fields are documented in docs/rpc.md, under the names clients see.
#![allow(missing_docs)]

use openledger_runtime::{AccountId, Balance, BlockNumber, Runtime, SS58_PREFIX};
use pallet_attribution::{AttributionRecord, OutputDisclosure, Payout, PendingInference};
use pallet_datanets::{Contribution, ContributionStatus, Datanet, DatanetStatus, Version};
use pallet_models::{LineageEntry, Model, ModelKind, ModelStatus, ModelVersionInfo};
use pallet_rewards::{AccountRewards, PendingRewards};
use serde::Serialize;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	H256,
};

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
