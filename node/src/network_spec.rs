//! `openledger-node network-spec`: the chain spec of a new network from its operators' own keys
//! and allocations, read from a JSON file, so that no real network runs on the public
//! development keys of the built-in chains.
//!
//! ```json
//! {
//!   "name": "OpenLedger Testnet",
//!   "id": "openledger_testnet",
//!   "bootNodes": ["/dns/validator-1.example.org/tcp/30333/p2p/12D3KooW..."],
//!   "pace": "Standard",
//!   "sudo": null,
//!   "validators": [
//!     { "account": "5Grw...", "aura": "5Grw...", "grandpa": "5FA9..." }
//!   ],
//!   "endowments": [{ "account": "5FHn...", "open": "1000" }]
//! }
//! ```
//!
//! `pace` (`Standard` or `Fast`; default `Standard`) and `sudo` (default none) are optional; a
//! network without sudo changes only by referendum. The rewards pool gets what the endowments
//! leave of the fixed supply.

use crate::chain_spec::{has_public_keys, properties, wasm_binary, ChainSpec};
use openledger_runtime::{
	currency::parse_open,
	genesis_config_presets::{network_genesis, Pace},
	AccountId, Balance,
};
use sc_network::config::MultiaddrWithPeerId;
use sc_service::ChainType;
use serde::Deserialize;
use sp_core::{
	crypto::{
		default_ss58_version, set_default_ss58_version, Ss58AddressFormatRegistry, Ss58Codec,
	},
	ed25519, sr25519,
};
use std::path::PathBuf;

/// The command's arguments.
#[derive(Debug, clap::Parser)]
pub struct NetworkSpecCmd {
	/// The network's description: its name and id, boot nodes, validators with their session
	/// keys, endowments and governance pace (see docs/validator.md).
	#[arg(long, value_name = "FILE")]
	config: PathBuf,

	/// Print the raw chain spec (the genesis as storage), the one nodes should be started with;
	/// without it, the readable one with the genesis as a patch.
	#[arg(long)]
	raw: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NetworkConfig {
	name: String,
	id: String,
	#[serde(default)]
	boot_nodes: Vec<String>,
	#[serde(default)]
	pace: Pace,
	#[serde(default)]
	sudo: Option<String>,
	validators: Vec<ValidatorConfig>,
	#[serde(default)]
	endowments: Vec<EndowmentConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidatorConfig {
	/// Its account (SS58).
	account: String,
	/// Its Aura key: sr25519, SS58 (`key generate --scheme sr25519`).
	aura: String,
	/// Its GRANDPA key: ed25519, SS58 (`key inspect --scheme ed25519` of the same secret).
	grandpa: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EndowmentConfig {
	account: String,
	/// OPEN, as a decimal string: "1000", "0.5".
	open: String,
}

impl NetworkSpecCmd {
	/// Prints the chain spec, or says which part of the file is wrong.
	pub fn run(&self) -> sc_cli::Result<()> {
		let json = self.spec().map_err(|e| format!("{}: {e}", self.config.display()))?;
		println!("{json}");
		Ok(())
	}

	fn spec(&self) -> Result<String, String> {
		let text = std::fs::read_to_string(&self.config).map_err(|e| e.to_string())?;
		let config: NetworkConfig = serde_json::from_str(&text).map_err(|e| e.to_string())?;
		if has_public_keys(&config.id) {
			return Err(format!("{} is the id of a built-in development chain", config.id));
		}
		let validators = config
			.validators
			.iter()
			.map(|v| {
				Ok((
					account(&v.account)?,
					public::<sr25519::Public>("aura", &v.aura)?,
					public::<ed25519::Public>("grandpa", &v.grandpa)?,
				))
			})
			.collect::<Result<Vec<_>, String>>()?;
		let endowments = config
			.endowments
			.iter()
			.map(|e| Ok((account(&e.account)?, open(&e.open)?)))
			.collect::<Result<Vec<_>, String>>()?;
		let sudo = config.sudo.as_deref().map(account).transpose()?;
		// The patch goes to the runtime's genesis builder as JSON, whose addresses the runtime
		// reads in the generic SS58 format only (its own, 2729, is not in the SS58 registry).
		let ours = default_ss58_version();
		set_default_ss58_version(Ss58AddressFormatRegistry::SubstrateAccount.into());
		let patch = network_genesis(validators, endowments, sudo, config.pace);
		set_default_ss58_version(ours);
		let patch = patch?;
		let boot_nodes = config
			.boot_nodes
			.iter()
			.map(|node| node.parse::<MultiaddrWithPeerId>().map_err(|e| format!("{node}: {e}")))
			.collect::<Result<Vec<_>, String>>()?;
		let spec = ChainSpec::builder(wasm_binary()?, Default::default())
			.with_name(&config.name)
			.with_id(&config.id)
			.with_chain_type(ChainType::Live)
			.with_genesis_config_patch(patch)
			.with_properties(properties())
			.with_protocol_id(&config.id)
			.with_boot_nodes(boot_nodes)
			.build();
		sc_service::ChainSpec::as_json(&spec, self.raw)
	}
}

fn account(ss58: &str) -> Result<AccountId, String> {
	AccountId::from_ss58check(ss58).map_err(|e| format!("account {ss58}: {e:?}"))
}

fn public<P: Ss58Codec>(what: &str, ss58: &str) -> Result<P, String> {
	P::from_ss58check(ss58).map_err(|e| format!("{what} key {ss58}: {e:?}"))
}

/// "1.5" OPEN → the smallest unit.
fn open(amount: &str) -> Result<Balance, String> {
	parse_open(amount).ok_or_else(|| format!("not an amount of OPEN: {amount}"))
}
