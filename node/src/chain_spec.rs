//! The built-in chain specifications (`--dev`, `--chain local`, `--chain local-fast-governance`)
//! and OpenLedger's chain properties.

use openledger_runtime::{
	currency::DECIMALS, genesis_config_presets::LOCAL_FAST_GOVERNANCE_PRESET, SS58_PREFIX,
	WASM_BINARY,
};
use sc_service::{ChainType, Properties};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A chain specification of the OpenLedger runtime.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The token properties wallets read: symbol OPEN, 18 decimals, SS58 prefix 2729.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), "OPEN".into());
	properties.insert("tokenDecimals".into(), DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

pub(crate) fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime wasm is not available: this node was built with SKIP_WASM_BUILD".to_string()
	})
}

/// `--dev`: a single validator (Alice), sudo Alice, governance periods of a few blocks.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	chain_spec(
		"OpenLedger Development",
		"openledger_dev",
		ChainType::Development,
		DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: four validators (Alice, Bob, Charlie, Dave), no sudo, the production
/// governance periods.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	chain_spec(
		"OpenLedger Local Testnet (development keys)",
		"openledger_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `--chain local-fast-governance`: the local network with governance periods of a few blocks,
/// for rehearsing referenda and runtime upgrades.
pub fn local_fast_governance_chain_spec() -> Result<ChainSpec, String> {
	chain_spec(
		"OpenLedger Local Testnet (fast governance, development keys)",
		"openledger_local_fast_governance",
		ChainType::Local,
		LOCAL_FAST_GOVERNANCE_PRESET,
	)
}

/// Whether the chain `id` is one of the built-in ones, whose validators and endowed accounts
/// are the public development keys.
pub fn has_public_keys(id: &str) -> bool {
	["openledger_dev", "openledger_local", "openledger_local_fast_governance"].contains(&id)
}

/// A chain spec of the embedded runtime with one of its genesis presets; its id doubles as the
/// network protocol id, so that nodes of different chains never peer.
fn chain_spec(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, Default::default())
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.with_protocol_id(id)
		.build())
}
