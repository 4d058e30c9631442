//! Datanets in the real runtime, through signed transactions: deposits held under the
//! runtime's hold reasons, spam slashed into the rewards pool, versions published, and not one
//! OPEN created or lost.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{free, new_ext, run_signed};
use frame_support::traits::{fungible::InspectHold, Get};
use openledger_runtime::{
	configs::RewardsPool, currency::OPEN, Balances, Datanets, Runtime, RuntimeCall,
	RuntimeHoldReason,
};
use pallet_datanets::{merkle, Access, ContributionStatus, HoldReason, Policy, Verdict};
use sp_core::{sr25519, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};
use sp_runtime::{DispatchError, ModuleError};

type Call = pallet_datanets::Call<Runtime>;

/// Runs each `(signer, call)` in a block of its own (see `crate::common::run_signed`).
fn run(steps: Vec<(sr25519::Pair, Call)>) -> (u128, Vec<Result<(), DispatchError>>) {
	run_signed(
		steps
			.into_iter()
			.map(|(who, call)| (who, RuntimeCall::Datanets(call)))
			.collect(),
	)
}

fn contribute(n: u8) -> Call {
	Call::contribute {
		datanet: 0,
		content_hash: H256::repeat_byte(n),
		size_bytes: 1_000 * u64::from(n),
		uri: b"ipfs://bafy".to_vec().try_into().unwrap(),
		metadata: b"text/csv".to_vec().try_into().unwrap(),
	}
}

fn held(reason: HoldReason, who: &openledger_runtime::AccountId) -> u128 {
	Balances::balance_on_hold(&RuntimeHoldReason::Datanets(reason), who)
}

#[test]
fn a_datanet_is_filled_reviewed_and_published_and_no_open_is_lost() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob, charlie) =
			(Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id());
		let pool = RewardsPool::get();
		let issuance = Balances::total_issuance();
		let before = (free(&alice), free(&bob), free(&charlie), free(&pool));
		let deposit = OPEN;

		let create = Call::create_datanet {
			name: b"medical-qa".to_vec().try_into().unwrap(),
			description: b"ipfs://bafydesc".to_vec().try_into().unwrap(),
			tags: vec![b"medical".to_vec().try_into().unwrap()].try_into().unwrap(),
			policy: Policy {
				access: Access::Open,
				contribution_deposit: deposit,
				max_contribution_bytes: 1 << 20,
			},
		};
		let (fees, results) = run(vec![
			(Alice.pair(), create),
			(Bob.pair(), contribute(1)),
			(Charlie.pair(), contribute(2)),
			// The same data again: refused with the pallet's named error, fee still paid.
			(Charlie.pair(), contribute(1)),
		]);
		assert_eq!(results[..3], [Ok(()), Ok(()), Ok(())]);
		let DispatchError::Module(ModuleError { message, .. }) = results[3].unwrap_err() else {
			panic!("a module error")
		};
		assert_eq!(message, Some("DuplicateContent"));
		let datanet_deposit = <Runtime as pallet_datanets::Config>::DatanetDeposit::get();
		assert_eq!(held(HoldReason::DatanetDeposit, &alice), datanet_deposit);
		assert_eq!(held(HoldReason::ContributionDeposit, &bob), deposit);
		assert_eq!(held(HoldReason::ContributionDeposit, &charlie), deposit);

		let (review_fees, results) = run(vec![
			(Alice.pair(), Call::review { contribution: 0, verdict: Verdict::Accept }),
			(Alice.pair(), Call::review { contribution: 1, verdict: Verdict::RejectAsSpam }),
			(Alice.pair(), Call::publish_version { datanet: 0 }),
		]);
		assert!(results.iter().all(Result::is_ok), "{results:?}");

		let version = Datanets::version(0, 1).expect("version 1 is published");
		assert_eq!((version.contributions, version.total_bytes), (1, 1_000));
		assert_eq!(version.merkle_root, merkle::root_of(&[H256::repeat_byte(1)]));
		assert_eq!(
			Datanets::contribution(0).unwrap().status,
			ContributionStatus::Accepted { sequence: 0 }
		);

		// Every OPEN is accounted for: the spam slash and all fees went to the pool, the
		// Datanet deposit is still held from Alice, and nothing was minted or burnt.
		let slash = deposit / 2;
		let fees = fees + review_fees;
		assert_eq!(held(HoldReason::ContributionDeposit, &bob), 0);
		assert_eq!(held(HoldReason::ContributionDeposit, &charlie), 0);
		assert_eq!(free(&pool), before.3 + fees + slash);
		assert_eq!(
			free(&alice) + free(&bob) + free(&charlie) + datanet_deposit,
			before.0 + before.1 + before.2 - fees - slash
		);
		assert_eq!(Balances::total_issuance(), issuance);
		Datanets::do_try_state().expect("the pallet's invariants hold");
	});
}
