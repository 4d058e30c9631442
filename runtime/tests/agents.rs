//! Agents in the real runtime: a task's budget buys ordinary attributed inferences, settled and
//! split like any other, and every unit of it is accounted for; an expired task slashes the
//! agent's stake; a refund of an inference nobody settled reaches the task's user.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{
	bond_call, check_invariants, new_ext, output_base_call, publish_datanet, register_model_call,
	run_signed, run_to_block,
};
use frame_support::traits::{fungible::Inspect, Get};
use openledger_runtime::{
	configs::{parameters::agents::MinAgentStake, RewardsPool},
	currency::OPEN,
	Agents, Attribution, Balances, Rewards, Runtime, RuntimeCall, RuntimeOrigin, System,
};
use pallet_agents::{AgentMetadata, TaskStatus};
use pallet_attribution::AttributionEntry;
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::Perbill;

const PRICE: u128 = 5 * OPEN;
const MEDICAL_FEE: u128 = 10 * OPEN;
const GENERAL_FEE: u128 = 4 * OPEN;

fn signed(who: sp_keyring::Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

/// Datanet 0 version 1 holds Bob's contribution 0 and Charlie's 1. Dave's models 0 ("medical",
/// 10 OPEN) and 1 ("general", 4 OPEN) are trained on it and served by Eve. Ferdie's agent 0,
/// run by Alice, calls both at 5 OPEN a task.
fn world() {
	publish_datanet(&[Bob, Charlie]);
	let serve = |model| {
		RuntimeCall::Models(pallet_models::Call::authorize_provider {
			model,
			provider: Eve.to_account_id(),
		})
	};
	let (_, results) = run_signed(vec![
		(Dave.pair(), register_model_call(b"medical", MEDICAL_FEE)),
		(Dave.pair(), register_model_call(b"general", GENERAL_FEE)),
		(Dave.pair(), serve(0)),
		(Dave.pair(), serve(1)),
		(Eve.pair(), bond_call()),
		(Eve.pair(), output_base_call()),
	]);
	assert!(results.iter().all(Result::is_ok), "{results:?}");
	Agents::register_agent(
		signed(Ferdie),
		Alice.to_account_id(),
		AgentMetadata {
			name: b"medic".to_vec().try_into().unwrap(),
			description_uri: Default::default(),
			endpoint_uri: Default::default(),
		},
		vec![0, 1].try_into().unwrap(),
		PRICE,
		MinAgentStake::get(),
	)
	.unwrap();
}

/// Charlie opens task `n` for agent 0 with `budget`, due `blocks` from now.
fn charlie_opens(budget: u128, blocks: u32) -> u64 {
	let id = pallet_agents::NextTaskId::<Runtime>::get();
	let deadline = System::block_number() + blocks;
	Agents::open_task(signed(Charlie), 0, budget, PRICE, H256::zero(), deadline).unwrap();
	id
}

/// Alice buys an inference of `model` for `task`; returns its id.
fn buy(task: u64, model: u32, request: u8) -> u64 {
	let id = pallet_attribution::NextInferenceId::<Runtime>::get();
	Agents::buy_inference(signed(Alice), task, model, u128::MAX, H256::repeat_byte(request))
		.unwrap();
	id
}

#[test]
fn every_unit_of_a_task_s_budget_reaches_the_agent_the_models_the_provider_the_data_or_the_user() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		world();
		let issuance = Balances::total_issuance();
		let charlie = Charlie.to_account_id();
		let charlie_before = Balances::total_balance(&charlie);
		let pool_before = Balances::total_balance(&RewardsPool::get());

		let task = charlie_opens(50 * OPEN, 20);
		let medical = buy(task, 0, 1);
		let general = buy(task, 1, 2);
		// Eve serves both: 60 % of the data fee to Bob's contribution, 40 % to Charlie's.
		let attribution = || {
			vec![
				AttributionEntry { contribution: 0, share: Perbill::from_percent(60) },
				AttributionEntry { contribution: 1, share: Perbill::from_percent(40) },
			]
			.try_into()
			.unwrap()
		};
		for inference in [medical, general] {
			Attribution::settle_inference(signed(Eve), inference, H256::zero(), attribution())
				.unwrap();
		}
		Agents::complete_task(signed(Alice), task, H256::repeat_byte(9)).unwrap();

		// The task's inferences are ordinary records whose consumer is the task's user.
		let records = [medical, general].map(|id| Attribution::record(id).unwrap());
		assert!(records.iter().all(|r| r.consumer == charlie));
		assert_eq!(records.each_ref().map(|r| r.fee), [MEDICAL_FEE, GENERAL_FEE]);
		// Each fee split to the last unit: data, model, provider and pool.
		let split: u128 = records
			.iter()
			.map(|r| r.payout.data + r.payout.model + r.payout.provider + r.payout.pool)
			.sum();
		assert_eq!(split, MEDICAL_FEE + GENERAL_FEE);
		// The owner's fee, the models' owner, the provider and the contributors: their credits
		// and the pool's part add up to exactly what the task spent.
		let in_challenge = |who: sp_keyring::Sr25519Keyring| {
			let rewards = Rewards::rewards_of(who.to_account_id());
			rewards.in_challenge.data + rewards.in_challenge.model + rewards.in_challenge.provider
		};
		let credited =
			in_challenge(Bob) + in_challenge(Charlie) + in_challenge(Dave) + in_challenge(Eve);
		let to_pool = Balances::total_balance(&RewardsPool::get()) - pool_before;
		let owner_fee = Agents::claimable_fees(&Ferdie.to_account_id());
		assert_eq!(owner_fee, PRICE);
		assert_eq!(credited + to_pool + owner_fee, MEDICAL_FEE + GENERAL_FEE + PRICE);
		// Charlie paid exactly that; the rest of the budget is his again, and so is his
		// contribution's credit.
		assert_eq!(
			Balances::total_balance(&charlie),
			charlie_before - MEDICAL_FEE - GENERAL_FEE - PRICE
		);
		let reputation = Agents::agent(0).unwrap().reputation;
		assert_eq!((reputation.completed, reputation.inferences), (1, 2));
		assert_eq!((reputation.earned, reputation.spent_on_inferences), (PRICE, 14 * OPEN));
		let volume = Agents::epoch_volumes()[0].1;
		assert_eq!((volume.inference_fees, volume.agent_fees), (14 * OPEN, PRICE));

		Agents::claim_fees(signed(Ferdie)).unwrap();
		check_invariants(issuance).unwrap();
	});
}

#[test]
fn an_expired_task_refunds_its_user_and_slashes_the_stake_to_them_and_the_pool() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		world();
		let issuance = Balances::total_issuance();
		let charlie = Charlie.to_account_id();
		let charlie_before = Balances::total_balance(&charlie);
		let pool_before = Balances::total_balance(&RewardsPool::get());
		let task = charlie_opens(50 * OPEN, 3);
		buy(task, 1, 1);
		let deadline = Agents::task(task).unwrap().deadline;

		run_to_block(deadline + 1);
		Agents::expire_task(signed(Charlie), task).unwrap();

		// A tenth of the 100 OPEN stake: half to Charlie, half to the pool.
		let stake = MinAgentStake::get();
		assert_eq!(Agents::agent(0).unwrap().stake, stake - stake / 10);
		assert_eq!(Balances::total_balance(&charlie), charlie_before - GENERAL_FEE + stake / 20);
		assert!(Balances::total_balance(&RewardsPool::get()) >= pool_before + stake / 20);
		assert!(matches!(
			Agents::task(task).unwrap().status,
			TaskStatus::Expired { slashed, .. } if slashed == stake / 10
		));
		// The stake is below the minimum now: the agent takes no tasks until restaked.
		assert!(matches!(
			Agents::agent(0).unwrap().status,
			pallet_agents::AgentStatus::Paused(pallet_agents::PauseCause::Stake)
		));
		check_invariants(issuance).unwrap();
	});
}

#[test]
fn an_inference_nobody_settled_is_refunded_to_the_task_s_user() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		world();
		let issuance = Balances::total_issuance();
		let charlie = Charlie.to_account_id();
		let charlie_before = Balances::total_balance(&charlie);
		let task = charlie_opens(50 * OPEN, 20);
		let inference = buy(task, 0, 1);
		Agents::complete_task(signed(Alice), task, H256::zero()).unwrap();

		let timeout: u32 = <Runtime as pallet_attribution::Config>::RefundTimeout::get();
		run_to_block(System::block_number() + timeout);
		Attribution::refund(signed(Charlie), inference).unwrap();
		// He paid the agent's fee only.
		assert_eq!(Balances::total_balance(&charlie), charlie_before - PRICE);
		check_invariants(issuance).unwrap();
	});
}
