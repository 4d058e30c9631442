//! Genesis presets: the initial state of the `development`, `local_testnet` and
//! `local_testnet_fast_governance` chains.
//!
//! | preset | validators | sudo | governance |
//! |---|---|---|---|
//! | `development` | Alice | Alice | fast (periods of a few blocks) |
//! | `local_testnet` | Alice, Bob, Charlie, Dave | none | standard (production periods) |
//! | `local_testnet_fast_governance` | Alice, Bob, Charlie, Dave | none | fast |
//!
//! The local presets are production-like: nothing but a referendum can change the chain.
//!
//! All three mint exactly [`TOTAL_SUPPLY`]: every well-known development account (Alice..Ferdie)
//! gets [`DEV_ENDOWMENT`], the rewards pot (which holds claimable rewards) the existential
//! deposit it must keep, and the rest goes to the community [`RewardsPool`]. Their keys are
//! public: they are for development only, and the node warns when it runs one of them.
//!
//! A real network's genesis comes from its operators' own keys and allocations through
//! [`network_genesis`] (the node's `network-spec` subcommand; docs/validator.md).

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	configs::{RewardsPool, RewardsPot},
	currency::{EXISTENTIAL_DEPOSIT, OPEN, TOTAL_SUPPLY},
	AccountId, Balance, BalancesConfig, OriginsConfig, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, ValidatorSetConfig,
};
pub use pallet_governance_origins::Pace;

/// The preset of a four-validator local network with governance periods of a few blocks, for
/// rehearsing referenda and runtime upgrades.
pub const LOCAL_FAST_GOVERNANCE_PRESET: &str = "local_testnet_fast_governance";

/// What each well-known development account starts with: 1,000,000 OPEN.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * OPEN;

/// A validator's account and its session keys, derived from a development seed.
fn dev_validator(name: Sr25519Keyring) -> (AccountId, SessionKeys) {
	let grandpa = match name {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		_ => Ed25519Keyring::Ferdie,
	};
	let keys = SessionKeys {
		aura: AuraId::from(name.public()),
		grandpa: GrandpaId::from(grandpa.public()),
	};
	(name.to_account_id(), keys)
}

/// The well-known development accounts that are endowed at genesis.
pub fn endowed_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// The genesis balances: [`DEV_ENDOWMENT`] each, the existential deposit to the rewards pot,
/// the remainder of [`TOTAL_SUPPLY`] to the rewards pool.
pub fn genesis_balances() -> Vec<(AccountId, Balance)> {
	with_pot_and_pool(endowed_accounts().into_iter().map(|a| (a, DEV_ENDOWMENT)).collect())
}

/// `endowments`, then the rewards pot with the existential deposit and the rewards pool with
/// the rest of [`TOTAL_SUPPLY`].
fn with_pot_and_pool(mut endowments: Vec<(AccountId, Balance)>) -> Vec<(AccountId, Balance)> {
	let endowed = endowments
		.iter()
		.fold(EXISTENTIAL_DEPOSIT, |sum: Balance, (_, b)| sum.saturating_add(*b));
	endowments.push((RewardsPot::get(), EXISTENTIAL_DEPOSIT));
	endowments.push((RewardsPool::get(), TOTAL_SUPPLY.saturating_sub(endowed)));
	endowments
}

fn genesis(validators: Vec<Sr25519Keyring>, sudo: Option<AccountId>, pace: Pace) -> Value {
	let validators: Vec<_> = validators.into_iter().map(dev_validator).collect();
	genesis_of(validators, genesis_balances(), sudo, pace)
}

/// The genesis patch of a network whose operators bring their own keys and allocations:
/// `validators` (each an account with its Aura and GRANDPA keys), `endowments` (accounts and
/// amounts in the smallest unit), an optional sudo key, and the governance pace. The rewards
/// pot gets the existential deposit and the rewards pool the rest of [`TOTAL_SUPPLY`], as in
/// the presets.
///
/// Refuses, with the reason: no validator, an account twice among the validators or among the
/// endowments, an endowment below the existential deposit, endowments above what the supply
/// leaves once the pot and the pool have their existential deposits, or two validators with
/// one key.
pub fn network_genesis(
	validators: Vec<(AccountId, sp_core::sr25519::Public, sp_core::ed25519::Public)>,
	endowments: Vec<(AccountId, Balance)>,
	sudo: Option<AccountId>,
	pace: Pace,
) -> Result<Value, alloc::string::String> {
	use alloc::{collections::BTreeSet, format};
	use codec::Encode;
	fn repeats<T: Encode>(mut items: impl Iterator<Item = T>) -> bool {
		let mut seen = BTreeSet::new();
		!items.all(|item| seen.insert(item.encode()))
	}
	if validators.is_empty() {
		return Err("a network needs at least one validator".into());
	}
	if repeats(validators.iter().map(|(account, ..)| account)) {
		return Err("an account is listed twice among the validators".into());
	}
	if repeats(validators.iter().map(|(_, aura, _)| aura)) ||
		repeats(validators.iter().map(|(.., grandpa)| grandpa))
	{
		return Err("two validators share a session key".into());
	}
	if repeats(endowments.iter().map(|(account, _)| account)) {
		return Err("an account is endowed twice".into());
	}
	if let Some((who, amount)) = endowments.iter().find(|(_, b)| *b < EXISTENTIAL_DEPOSIT) {
		return Err(format!(
			"{who:?} is endowed {amount}, below the existential deposit of {EXISTENTIAL_DEPOSIT}"
		));
	}
	let reserved = EXISTENTIAL_DEPOSIT.saturating_mul(2);
	let total = endowments.iter().fold(0, |sum: Balance, (_, b)| sum.saturating_add(*b));
	if total > TOTAL_SUPPLY.saturating_sub(reserved) {
		return Err(format!(
			"the endowments add up to {total}, more than the {} the supply leaves",
			TOTAL_SUPPLY.saturating_sub(reserved)
		));
	}
	let validators = validators.into_iter().map(|(a, aura, grandpa)| {
		(a, SessionKeys { aura: AuraId::from(aura), grandpa: GrandpaId::from(grandpa) })
	});
	Ok(genesis_of(validators.collect(), with_pot_and_pool(endowments), sudo, pace))
}

fn genesis_of(
	validators: Vec<(AccountId, SessionKeys)>,
	balances: Vec<(AccountId, Balance)>,
	sudo: Option<AccountId>,
	pace: Pace,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		validator_set: ValidatorSetConfig {
			initial_validators: validators.iter().map(|(a, _)| a.clone()).collect(),
		},
		session: SessionConfig {
			keys: validators.into_iter().map(|(a, keys)| (a.clone(), a, keys)).collect(),
		},
		sudo: SudoConfig { key: sudo },
		origins: OriginsConfig { pace },
	})
}

/// The `development` preset: Alice is the only validator and the sudo key, and referenda take
/// blocks, not days.
pub fn development_config_genesis() -> Value {
	genesis(vec![Sr25519Keyring::Alice], Some(Sr25519Keyring::Alice.to_account_id()), Pace::Fast)
}

/// The local presets: Alice, Bob, Charlie and Dave validate, and there is no sudo key. With four
/// validators one can fail and the other three still make GRANDPA's two-thirds supermajority.
pub fn local_config_genesis(pace: Pace) -> Value {
	genesis(
		vec![
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		],
		None,
		pace,
	)
}

/// The genesis patch of a preset, as JSON bytes.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(Pace::Standard),
		LOCAL_FAST_GOVERNANCE_PRESET => local_config_genesis(Pace::Fast),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|json| json.into_bytes())
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(LOCAL_FAST_GOVERNANCE_PRESET),
	]
}
