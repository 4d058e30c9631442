//! The built-in chain specifications (`--dev`, `--chain local`) and OpenLedger's chain
//! properties.

use openledger_runtime::{currency::DECIMALS, SS58_PREFIX, WASM_BINARY};
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

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime wasm is not available: this node was built with SKIP_WASM_BUILD".to_string()
	})
}

/// `--dev`: a single validator (Alice), sudo Alice.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, Default::default())
		.with_name("OpenLedger Development")
		.with_id("openledger_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.with_protocol_id("openledger-dev")
		.build())
}

/// `--chain local`: four validators (Alice, Bob, Charlie, Dave), sudo Alice.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, Default::default())
		.with_name("OpenLedger Local Testnet")
		.with_id("openledger_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.with_protocol_id("openledger-local")
		.build())
}
