//! The chain's money rules against the party that plays every role: trading with oneself must
//! lose OPEN, whatever the fee, the fee split and the emission governance chooses
//! (docs/economics.md).

use crate::common::{
	bond_call, new_ext, output_base_call, publish_datanet, register_model_call, run_signed,
	run_to_block,
};
use frame_support::traits::{fungible::Inspect, Get};
use openledger_runtime::{
	currency::{MILLI_OPEN, OPEN},
	Attribution, Balances, Rewards, Runtime, RuntimeCall, RuntimeOrigin, System,
};
use pallet_attribution::{AttributionEntry, FeeSplit};
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::Ferdie;
use sp_runtime::Perbill;

/// Ferdie contributes to Datanet 0 (Alice's), registers model 0 on it at `fee`, and serves it
/// himself.
fn ferdie_owns_everything(fee: u128) {
	publish_datanet(&[Ferdie]);
	let register = register_model_call(b"self-llm", fee);
	let serve = RuntimeCall::Models(pallet_models::Call::authorize_provider {
		model: 0,
		provider: Ferdie.to_account_id(),
	});
	let (_, results) = run_signed(vec![
		(Ferdie.pair(), register),
		(Ferdie.pair(), serve),
		(Ferdie.pair(), bond_call()),
		(Ferdie.pair(), output_base_call()),
	]);
	assert!(results.iter().all(Result::is_ok), "{results:?}");
}

/// Ferdie pays for `count` inferences of his model and settles each with the whole data share
/// to his contribution, through the pallets' calls (no transaction fees: the loss shown is the
/// rules', not the fees').
fn trade_with_himself(count: u32) {
	let ferdie = RuntimeOrigin::signed(Ferdie.to_account_id());
	for _ in 0..count {
		let id = pallet_attribution::NextInferenceId::<Runtime>::get();
		Attribution::request_inference(ferdie.clone(), 0, u128::MAX, H256::zero()).unwrap();
		let everything = vec![AttributionEntry { contribution: 0, share: Perbill::one() }];
		Attribution::settle_inference(
			ferdie.clone(),
			id,
			H256::zero(),
			everything.try_into().unwrap(),
		)
		.unwrap();
	}
}

#[test]
fn trading_with_oneself_loses_at_every_fee_split_and_emission() {
	let split = |pool, model, provider, data| FeeSplit {
		pool: Perbill::from_percent(pool),
		model: Perbill::from_percent(model),
		provider: Perbill::from_percent(provider),
		data: Perbill::from_percent(data),
	};
	let splits = [
		split(10, 20, 20, 50),
		split(1, 0, 0, 99),
		split(1, 33, 33, 33),
		split(50, 0, 0, 50),
		split(100, 0, 0, 0),
	];
	// A free model (charged the least fee), a thousandth of an OPEN, one OPEN, ten thousand.
	for fee in [0, MILLI_OPEN, OPEN, 10_000 * OPEN] {
		for split in splits {
			// One OPEN an epoch, and the most governance may set.
			for highest in [false, true] {
				new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
					// Parameters the runtime reads from storage.
					let least = Attribution::least_fee();
					let epoch: u32 = <Runtime as pallet_rewards::Config>::EpochLength::get();
					let emission = if highest {
						<Runtime as pallet_rewards::Config>::MaxEmissionPerEpoch::get()
					} else {
						OPEN
					};
					ferdie_owns_everything(fee);
					Attribution::set_fee_split(RuntimeOrigin::root(), split).unwrap();
					Rewards::set_emission(RuntimeOrigin::root(), emission).unwrap();
					let ferdie = Ferdie.to_account_id();
					let before = Balances::total_balance(&ferdie);
					let pool_before =
						Balances::total_balance(&openledger_runtime::configs::RewardsPool::get());

					// With nobody else active in the epoch, Ferdie's scores are all of them.
					trade_with_himself(3);
					run_to_block((System::block_number() / epoch + 1) * epoch);
					let rewards = Rewards::pending(ferdie.clone());
					if rewards.total > 0 {
						Rewards::claim(RuntimeOrigin::signed(ferdie.clone())).unwrap();
					}

					let after = Balances::total_balance(&ferdie);
					let paid = 3 * fee.max(least);
					let pool_part = 3 * split.pool.mul_floor(fee.max(least));
					let case = format!("fee {fee}, {split:?}, emission {emission}");
					assert!(after < before, "{case}: Ferdie lost nothing");
					// He lost at least the tenth of the pool's part that the emission never repays.
					assert!(before - after >= pool_part / 10, "{case}: lost {}", before - after);
					assert!(rewards.emission <= pool_part * 9 / 10, "{case}");
					// And what he lost is the pool's, not burnt.
					let pool_after =
						Balances::total_balance(&openledger_runtime::configs::RewardsPool::get());
					assert_eq!(pool_after - pool_before, before - after, "{case}: paid {paid}");
				});
			}
		}
	}
}
