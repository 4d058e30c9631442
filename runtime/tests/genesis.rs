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
