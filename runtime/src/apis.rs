//! The runtime APIs: what the node and clients (`api.call.*` in polkadot.js) can ask the
//! runtime.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_session::OpaqueGeneratedSessionKeys;
use sp_version::RuntimeVersion;

use crate::{
	genesis_config_presets, AccountId, Agents, Attribution, Aura, AuraEquivocation, Balance, Block,
	BlockNumber, Datanets, Executive, Grandpa, Historical, InherentDataExt, Models, Nonce, Rewards,
	Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, System, TransactionPayment, VERSION,
};
use pallet_agents::{Agent, AgentId, AgentVolume, Page, Task, TaskId};
use pallet_attribution::{
	AttributionRecord, FeeSplit, InferenceId, InferenceOutcome, OutputDisclosure, PendingInference,
	RecordPage, RecordStanding,
};
use pallet_datanets::{Contribution, ContributionPage, ContributorStats, Datanet, Version};
use pallet_datanets_runtime_api::{ContributionId, DatanetId, VersionNumber};
use pallet_models::{LineageEntry, Model, ModelId, ModelPage, ModelVersion, ModelVersionInfo};
use pallet_rewards::{AccountRewards, EpochIndex, EpochSummary, PendingRewards};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// The proof is for the current session; the runtime checks that it falls in the
			// reported set's sessions.
			use codec::Encode;
			use frame_support::traits::KeyOwnerProofSystem;
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, authority_id))
				.map(|p| p.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl pallet_aura_equivocation_runtime_api::AuraEquivocationApi<Block, AuraId> for Runtime {
		fn generate_key_ownership_proof(
			authority: AuraId,
		) -> Option<pallet_aura_equivocation_runtime_api::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			use frame_support::traits::KeyOwnerProofSystem;
			Historical::prove((sp_core::crypto::key_types::AURA, authority))
				.map(|p| p.encode())
				.map(sp_runtime::OpaqueValue::new)
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: pallet_aura_equivocation::EquivocationProofOf<Runtime>,
			key_owner_proof: pallet_aura_equivocation_runtime_api::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			AuraEquivocation::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_datanets_runtime_api::DatanetsApi<
		Block,
		AccountId,
		Datanet<Runtime>,
		Version<Runtime>,
		Contribution<Runtime>,
		Balance,
	> for Runtime {
		fn datanet(id: DatanetId) -> Option<Datanet<Runtime>> {
			Datanets::datanet(id)
		}
		fn version(id: DatanetId, version: VersionNumber) -> Option<Version<Runtime>> {
			Datanets::version(id, version)
		}
		fn versions(
			id: DatanetId,
			from: VersionNumber,
			limit: u32,
		) -> Vec<(VersionNumber, Version<Runtime>)> {
			Datanets::versions(id, from, limit)
		}
		fn contribution(id: ContributionId) -> Option<Contribution<Runtime>> {
			Datanets::contribution(id)
		}
		fn contributions_of(
			who: AccountId,
			cursor: Option<ContributionId>,
			limit: u32,
		) -> ContributionPage<Contribution<Runtime>> {
			Datanets::contributions_of(who, cursor, limit)
		}
		fn contributor_stats(who: AccountId) -> ContributorStats {
			Datanets::contributor_stats(who)
		}
		fn version_contributions(
			id: DatanetId,
			version: VersionNumber,
			from_sequence: u64,
			limit: u32,
		) -> Vec<(ContributionId, Contribution<Runtime>)> {
			Datanets::version_contributions(id, version, from_sequence, limit)
		}
		fn contribution_deposit(
			who: AccountId,
			id: DatanetId,
			uri_len: u32,
			metadata_len: u32,
		) -> Option<Balance> {
			Datanets::contribution_deposit(who, id, uri_len, metadata_len)
		}
	}

	impl pallet_models_runtime_api::ModelsApi<Block, Model<Runtime>, ModelVersionInfo<Runtime>>
		for Runtime
	{
		fn model(id: ModelId) -> Option<Model<Runtime>> {
			Models::model(id)
		}
		fn version(id: ModelId, version: ModelVersion) -> Option<ModelVersionInfo<Runtime>> {
			Models::version(id, version)
		}
		fn versions(
			id: ModelId,
			from: ModelVersion,
			limit: u32,
		) -> Vec<(ModelVersion, ModelVersionInfo<Runtime>)> {
			Models::versions(id, from, limit)
		}
		fn lineage(id: ModelId, version: ModelVersion) -> Vec<LineageEntry> {
			Models::lineage(id, version)
		}
		fn models_by_datanet(
			datanet: DatanetId,
			cursor: Option<ModelId>,
			limit: u32,
		) -> ModelPage {
			Models::models_by_datanet(datanet, cursor, limit)
		}
		fn adapters(base: ModelId, cursor: Option<ModelId>, limit: u32) -> ModelPage {
			Models::adapters(base, cursor, limit)
		}
	}

	impl pallet_attribution_runtime_api::AttributionApi<
		Block,
		AttributionRecord<Runtime>,
		PendingInference<Runtime>,
	> for Runtime {
		fn record(id: InferenceId) -> Option<AttributionRecord<Runtime>> {
			Attribution::record(id)
		}
		fn records_of_model(
			model: ModelId,
			cursor: Option<InferenceId>,
			limit: u32,
		) -> RecordPage<AttributionRecord<Runtime>> {
			Attribution::records_of_model(model, cursor, limit)
		}
		fn pending_inference(id: InferenceId) -> Option<PendingInference<Runtime>> {
			Attribution::pending_inference(id)
		}
		fn fee_split() -> FeeSplit {
			Attribution::fee_split()
		}
		fn standing(id: InferenceId) -> Option<RecordStanding<BlockNumber>> {
			Attribution::standing(id)
		}
		fn disclosure(id: InferenceId) -> Option<OutputDisclosure<Vec<u8>>> {
			Attribution::disclosure(id)
		}
	}

	impl pallet_rewards_runtime_api::RewardsApi<Block, AccountId, Balance> for Runtime {
		fn pending_rewards(who: AccountId) -> PendingRewards<Balance> {
			Rewards::pending(who)
		}
		fn rewards_of(who: AccountId) -> AccountRewards<Balance, BlockNumber> {
			Rewards::rewards_of(who)
		}
		fn current_epoch() -> (EpochIndex, EpochSummary<Balance>) {
			Rewards::current_epoch()
		}
		fn epoch_summaries() -> Vec<(EpochIndex, EpochSummary<Balance>)> {
			Rewards::epoch_summaries()
		}
	}

	impl pallet_agents_runtime_api::AgentsApi<
		Block,
		Agent<Runtime>,
		Task<Runtime>,
		InferenceOutcome<AccountId, Balance>,
		AccountId,
		Balance,
	> for Runtime
	{
		fn agent(id: AgentId) -> Option<Agent<Runtime>> {
			Agents::agent(id)
		}
		fn agents(cursor: Option<AgentId>, limit: u32) -> Page<AgentId, Agent<Runtime>> {
			Agents::agents(cursor, limit)
		}
		fn task(id: TaskId) -> Option<Task<Runtime>> {
			Agents::task(id)
		}
		fn task_outcomes(id: TaskId) -> Vec<(InferenceId, Option<InferenceOutcome<AccountId, Balance>>)> {
			Agents::task(id)
				.map(|task| {
					task.inferences
						.iter()
						.map(|i| (i.inference, Attribution::outcome(i.inference)))
						.collect()
				})
				.unwrap_or_default()
		}
		fn epoch_volumes() -> Vec<(EpochIndex, AgentVolume<Balance>)> {
			Agents::epoch_volumes()
		}
		fn claimable_fees(owner: AccountId) -> Balance {
			Agents::claimable_fees(&owner)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// A failed migration check must stop the try-runtime run with its backtrace.
			#[allow(clippy::unwrap_used)]
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect
		) -> Weight {
			#[allow(clippy::expect_used)]
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}
}
