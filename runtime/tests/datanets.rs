//! Datanets in the real runtime, through signed transactions: deposits held under the
//! runtime's hold reasons, spam slashed into the rewards pool, versions published, and not one
//! OPEN created or lost.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{free, module_error, new_ext, produce_block, run_signed, signed};
use frame_support::traits::{fungible::InspectHold, Get};
use openledger_runtime::{
	configs::RewardsPool, currency::OPEN, Balances, Datanets, Runtime, RuntimeCall,
	RuntimeHoldReason,
};
use pallet_datanets::{
	merkle, Access, ContributionInput, ContributionStatus, HoldReason, Policy, Verdict,
};
use sp_core::{sr25519, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};
use sp_runtime::DispatchError;

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

/// Contribution `n`: `1_000 * n` bytes of content `n`.
fn item(n: u8) -> ContributionInput<Runtime> {
	ContributionInput {
		content_hash: H256::repeat_byte(n),
		size_bytes: 1_000 * u64::from(n),
		uri: b"ipfs://bafy".to_vec().try_into().unwrap(),
		metadata: b"text/csv".to_vec().try_into().unwrap(),
	}
}

/// Contributes contribution `n` plainly, at a deposit of at most 1 OPEN.
fn contribute(n: u8) -> Call {
	let ContributionInput { content_hash, size_bytes, uri, metadata } = item(n);
	Call::contribute { datanet: 0, content_hash, size_bytes, uri, metadata, max_deposit: OPEN }
}

/// Reveals a commitment to contribution `n` as [`contribute`] sends it.
fn reveal(n: u8) -> Call {
	Call::reveal { datanet: 0, contributions: vec![item(n)].try_into().unwrap(), max_deposit: OPEN }
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
		assert_eq!(module_error(results[3]), Some("DuplicateContent"));
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

/// A block holding each `(signer, call)` in this order, as a block author who sorts by tip
/// would put a front-runner's transaction before its victim's; returns each dispatch result.
fn one_block(steps: Vec<(sr25519::Pair, Call)>) -> Vec<Result<(), DispatchError>> {
	let xts = steps.iter().map(|(who, call)| signed(who, RuntimeCall::Datanets(call.clone())));
	produce_block(xts.collect())
		.into_iter()
		.map(|applied| applied.expect("the transaction is valid"))
		.collect()
}

#[test]
fn whoever_sees_a_contribution_in_the_pool_cannot_steal_it_bait_it_or_escape_its_verdict() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob, mallory) = (Alice.pair(), Bob.pair(), Charlie.pair());
		let (bob_id, mallory_id) = (Bob.to_account_id(), Charlie.to_account_id());
		let issuance = Balances::total_issuance();
		let deposit = OPEN;
		let policy = |contribution_deposit| Policy {
			access: Access::Open,
			contribution_deposit,
			max_contribution_bytes: 1 << 20,
		};
		let create = Call::create_datanet {
			name: b"medical-qa".to_vec().try_into().unwrap(),
			description: Default::default(),
			tags: Default::default(),
			policy: policy(deposit),
		};
		assert_eq!(one_block(vec![(alice.clone(), create)]), [Ok(())]);

		// Copying: Bob commits, then reveals; Mallory copies the reveal from the pool and gets
		// her copy into the same block first. Bob's claim is older: the copy gives way.
		let commitment = Datanets::commitment(&bob_id, 0, &[H256::repeat_byte(1)]);
		assert_eq!(one_block(vec![(bob.clone(), Call::commit { commitment })]), [Ok(())]);
		assert_eq!(
			one_block(vec![(mallory.clone(), contribute(1)), (bob.clone(), reveal(1))]),
			[Ok(()), Ok(())]
		);
		assert!(Datanets::contribution(0).is_none(), "the copy is gone");
		assert_eq!(Datanets::contribution(1).map(|c| c.contributor), Some(bob_id.clone()));
		assert_eq!(held(HoldReason::ContributionDeposit, &mallory_id), 0);
		assert_eq!(held(HoldReason::CommitmentDeposit, &bob_id), 0);

		// Baiting: the owner raises the deposit to most of Bob's balance just before his
		// contribution, to slash half of it as spam. Bob agreed to `deposit`, no more.
		let bait = Call::set_policy { datanet: 0, policy: policy(free(&bob_id) - OPEN) };
		let results = one_block(vec![(alice.clone(), bait), (bob.clone(), contribute(2))]);
		assert_eq!(results[0], Ok(()));
		assert_eq!(module_error(results[1]), Some("DepositAboveMaximum"));
		assert_eq!(held(HoldReason::ContributionDeposit, &bob_id), deposit);
		let restore = Call::set_policy { datanet: 0, policy: policy(deposit) };
		assert_eq!(one_block(vec![(alice.clone(), restore)]), [Ok(())]);

		// Escaping a verdict: Mallory spams, sees the spam verdict coming and asks to withdraw
		// first. The verdict still lands and slashes; the withdrawal then has nothing to take.
		assert_eq!(one_block(vec![(mallory.clone(), contribute(3))]), [Ok(())]);
		let spam = Call::review { contribution: 2, verdict: Verdict::RejectAsSpam };
		let escape = Call::withdraw { contribution: 2 };
		let results = one_block(vec![(mallory.clone(), escape.clone()), (alice.clone(), spam)]);
		assert_eq!(results, [Ok(()), Ok(())]);
		let slashed =
			openledger_runtime::System::events().into_iter().find_map(|r| match r.event {
				openledger_runtime::RuntimeEvent::Datanets(
					pallet_datanets::Event::ContributionRejected { slashed, .. },
				) => Some(slashed),
				_ => None,
			});
		assert_eq!(slashed, Some(deposit / 2));
		for _ in 0..<Runtime as pallet_datanets::Config>::WithdrawalDelay::get() {
			produce_block(vec![]);
		}
		assert_eq!(module_error(one_block(vec![(mallory, escape)])[0]), Some("NotPending"));
		assert_eq!(held(HoldReason::ContributionDeposit, &mallory_id), 0);
		assert_eq!(
			Datanets::contribution(2).map(|c| c.status),
			Some(ContributionStatus::Rejected { spam: true })
		);

		assert_eq!(Balances::total_issuance(), issuance);
		Datanets::do_try_state().expect("the pallet's invariants hold");
	});
}
