//! The methods against a test client whose runtime APIs are mocks: JSON shapes, the `at`
//! block, and the errors clients see.

use super::*;
use jsonrpsee::{MethodsError, RpcModule};
use openledger_runtime::{currency::OPEN, BlockNumber, SS58_PREFIX};
use pallet_attribution::{AttributionEntry, FeeSplit, Payout, RecordPage};
use pallet_datanets::{
	Access, ContributionPage, ContributionStatus, ContributorStats, DatanetCounters, DatanetStatus,
	Policy,
};
use pallet_models::{LineageEntry, ModelKind, ModelPage, ModelStatus};
use pallet_rewards::{pending::Amounts, AccountRewards, EpochIndex, EpochSummary, PendingRewards};
use serde_json::{json, Value};
use sp_api::ApiRef;
use sp_blockchain::{BlockStatus, Info};
use sp_core::{crypto::Ss58AddressFormat, H256};
use sp_runtime::{traits::NumberFor, Perbill};

const BEST: Hash = H256::repeat_byte(0xbb);
const OLD: Hash = H256::repeat_byte(0x01);

fn alice() -> AccountId {
	AccountId::new([1; 32])
}

fn bob() -> AccountId {
	AccountId::new([2; 32])
}

fn bounded<S: sp_core::Get<u32>>(bytes: &[u8]) -> sp_runtime::BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

fn the_datanet() -> Datanet<Runtime> {
	Datanet {
		owner: alice(),
		depositor: alice(),
		deposit: 10 * OPEN,
		name: bounded(b"medical-qa"),
		description: bounded(b"ipfs://desc"),
		tags: vec![bounded(b"medical")].try_into().unwrap(),
		policy: Policy {
			access: Access::Open,
			contribution_deposit: OPEN,
			max_contribution_bytes: 1_000,
		},
		status: DatanetStatus::Active,
		curators: vec![bob()].try_into().unwrap(),
		created_at: 3,
		counters: DatanetCounters {
			accepted: 1,
			latest_version: 1,
			published: 1,
			..Default::default()
		},
	}
}

fn the_contribution() -> Contribution<Runtime> {
	Contribution {
		datanet: 0,
		contributor: bob(),
		content_hash: H256::repeat_byte(7),
		size_bytes: 42,
		uri: bounded(b"ipfs://data"),
		metadata: bounded(b"text/csv"),
		deposit: OPEN,
		status: ContributionStatus::Accepted { sequence: 0 },
		submitted_at: 4,
	}
}

fn the_model() -> Model<Runtime> {
	Model {
		owner: alice(),
		depositor: alice(),
		deposit: 10 * OPEN,
		name: bounded(b"med-llm"),
		metadata_uri: bounded(b""),
		kind: ModelKind::Base,
		inference_fee: OPEN / 2,
		providers: vec![bob()].try_into().unwrap(),
		status: ModelStatus::Active,
		latest_version: 1,
		registered_at: 6,
	}
}

fn the_record() -> AttributionRecord<Runtime> {
	AttributionRecord {
		model: 0,
		version: 1,
		consumer: alice(),
		provider: bob(),
		fee: 10 * OPEN,
		request_hash: H256::repeat_byte(1),
		output_hash: H256::repeat_byte(2),
		attribution: vec![AttributionEntry { contribution: 0, share: Perbill::from_percent(60) }]
			.try_into()
			.unwrap(),
		payout: Payout { data: 3 * OPEN, model: 2 * OPEN, provider: 2 * OPEN, pool: 3 * OPEN },
		settled_at: 9,
	}
}

/// Runtime APIs that know Datanet 0, contribution 0, model 0, inference 0 (settled) and 1
/// (pending); pending rewards
/// differ between the best block and an older one.
#[derive(Clone)]
struct MockApi;

sp_api::mock_impl_runtime_apis! {
	impl DatanetsApi<
		Block,
		AccountId,
		Datanet<Runtime>,
		Version<Runtime>,
		Contribution<Runtime>,
		Balance,
	> for MockApi
	{
		fn datanet(id: u32) -> Option<Datanet<Runtime>> {
			(id == 0).then(the_datanet)
		}
		fn version(_id: u32, _version: u32) -> Option<Version<Runtime>> {
			None
		}
		fn versions(id: u32, _from: u32, _limit: u32) -> Vec<(u32, Version<Runtime>)> {
			let v = Version {
				contributions: 1,
				added: 1,
				total_bytes: 42,
				merkle_root: H256::repeat_byte(9),
				published_at: 5,
			};
			if id == 0 { vec![(1, v)] } else { vec![] }
		}
		fn contribution(_id: u64) -> Option<Contribution<Runtime>> {
			None
		}
		fn contributions_of(
			who: AccountId,
			cursor: Option<u64>,
			_limit: u32,
		) -> ContributionPage<Contribution<Runtime>> {
			let items = if who == bob() && cursor.is_none() { vec![(0, the_contribution())] } else { vec![] };
			ContributionPage { items, next_cursor: None }
		}
		fn contributor_stats(_who: AccountId) -> ContributorStats {
			ContributorStats::default()
		}
		fn version_contributions(
			_id: u32,
			_version: u32,
			_from: u64,
			_limit: u32,
		) -> Vec<(u64, Contribution<Runtime>)> {
			vec![]
		}
		fn contribution_deposit(_who: AccountId, _id: u32, _uri: u32, _meta: u32) -> Option<Balance> {
			None
		}
	}

	impl ModelsApi<Block, Model<Runtime>, ModelVersionInfo<Runtime>> for MockApi {
		fn model(id: u32) -> Option<Model<Runtime>> {
			(id == 0).then(the_model)
		}
		fn version(_id: u32, _version: u32) -> Option<ModelVersionInfo<Runtime>> {
			None
		}
		fn versions(_id: u32, _from: u32, _limit: u32) -> Vec<(u32, ModelVersionInfo<Runtime>)> {
			vec![(1, ModelVersionInfo {
				artifact_hash: H256::repeat_byte(3),
				artifact_uri: bounded(b"ipfs://weights"),
				lineage: vec![LineageEntry { datanet: 0, version: 1 }].try_into().unwrap(),
				base: None,
				published_at: 6,
			})]
		}
		fn lineage(_id: u32, _version: u32) -> Vec<LineageEntry> {
			vec![LineageEntry { datanet: 0, version: 1 }]
		}
		fn models_by_datanet(_datanet: u32, _cursor: Option<u32>, _limit: u32) -> ModelPage {
			ModelPage { items: vec![], next_cursor: None }
		}
		fn adapters(_base: u32, _cursor: Option<u32>, _limit: u32) -> ModelPage {
			ModelPage { items: vec![], next_cursor: None }
		}
	}

	impl AttributionApi<Block, AttributionRecord<Runtime>, PendingInference<Runtime>> for MockApi {
		fn record(id: u64) -> Option<AttributionRecord<Runtime>> {
			(id == 0).then(the_record)
		}
		fn records_of_model(
			_model: u32,
			_cursor: Option<u64>,
			_limit: u32,
		) -> RecordPage<AttributionRecord<Runtime>> {
			RecordPage { items: vec![], next_cursor: None }
		}
		fn pending_inference(id: u64) -> Option<PendingInference<Runtime>> {
			(id == 1).then(|| PendingInference {
				model: 0,
				version: 1,
				consumer: alice(),
				fee: 4 * OPEN,
				request_hash: H256::repeat_byte(3),
				requested_at: 11,
			})
		}
		fn fee_split() -> FeeSplit {
			FeeSplit {
				pool: Perbill::zero(),
				model: Perbill::zero(),
				provider: Perbill::zero(),
				data: Perbill::one(),
			}
		}
		fn standing(_id: u64) -> Option<pallet_attribution::RecordStanding<u32>> {
			None
		}
		fn disclosure(id: u64) -> Option<pallet_attribution::OutputDisclosure<Vec<u8>>> {
			(id == 0).then(|| {
				pallet_attribution::OutputDisclosure::Published(b"https://eve.example/o/0".to_vec())
			})
		}
	}

	impl RewardsApi<Block, AccountId, Balance> for MockApi {
		#[advanced]
		fn pending_rewards(
			&self,
			at: Hash,
			_who: AccountId,
		) -> Result<PendingRewards<Balance>, sp_api::ApiError> {
			// At the best block Bob has 3.5 OPEN of data rewards; at the old block, nothing.
			let data = if at == BEST { 35 * OPEN / 10 } else { 0 };
			Ok(PendingRewards { data, total: data, ..Default::default() })
		}
		#[advanced]
		fn rewards_of(
			&self,
			at: Hash,
			who: AccountId,
		) -> Result<AccountRewards<Balance, BlockNumber>, sp_api::ApiError> {
			// At the best block Bob also has 1 OPEN as provider in its challenge period, which
			// matures at block 20.
			let claimable = self.pending_rewards(at, who)?;
			if at != BEST {
				return Ok(AccountRewards { claimable, ..Default::default() });
			}
			Ok(AccountRewards {
				claimable,
				in_challenge: Amounts { provider: OPEN, ..Default::default() },
				maturing: vec![(20, OPEN)],
			})
		}
		fn current_epoch() -> (EpochIndex, EpochSummary<Balance>) {
			(0, EpochSummary::default())
		}
		fn epoch_summaries() -> Vec<(EpochIndex, EpochSummary<Balance>)> {
			vec![]
		}
	}

	impl AgentsApi<
		Block,
		Agent<Runtime>,
		Task<Runtime>,
		InferenceOutcome<AccountId, Balance>,
		AccountId,
		Balance,
	> for MockApi {
		fn agent(id: u32) -> Option<Agent<Runtime>> {
			(id == 0).then(the_agent)
		}
		fn agents(_cursor: Option<u32>, _limit: u32) -> pallet_agents::Page<u32, Agent<Runtime>> {
			pallet_agents::Page { items: vec![(0, the_agent())], next_cursor: None }
		}
		fn task(id: u64) -> Option<Task<Runtime>> {
			(id == 0).then(the_task)
		}
		fn task_outcomes(id: u64) -> Vec<(u64, Option<InferenceOutcome<AccountId, Balance>>)> {
			if id != 0 {
				return vec![];
			}
			let settled = InferenceOutcome::Settled {
				provider: bob(),
				model_owner: Some(alice()),
				payout: Payout { data: 5 * OPEN, model: 2 * OPEN, provider: 2 * OPEN, pool: OPEN },
				credits: vec![pallet_attribution::DataCredit {
					contribution: 7,
					contributor: Some(bob()),
					amount: 5 * OPEN,
				}],
				voided: false,
			};
			vec![(0, Some(settled)), (1, None)]
		}
		fn epoch_volumes() -> Vec<(EpochIndex, pallet_agents::AgentVolume<Balance>)> {
			vec![(0, pallet_agents::AgentVolume { tasks_opened: 1, inference_fees: 13 * OPEN, ..Default::default() })]
		}
		fn claimable_fees(_owner: AccountId) -> Balance {
			0
		}
	}
}

/// Bob's task 0 for Alice's agent 0: a 20 OPEN budget, a 2 OPEN agent fee, completed; it bought
/// inference 0 (10 OPEN, settled: 5 to data, 2 each to model and provider, 1 to the pool, the
/// data to contribution 7) and inference 1 (3 OPEN, refunded).
fn the_task() -> Task<Runtime> {
	Task {
		agent: 0,
		user: bob(),
		budget: 20 * OPEN,
		agent_fee: 2 * OPEN,
		request_hash: H256::repeat_byte(1),
		deadline: 30,
		opened_at: 8,
		spent: 13 * OPEN,
		inferences: vec![
			pallet_agents::TaskInference {
				inference: 0,
				model: 0,
				fee: 10 * OPEN,
				request_hash: H256::repeat_byte(2),
			},
			pallet_agents::TaskInference {
				inference: 1,
				model: 0,
				fee: 3 * OPEN,
				request_hash: H256::repeat_byte(3),
			},
		]
		.try_into()
		.unwrap(),
		status: pallet_agents::TaskStatus::Completed { result_hash: H256::repeat_byte(9), at: 12 },
		deposit: OPEN / 100,
	}
}

fn the_agent() -> Agent<Runtime> {
	Agent {
		owner: alice(),
		operator: bob(),
		metadata: pallet_agents::AgentMetadata {
			name: bounded(b"medic"),
			description_uri: bounded(b"ipfs://medic"),
			endpoint_uri: bounded(b"https://gw.example/v1/agents/0/tasks"),
		},
		models: vec![pallet_agents::ModelUse { model: 0, inferences: 2 }].try_into().unwrap(),
		price: 2 * OPEN,
		stake: 100 * OPEN,
		status: pallet_agents::AgentStatus::Paused(pallet_agents::PauseCause::Expiries),
		open_tasks: 0,
		reputation: pallet_agents::Reputation {
			completed: 1,
			expired: 3,
			strikes: 3,
			earned: 2 * OPEN,
			inferences: 2,
			spent_on_inferences: 13 * OPEN,
			..Default::default()
		},
		offered_to: None,
		registered_at: 2,
	}
}

/// A client whose best block is [`BEST`] and whose runtime APIs are [`MockApi`].
struct TestClient;

impl ProvideRuntimeApi<Block> for TestClient {
	type Api = MockApi;
	fn runtime_api(&self) -> ApiRef<'_, MockApi> {
		MockApi.into()
	}
}

impl HeaderBackend<Block> for TestClient {
	fn header(
		&self,
		_: Hash,
	) -> sp_blockchain::Result<Option<<Block as sp_runtime::traits::Block>::Header>> {
		Ok(None)
	}
	fn info(&self) -> Info<Block> {
		Info {
			best_hash: BEST,
			best_number: 10,
			genesis_hash: Hash::zero(),
			finalized_hash: BEST,
			finalized_number: 10,
			finalized_state: None,
			number_leaves: 1,
			block_gap: None,
		}
	}
	fn status(&self, _: Hash) -> sp_blockchain::Result<BlockStatus> {
		Ok(BlockStatus::InChain)
	}
	fn number(&self, _: Hash) -> sp_blockchain::Result<Option<NumberFor<Block>>> {
		Ok(Some(10))
	}
	fn hash(&self, _: NumberFor<Block>) -> sp_blockchain::Result<Option<Hash>> {
		Ok(Some(BEST))
	}
}

fn module() -> RpcModule<OpenLedger<TestClient>> {
	OpenLedger::new(Arc::new(TestClient)).into_rpc()
}

fn ss58(who: &AccountId) -> String {
	who.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

/// The JSON-RPC error `method` returns for `params`.
async fn error(method: &str, params: Value) -> (i32, String) {
	let params = params.as_array().cloned().unwrap_or_default();
	match module().call::<_, Value>(method, params).await {
		Err(MethodsError::JsonRpc(e)) => (e.code(), e.message().to_string()),
		other => panic!("{method} should fail, got {other:?}"),
	}
}

#[tokio::test]
async fn the_methods_are_served() {
	let mut names: Vec<_> = module().method_names().collect();
	names.sort();
	assert_eq!(
		names,
		vec![
			"openledger_agent",
			"openledger_agentVolumes",
			"openledger_agents",
			"openledger_attributionRecord",
			"openledger_contributions",
			"openledger_datanet",
			"openledger_model",
			"openledger_pendingRewards",
			"openledger_task",
		]
	);
}

#[tokio::test]
async fn pending_rewards_are_decimal_strings_read_at_the_best_block_or_the_one_asked() {
	let address = ss58(&bob());
	let best: Value = module().call("openledger_pendingRewards", [address.clone()]).await.unwrap();
	assert_eq!(best["account"], json!(address));
	assert_eq!(best["data"], json!("3500000000000000000"));
	assert_eq!(best["total"], json!("3500000000000000000"));
	assert_eq!(best["emission"], json!("0"));
	assert_eq!(
		best["inChallenge"],
		json!({
			"data": "0",
			"model": "0",
			"provider": "1000000000000000000",
			"total": "1000000000000000000",
			"score": "0"
		})
	);
	assert_eq!(best["maturing"], json!([{ "block": 20, "amount": "1000000000000000000" }]));
	let old: Value = module()
		.call("openledger_pendingRewards", (address.clone(), Some(OLD)))
		.await
		.unwrap();
	assert_eq!(old["total"], json!("0"));
	assert_eq!(old["inChallenge"]["total"], json!("0"));
	assert_eq!(old["maturing"], json!([]));
	// Any valid SS58 prefix is accepted; the answer uses the chain's.
	let generic = bob().to_ss58check_with_version(Ss58AddressFormat::custom(42));
	let again: Value = module().call("openledger_pendingRewards", [generic]).await.unwrap();
	assert_eq!(again["account"], json!(address));
}

#[tokio::test]
async fn a_datanet_comes_with_its_versions() {
	let d: Value = module().call("openledger_datanet", [0]).await.unwrap();
	assert_eq!(d["name"], json!("medical-qa"));
	assert_eq!(d["owner"], json!(ss58(&alice())));
	assert!(d["owner"].as_str().unwrap().starts_with("op"));
	assert_eq!(d["deposit"], json!("10000000000000000000"));
	assert_eq!(d["access"], json!("Open"));
	assert_eq!(d["curators"], json!([ss58(&bob())]));
	assert_eq!(d["counters"]["accepted"], json!(1));
	assert_eq!(
		d["versions"],
		json!([{
			"number": 1,
			"contributions": 1,
			"added": 1,
			"totalBytes": 42,
			"merkleRoot": format!("{:?}", H256::repeat_byte(9)),
			"publishedAt": 5,
		}])
	);
}

#[tokio::test]
async fn a_model_comes_with_its_versions_and_lineage() {
	let m: Value = module().call("openledger_model", [0]).await.unwrap();
	assert_eq!((m["kind"].clone(), m["base"].clone()), (json!("Base"), Value::Null));
	assert_eq!(m["inferenceFee"], json!("500000000000000000"));
	assert_eq!(m["lineage"], json!([{ "datanet": 0, "version": 1 }]));
	assert_eq!(m["versions"][0]["artifactUri"], json!("ipfs://weights"));
	assert_eq!(m["providers"], json!([ss58(&bob())]));
}

#[tokio::test]
async fn an_attribution_record_and_a_contributors_page_read_back() {
	let r: Value = module().call("openledger_attributionRecord", [0]).await.unwrap();
	assert_eq!(r["fee"], json!("10000000000000000000"));
	assert_eq!(r["attribution"], json!([{ "contribution": 0, "sharePpb": 600_000_000 }]));
	assert_eq!(r["payout"]["data"], json!("3000000000000000000"));
	assert_eq!(r["consumer"], json!(ss58(&alice())));
	assert_eq!(
		(&r["outputUri"], &r["private"]),
		(&json!("https://eve.example/o/0"), &json!(false))
	);

	let page: Value = module()
		.call("openledger_contributions", (ss58(&bob()), None::<u64>, Some(10)))
		.await
		.unwrap();
	assert_eq!(page["nextCursor"], Value::Null);
	assert_eq!(page["items"][0]["status"], json!("Accepted"));
	assert_eq!(page["items"][0]["sequence"], json!(0));
	assert_eq!(page["items"][0]["spam"], Value::Null);
	assert_eq!(page["items"][0]["contentHash"], json!(format!("{:?}", H256::repeat_byte(7))));
	// Only the account is required.
	let short: Value = module().call("openledger_contributions", [ss58(&bob())]).await.unwrap();
	assert_eq!(short, page);
}

#[tokio::test]
async fn unknown_ids_are_errors_that_name_them() {
	for (method, message) in [
		("openledger_datanet", "unknown datanet 9"),
		("openledger_model", "unknown model 9"),
		("openledger_attributionRecord", "unknown inference 9"),
	] {
		assert_eq!(error(method, json!([9])).await, (UNKNOWN_ID, message.to_string()));
	}
}

#[tokio::test]
async fn the_record_of_an_inference_not_yet_settled_says_so_and_names_it() {
	// Inference 1 exists and waits for its provider: not an id that names nothing (4004).
	let Err(MethodsError::JsonRpc(e)) =
		module().call::<_, Value>("openledger_attributionRecord", [1]).await
	else {
		panic!("the record of a pending inference is an error");
	};
	assert_eq!(e.code(), NOT_SETTLED);
	assert_eq!(e.message(), "inference 1 is not settled yet (requested at block 11)");
	let data: Value = serde_json::from_str(e.data().unwrap().get()).unwrap();
	assert_eq!(
		data,
		json!({
			"inference": 1, "model": 0, "version": 1, "consumer": ss58(&alice()),
			"fee": "4000000000000000000", "requestHash": format!("0x{}", "03".repeat(32)),
			"requestedAt": 11,
		})
	);
}

#[tokio::test]
async fn malformed_params_are_invalid_params_errors() {
	let (code, message) = error("openledger_pendingRewards", json!(["not an address"])).await;
	assert_eq!(code, INVALID_PARAMS_CODE);
	assert!(message.contains("invalid account"), "{message}");
	let (code, _) = error("openledger_datanet", json!(["zero"])).await;
	assert_eq!(code, INVALID_PARAMS_CODE);
	let (code, _) = error("openledger_datanet", json!([-1])).await;
	assert_eq!(code, INVALID_PARAMS_CODE);
	let (code, _) = error("openledger_contributions", json!([])).await;
	assert_eq!(code, INVALID_PARAMS_CODE);
}

#[tokio::test]
async fn an_agent_comes_with_its_reputation() {
	let a: Value = module().call("openledger_agent", [0]).await.unwrap();
	assert_eq!(a["owner"], json!(ss58(&alice())));
	assert_eq!(a["operator"], json!(ss58(&bob())));
	assert_eq!(a["name"], json!("medic"));
	assert_eq!(a["status"], json!("Paused"));
	assert_eq!(a["pausedBy"], json!("Expiries"));
	assert_eq!(a["price"], json!("2000000000000000000"));
	assert_eq!(a["models"], json!([{ "model": 0, "inferences": 2 }]));
	assert_eq!(a["reputation"]["completed"], json!(1));
	assert_eq!(a["reputation"]["expired"], json!(3));
	assert_eq!(a["reputation"]["spentOnInferences"], json!("13000000000000000000"));
	let page: Value = module().call("openledger_agents", [None::<u32>]).await.unwrap();
	assert_eq!(page["items"][0]["id"], json!(0));
	assert_eq!(page["nextCursor"], json!(null));
	assert_eq!(error("openledger_agent", json!([5])).await, (UNKNOWN_ID, "unknown agent 5".into()));
}

#[tokio::test]
async fn a_task_shows_where_every_unit_of_its_budget_went() {
	let t: Value = module().call("openledger_task", [0]).await.unwrap();
	assert_eq!(t["status"], json!("Completed"));
	assert_eq!(t["resultHash"], json!(format!("{:?}", H256::repeat_byte(9))));
	assert_eq!(t["inferences"][0]["state"], json!("Settled"));
	assert_eq!(t["inferences"][0]["provider"], json!(ss58(&bob())));
	assert_eq!(
		t["inferences"][0]["credits"],
		json!([{ "contribution": 7, "contributor": ss58(&bob()), "amount": "5000000000000000000" }])
	);
	assert_eq!(t["inferences"][1]["state"], json!("Gone"));
	// 2 to the agent, 2 + 2 + 5 + 1 from the settled inference, and 3 (refunded) + 5 (unspent)
	// back to Bob: 20.
	assert_eq!(
		t["budget"],
		json!({
			"budget": "20000000000000000000",
			"agentFee": "2000000000000000000",
			"models": "2000000000000000000",
			"providers": "2000000000000000000",
			"data": "5000000000000000000",
			"pool": "1000000000000000000",
			"pending": "0",
			"refunded": "8000000000000000000",
			"held": "0",
		})
	);
	assert_eq!(error("openledger_task", json!([4])).await, (UNKNOWN_ID, "unknown task 4".into()));
}

#[tokio::test]
async fn agent_volumes_stand_beside_the_epoch_s_fees() {
	let v: Value = module().call("openledger_agentVolumes", Vec::<Value>::new()).await.unwrap();
	assert_eq!(v[0]["epoch"], json!(0));
	assert_eq!(v[0]["inferenceFees"], json!("13000000000000000000"));
	assert_eq!(v[0]["feesSettled"], json!("0"));
}
