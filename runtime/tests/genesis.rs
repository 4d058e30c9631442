//! Genesis: the fixed OPEN supply, the rewards pool, the validators of each preset, and the pace
//! of its waits.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::new_ext;
use frame_support::traits::Get;
use openledger_runtime::{
	configs::{RewardsPool, RewardsPot},
	currency::{EXISTENTIAL_DEPOSIT, OPEN, TOTAL_SUPPLY},
	genesis_config_presets::{endowed_accounts, DEV_ENDOWMENT, LOCAL_FAST_GOVERNANCE_PRESET},
	Aura, Balances, Grandpa, Runtime,
};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

#[test]
fn total_issuance_is_exactly_one_billion_open() {
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, LOCAL_FAST_GOVERNANCE_PRESET] {
		new_ext(preset).execute_with(|| {
			assert_eq!(Balances::total_issuance(), 1_000_000_000 * OPEN, "{preset}");
			assert_eq!(TOTAL_SUPPLY, 1_000_000_000 * OPEN);
		});
	}
}

#[test]
fn the_rewards_pool_holds_what_dev_accounts_do_not() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let endowed = endowed_accounts();
		for account in &endowed {
			assert_eq!(Balances::free_balance(account), DEV_ENDOWMENT);
		}
		// The rewards pot starts with the existential deposit it must always keep.
		assert_eq!(Balances::free_balance(RewardsPot::get()), EXISTENTIAL_DEPOSIT);
		let pool = TOTAL_SUPPLY - DEV_ENDOWMENT * endowed.len() as u128 - EXISTENTIAL_DEPOSIT;
		assert_eq!(Balances::free_balance(RewardsPool::get()), pool);
		assert!(pool > 900_000_000 * OPEN);
	});
}

/// The amount in a cell of a docs table: `987,999,999.99 (the rest)` is 987,999,999.99 OPEN.
fn open_in_cell(cell: &str) -> u128 {
	let number: String = cell.split_whitespace().next().unwrap_or_default().replace(',', "");
	let (whole, fraction) = number.split_once('.').unwrap_or((&number, ""));
	let scale = 10u128.pow(18 - fraction.len() as u32);
	whole.parse::<u128>().unwrap() * OPEN + fraction.parse::<u128>().unwrap_or(0) * scale
}

#[test]
fn the_genesis_table_of_the_economics_doc_is_the_genesis() {
	let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/economics.md"))
		.expect("docs/economics.md");
	// The OPEN column of the table row whose account column contains `label`.
	let row = |label: &str| -> (String, u128) {
		let line = doc
			.lines()
			.find(|line| line.starts_with("| ") && line.contains(label))
			.unwrap_or_else(|| panic!("a row for {label}"));
		let cells: Vec<&str> = line.split('|').map(str::trim).collect();
		(cells[1].to_string(), open_in_cell(cells[2]))
	};
	let (accounts, endowment) = row("well-known development accounts");
	let count: usize = accounts.split_whitespace().find_map(|word| word.parse().ok()).unwrap();
	let (_, pot) = row("**rewards pot**");
	let (_, pool) = row("**rewards pool**");
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, LOCAL_FAST_GOVERNANCE_PRESET] {
		new_ext(preset).execute_with(|| {
			let endowed = endowed_accounts();
			assert_eq!(endowed.len(), count, "{preset}: the number of endowed accounts");
			for account in &endowed {
				assert_eq!(Balances::free_balance(account), endowment, "{preset}");
			}
			assert_eq!(Balances::free_balance(RewardsPot::get()), pot, "{preset}: the pot");
			assert_eq!(Balances::free_balance(RewardsPool::get()), pool, "{preset}: the pool");
			assert_eq!(endowment * count as u128 + pot + pool, TOTAL_SUPPLY);
		});
	}
}

#[test]
fn every_preset_is_offered_and_builds() {
	let names = openledger_runtime::genesis_config_presets::preset_names();
	assert_eq!(names.len(), 3);
	for name in names {
		let id: &str = name.as_ref();
		new_ext(id).execute_with(|| assert!(Balances::total_issuance() > 0, "{id}"));
	}
}

#[test]
fn development_has_one_validator_and_local_testnet_four() {
	for (preset, count) in [
		(DEV_RUNTIME_PRESET, 1),
		(LOCAL_TESTNET_RUNTIME_PRESET, 4),
		(LOCAL_FAST_GOVERNANCE_PRESET, 4),
	] {
		new_ext(preset).execute_with(|| {
			assert_eq!(pallet_validator_set::Validators::<Runtime>::get().len(), count);
			assert_eq!(pallet_session::Validators::<Runtime>::get().len(), count);
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), count);
			assert_eq!(Grandpa::grandpa_authorities().len(), count);
			assert_eq!(Aura::authorities_len(), count);
		});
	}
}

#[test]
fn development_chains_wait_blocks_where_real_networks_wait_minutes() {
	use openledger_runtime::time::{HOURS, MINUTES};
	let waits = || {
		(
			<Runtime as pallet_datanets::Config>::WithdrawalDelay::get(),
			<Runtime as pallet_attribution::Config>::RefundTimeout::get(),
			<Runtime as pallet_rewards::Config>::EpochLength::get(),
		)
	};
	new_ext(LOCAL_TESTNET_RUNTIME_PRESET)
		.execute_with(|| assert_eq!(waits(), (10 * MINUTES, HOURS, HOURS)));
	for preset in [DEV_RUNTIME_PRESET, LOCAL_FAST_GOVERNANCE_PRESET] {
		new_ext(preset).execute_with(|| assert_eq!(waits(), (2, 10, 50)));
	}
}

/// A genesis state built from `patch` over the default config, as the node builds a chain spec
/// that carries its own patch.
fn ext_of(patch: serde_json::Value) -> sp_io::TestExternalities {
	use sp_runtime::BuildStorage;
	let mut config = serde_json::to_value(openledger_runtime::RuntimeGenesisConfig::default())
		.expect("the default config serializes");
	crate::common::json_merge(&mut config, patch);
	let config: openledger_runtime::RuntimeGenesisConfig =
		serde_json::from_value(config).expect("the patch fits the config");
	sp_io::TestExternalities::new(config.build_storage().expect("the genesis builds"))
}

#[test]
fn a_network_starts_from_its_operators_keys_with_the_whole_supply() {
	use openledger_runtime::genesis_config_presets::{network_genesis, Pace};
	use sp_core::{ed25519, sr25519, Pair};
	let operator = |seed: &str| {
		let account = sr25519::Pair::from_string(seed, None).unwrap().public();
		let grandpa = ed25519::Pair::from_string(seed, None).unwrap().public();
		(openledger_runtime::AccountId::from(account), account, grandpa)
	};
	let (one, two) = (operator("//operator-one"), operator("//operator-two"));
	let treasury = operator("//treasury").0;
	let validators = vec![one.clone(), two.clone()];
	let endowments = vec![(one.0.clone(), 10 * OPEN), (treasury.clone(), 1_000 * OPEN)];
	let patch = network_genesis(validators.clone(), endowments.clone(), None, Pace::Standard)
		.expect("a valid network");
	ext_of(patch).execute_with(|| {
		assert_eq!(Balances::total_issuance(), TOTAL_SUPPLY);
		assert_eq!(Balances::free_balance(&treasury), 1_000 * OPEN);
		assert_eq!(
			Balances::free_balance(RewardsPool::get()),
			TOTAL_SUPPLY - 1_010 * OPEN - EXISTENTIAL_DEPOSIT
		);
		assert_eq!(Balances::free_balance(Sr25519Keyring::Alice.to_account_id()), 0);
		assert_eq!(pallet_validator_set::Validators::<Runtime>::get().len(), 2);
		let aura = pallet_aura::Authorities::<Runtime>::get().into_inner();
		assert_eq!(aura, vec![one.1.into(), two.1.into()]);
		let grandpa: Vec<_> = Grandpa::grandpa_authorities().into_iter().map(|(k, _)| k).collect();
		assert_eq!(grandpa, vec![one.2.into(), two.2.into()]);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_eq!(<Runtime as pallet_attribution::Config>::RefundTimeout::get(), 600);
	});

	// What is refused, with its reason.
	let refused = |validators, endowments: Vec<(_, u128)>| {
		network_genesis(validators, endowments, None, Pace::Standard).unwrap_err()
	};
	assert!(refused(vec![], vec![]).contains("at least one validator"));
	assert!(refused(vec![one.clone(), one.clone()], vec![]).contains("twice among the validators"));
	let same_keys = (two.0.clone(), one.1, one.2);
	assert!(refused(vec![one.clone(), same_keys], vec![]).contains("share a session key"));
	let twice = vec![(treasury.clone(), OPEN), (treasury.clone(), OPEN)];
	assert!(refused(vec![one.clone()], twice).contains("endowed twice"));
	assert!(refused(vec![one.clone()], vec![(treasury.clone(), 1)]).contains("existential"));
	let too_much = vec![(treasury.clone(), TOTAL_SUPPLY - EXISTENTIAL_DEPOSIT)];
	assert!(refused(vec![one.clone()], too_much).contains("more than"));
	// Exactly what the supply leaves is fine: the pool keeps its existential deposit.
	let all = vec![(treasury, TOTAL_SUPPLY - 2 * EXISTENTIAL_DEPOSIT)];
	let patch = network_genesis(vec![one], all, None, Pace::Fast).unwrap();
	ext_of(patch).execute_with(|| {
		assert_eq!(Balances::free_balance(RewardsPool::get()), EXISTENTIAL_DEPOSIT);
		assert_eq!(Balances::total_issuance(), TOTAL_SUPPLY);
	});
}
