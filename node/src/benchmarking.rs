//! The `benchmark` subcommand (pallet, storage, overhead, block, extrinsic, machine), compiled
//! only into the benchmarking node (`--features runtime-benchmarks`, scripts/benchmark.sh), and
//! the extrinsic builders of `benchmark extrinsic`: signed `system.remark` and
//! `balances.transferKeepAlive` transactions from Bob, as a wallet would send them.

use std::{sync::Arc, time::Duration};

use frame_benchmarking_cli::{BenchmarkCmd, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE};
use openledger_runtime::{
	self as runtime, currency::EXISTENTIAL_DEPOSIT, opaque::Block, AccountId, Balance,
	BalancesCall, SystemCall,
};
use sc_cli::Result;
use sc_client_api::{BlockBackend, UsageProvider};
use sc_service::{Configuration, PartialComponents};
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, OpaqueExtrinsic, SaturatedConversion};

use crate::service::{self, FullClient};

/// Runs one `benchmark` subcommand on the node's configuration.
pub fn run(cmd: &BenchmarkCmd, config: Configuration) -> Result<()> {
	match cmd {
		// The benchmarks live in the runtime this node embeds (built with them), or in the wasm
		// that `--runtime` names (what scripts/benchmark.sh passes).
		BenchmarkCmd::Pallet(cmd) =>
			cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(config.chain_spec)),
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		},
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		},
		BenchmarkCmd::Overhead(cmd) =>
			cmd.run_with_default_builder_and_spec::<Block, ()>(Some(config.chain_spec)),
		BenchmarkCmd::Extrinsic(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let ext_factory = ExtrinsicFactory(vec![
				Box::new(RemarkBuilder::new(client.clone())),
				Box::new(TransferKeepAliveBuilder::new(
					client.clone(),
					Sr25519Keyring::Alice.to_account_id(),
					EXISTENTIAL_DEPOSIT,
				)),
			]);
			cmd.run(client, inherent_benchmark_data()?, Vec::new(), &ext_factory)
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
	}
}

/// Builds `system.remark` transactions.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder that signs against `client`'s genesis and best block.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = SystemCall::remark { remark: vec![] }.into();
		signed_by_bob(&self.client, call, nonce).map(Into::into)
	}
}

/// Builds `balances.transferKeepAlive` transactions.
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl TransferKeepAliveBuilder {
	/// A builder of transfers of `value` to `dest`.
	pub fn new(client: Arc<FullClient>, dest: AccountId, value: Balance) -> Self {
		Self { client, dest, value }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call =
			BalancesCall::transfer_keep_alive { dest: self.dest.clone().into(), value: self.value }
				.into();
		signed_by_bob(&self.client, call, nonce).map(Into::into)
	}
}

/// `call`, signed by Bob with `nonce`, mortal from the best block.
fn signed_by_bob(
	client: &FullClient,
	call: runtime::RuntimeCall,
	nonce: u32,
) -> std::result::Result<runtime::UncheckedExtrinsic, &'static str> {
	let sender = Sr25519Keyring::Bob.pair();
	let genesis_hash = client.block_hash(0).ok().flatten().ok_or("no genesis block")?;
	let info = client.usage_info().chain;
	let period = u64::from(runtime::configs::BlockHashCount::get())
		.checked_next_power_of_two()
		.map(|c| c / 2)
		.unwrap_or(2);

	Ok(runtime::signing::signed_extrinsic(
		&sender,
		call,
		nonce,
		Era::mortal(period, info.best_number.saturated_into()),
		genesis_hash,
		info.best_hash,
	))
}

/// The inherents of a benchmark block: a timestamp of zero.
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::from_millis(0).into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating inherent data: {e:?}"))?;
	Ok(inherent_data)
}
