//! The node's `openledger_*` JSON-RPC methods: plain-JSON views of the OpenLedger runtime APIs
//! (`DatanetsApi`, `ModelsApi`, `AttributionApi`, `RewardsApi`, `AgentsApi`) at a given block,
//! the best block by default.
//!
//! Each method is a thin wrapper: it calls the runtime API at the block asked for and turns the
//! SCALE result into JSON (see [`json`]). Unknown ids are JSON-RPC errors with code
//! [`UNKNOWN_ID`] and a message naming the id; the record of an inference still waiting for its
//! settlement is [`NOT_SETTLED`]; malformed parameters are the standard
//! invalid-params error (-32602); a failing runtime call is [`RUNTIME_ERROR`].

pub mod json;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use json::{
	AgentJson, AgentPageJson, AgentVolumeJson, AttributionRecordJson, ContributionJson,
	ContributionPageJson, DatanetJson, ModelJson, ModelVersionJson, PendingInferenceJson,
	PendingRewardsJson, TaskJson, VersionJson,
};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned},
};
use openledger_runtime::{opaque::Block, AccountId, Balance, Hash, Runtime};
use pallet_agents::{Agent, Task};
use pallet_agents_runtime_api::AgentsApi;
use pallet_attribution::{AttributionRecord, InferenceOutcome, PendingInference};
use pallet_attribution_runtime_api::AttributionApi;
use pallet_datanets::{Contribution, Datanet, Version};
use pallet_datanets_runtime_api::DatanetsApi;
use pallet_models::{Model, ModelVersionInfo};
use pallet_models_runtime_api::ModelsApi;
use pallet_rewards::AccountRewards;
use pallet_rewards_runtime_api::RewardsApi;
use sp_api::{ApiError, ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

/// The error code of an id that names nothing at the block asked for.
pub const UNKNOWN_ID: i32 = 4004;
/// The error code of an attribution record asked for an inference that exists but waits for
/// its settlement (its data names the pending inference).
pub const NOT_SETTLED: i32 = 4009;
/// The error code of a runtime API call that failed.
pub const RUNTIME_ERROR: i32 = 5000;
/// How many versions `openledger_datanet` and `openledger_model` return, newest last.
pub const MAX_VERSIONS: u32 = 256;

/// The `openledger_*` methods.
#[rpc(server, namespace = "openledger")]
pub trait OpenLedgerApi {
	/// What `account` (an SS58 address) can claim, by source, and its score in the current
	/// emission epoch; and what it was credited that is still in its challenge period, with the
	/// blocks that becomes claimable at.
	#[method(name = "pendingRewards")]
	fn pending_rewards(&self, account: String, at: Option<Hash>) -> RpcResult<PendingRewardsJson>;

	/// The attribution record of settled inference `inference`, while it is retained; an
	/// inference that waits for its settlement is the error [`NOT_SETTLED`].
	#[method(name = "attributionRecord")]
	fn attribution_record(
		&self,
		inference: u64,
		at: Option<Hash>,
	) -> RpcResult<AttributionRecordJson>;

	/// Datanet `id` with its versions.
	#[method(name = "datanet")]
	fn datanet(&self, id: u32, at: Option<Hash>) -> RpcResult<DatanetJson>;

	/// Model `id` with its versions and the lineage of its latest version.
	#[method(name = "model")]
	fn model(&self, id: u32, at: Option<Hash>) -> RpcResult<ModelJson>;

	/// A page of `account`'s contributions: start with `cursor` null and pass each page's
	/// `nextCursor` back; `limit` defaults to 50 and is capped at 256.
	#[method(name = "contributions")]
	fn contributions(
		&self,
		account: String,
		cursor: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<ContributionPageJson>;

	/// Agent `id` with its reputation.
	#[method(name = "agent")]
	fn agent(&self, id: u32, at: Option<Hash>) -> RpcResult<AgentJson>;

	/// A page of agents: start with `cursor` null and pass each page's `nextCursor` back;
	/// `limit` defaults to 50 and is capped at 256.
	#[method(name = "agents")]
	fn agents(
		&self,
		cursor: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<AgentPageJson>;

	/// Task `id`, the inferences it bought, where each one's fee went (down to the
	/// contributions credited), and where its whole budget went.
	#[method(name = "task")]
	fn task(&self, id: u64, at: Option<Hash>) -> RpcResult<TaskJson>;

	/// What agents did in each epoch still kept, the current one first, beside all the
	/// inference fees settled in it.
	#[method(name = "agentVolumes")]
	fn agent_volumes(&self, at: Option<Hash>) -> RpcResult<Vec<AgentVolumeJson>>;
}

/// The `openledger_*` methods, served from `client`.
pub struct OpenLedger<C> {
	client: Arc<C>,
}

impl<C> OpenLedger<C> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn unknown(what: &str, id: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(UNKNOWN_ID, format!("unknown {what} {id}"), None::<()>)
}

fn runtime_error(error: ApiError) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(RUNTIME_ERROR, "runtime API call failed", Some(error.to_string()))
}

fn account_id(address: &str) -> RpcResult<AccountId> {
	AccountId::from_ss58check_with_version(address)
		.map(|(who, _)| who)
		.map_err(|e| {
			ErrorObjectOwned::owned(
				INVALID_PARAMS_CODE,
				format!("invalid account {address:?}: {e:?}"),
				None::<()>,
			)
		})
}

/// The runtime APIs the methods read.
pub trait OpenLedgerRuntimeApis:
	DatanetsApi<
		Block,
		AccountId,
		Datanet<Runtime>,
		Version<Runtime>,
		Contribution<Runtime>,
		Balance,
	> + ModelsApi<Block, Model<Runtime>, ModelVersionInfo<Runtime>>
	+ AttributionApi<Block, AttributionRecord<Runtime>, PendingInference<Runtime>>
	+ RewardsApi<Block, AccountId, Balance>
	+ AgentsApiOf
{
}

/// `AgentsApi` with the runtime's types.
pub trait AgentsApiOf:
	AgentsApi<
	Block,
	Agent<Runtime>,
	Task<Runtime>,
	InferenceOutcome<AccountId, Balance>,
	AccountId,
	Balance,
>
{
}
impl<T> AgentsApiOf for T where
	T: AgentsApi<
		Block,
		Agent<Runtime>,
		Task<Runtime>,
		InferenceOutcome<AccountId, Balance>,
		AccountId,
		Balance,
	>
{
}

impl<T> OpenLedgerRuntimeApis for T where
	T: DatanetsApi<
			Block,
			AccountId,
			Datanet<Runtime>,
			Version<Runtime>,
			Contribution<Runtime>,
			Balance,
		> + ModelsApi<Block, Model<Runtime>, ModelVersionInfo<Runtime>>
		+ AttributionApi<Block, AttributionRecord<Runtime>, PendingInference<Runtime>>
		+ RewardsApi<Block, AccountId, Balance>
		+ AgentsApiOf
{
}

impl<C> OpenLedger<C>
where
	C: HeaderBackend<Block>,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C> OpenLedgerApiServer for OpenLedger<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: OpenLedgerRuntimeApis,
{
	fn pending_rewards(&self, account: String, at: Option<Hash>) -> RpcResult<PendingRewardsJson> {
		let who = account_id(&account)?;
		let (api, at) = (self.client.runtime_api(), self.at(at));
		// Runtimes before `RewardsApi` version 2 had no challenge period: everything credited
		// was claimable.
		let has_challenge_period = api
			.has_api_with::<dyn RewardsApi<Block, AccountId, Balance>, _>(at, |v| v >= 2)
			.map_err(runtime_error)?;
		let rewards = if has_challenge_period {
			api.rewards_of(at, who.clone())
		} else {
			api.pending_rewards(at, who.clone())
				.map(|claimable| AccountRewards { claimable, ..Default::default() })
		}
		.map_err(runtime_error)?;
		Ok(PendingRewardsJson::new(&who, rewards))
	}

	fn attribution_record(
		&self,
		inference: u64,
		at: Option<Hash>,
	) -> RpcResult<AttributionRecordJson> {
		let (api, at) = (self.client.runtime_api(), self.at(at));
		if let Some(record) = api.record(at, inference).map_err(runtime_error)? {
			// Runtimes before `AttributionApi` version 3 published no outputs.
			let published = api
				.has_api_with::<dyn AttributionApi<Block, AttributionRecord<Runtime>, PendingInference<Runtime>>, _>(
					at,
					|v| v >= 3,
				)
				.map_err(runtime_error)?;
			let disclosure = if published {
				api.disclosure(at, inference).map_err(runtime_error)?
			} else {
				None
			};
			return Ok(AttributionRecordJson::new(inference, record).disclosed(disclosure));
		}
		// An inference that exists but is not settled yet names something: say what it is.
		match api.pending_inference(at, inference).map_err(runtime_error)? {
			Some(pending) => Err(ErrorObjectOwned::owned(
				NOT_SETTLED,
				format!(
					"inference {inference} is not settled yet (requested at block {})",
					pending.requested_at
				),
				Some(PendingInferenceJson::new(inference, pending)),
			)),
			None => Err(unknown("inference", inference)),
		}
	}

	fn datanet(&self, id: u32, at: Option<Hash>) -> RpcResult<DatanetJson> {
		let (api, at) = (self.client.runtime_api(), self.at(at));
		let datanet = DatanetsApi::datanet(&*api, at, id)
			.map_err(runtime_error)?
			.ok_or_else(|| unknown("datanet", id))?;
		let versions = DatanetsApi::versions(&*api, at, id, 1, MAX_VERSIONS)
			.map_err(runtime_error)?
			.into_iter()
			.map(|(number, v)| VersionJson::new(number, v))
			.collect();
		Ok(DatanetJson::new(id, datanet, versions))
	}

	fn model(&self, id: u32, at: Option<Hash>) -> RpcResult<ModelJson> {
		let (api, at) = (self.client.runtime_api(), self.at(at));
		let model = ModelsApi::model(&*api, at, id)
			.map_err(runtime_error)?
			.ok_or_else(|| unknown("model", id))?;
		let versions = ModelsApi::versions(&*api, at, id, 1, MAX_VERSIONS)
			.map_err(runtime_error)?
			.into_iter()
			.map(|(number, v)| ModelVersionJson::new(number, v))
			.collect();
		let lineage = api.lineage(at, id, model.latest_version).map_err(runtime_error)?;
		Ok(ModelJson::new(id, model, versions, lineage))
	}

	fn contributions(
		&self,
		account: String,
		cursor: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<ContributionPageJson> {
		let who = account_id(&account)?;
		let page = self
			.client
			.runtime_api()
			.contributions_of(self.at(at), who, cursor, limit.unwrap_or(50))
			.map_err(runtime_error)?;
		Ok(ContributionPageJson {
			items: page.items.into_iter().map(|(id, c)| ContributionJson::new(id, c)).collect(),
			next_cursor: page.next_cursor,
		})
	}

	fn agent(&self, id: u32, at: Option<Hash>) -> RpcResult<AgentJson> {
		let agent = AgentsApi::agent(&*self.client.runtime_api(), self.at(at), id)
			.map_err(runtime_error)?
			.ok_or_else(|| unknown("agent", id))?;
		Ok(AgentJson::new(id, agent))
	}

	fn agents(
		&self,
		cursor: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<AgentPageJson> {
		let page = AgentsApi::agents(
			&*self.client.runtime_api(),
			self.at(at),
			cursor,
			limit.unwrap_or(50),
		)
		.map_err(runtime_error)?;
		Ok(AgentPageJson {
			items: page.items.into_iter().map(|(id, a)| AgentJson::new(id, a)).collect(),
			next_cursor: page.next_cursor,
		})
	}

	fn task(&self, id: u64, at: Option<Hash>) -> RpcResult<TaskJson> {
		let (api, at) = (self.client.runtime_api(), self.at(at));
		let task = AgentsApi::task(&*api, at, id)
			.map_err(runtime_error)?
			.ok_or_else(|| unknown("task", id))?;
		let outcomes = api.task_outcomes(at, id).map_err(runtime_error)?;
		Ok(TaskJson::new(id, task, outcomes))
	}

	fn agent_volumes(&self, at: Option<Hash>) -> RpcResult<Vec<AgentVolumeJson>> {
		let (api, at) = (self.client.runtime_api(), self.at(at));
		let volumes = api.epoch_volumes(at).map_err(runtime_error)?;
		let (current, totals) = api.current_epoch(at).map_err(runtime_error)?;
		let summaries = api.epoch_summaries(at).map_err(runtime_error)?;
		let fees_settled = |epoch| {
			if epoch == current {
				Some(totals.fees_settled)
			} else {
				summaries.iter().find(|(e, _)| *e == epoch).map(|(_, s)| s.fees_settled)
			}
		};
		Ok(volumes
			.into_iter()
			.map(|(epoch, volume)| AgentVolumeJson::new(epoch, volume, fees_settled(epoch)))
			.collect())
	}
}
