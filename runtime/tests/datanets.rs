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

/// At most what the tests' contributions hold: a review deposit of 1 OPEN and the storage
/// deposit of a short record.
const MAX_DEPOSIT: u128 = OPEN + OPEN / 10;

/// Contributes contribution `n` plainly, at a deposit of at most [`MAX_DEPOSIT`].
fn contribute(n: u8) -> Call {
	let ContributionInput { content_hash, size_bytes, uri, metadata } = item(n);
	Call::contribute {
		datanet: 0,
		content_hash,
		size_bytes,
		uri,
		metadata,
		max_deposit: MAX_DEPOSIT,
	}
}

/// Reveals a commitment to contribution `n` as [`contribute`] sends it.
fn reveal(n: u8) -> Call {
	let contributions = vec![item(n)].try_into().unwrap();
	Call::reveal { datanet: 0, contributions, max_deposit: MAX_DEPOSIT }
}

/// What a contribution of [`item`]'s shape to Datanet 0 holds while pending: the review
/// deposit and its record's storage deposit, as the runtime API tells a wallet.
fn pending_deposit() -> u128 {
	let item = item(1);
	let (uri, metadata) = (item.uri.len() as u32, item.metadata.len() as u32);
	Datanets::contribution_deposit(Alice.to_account_id(), 0, uri, metadata).expect("Datanet 0")
}

/// What contribution `id` holds now.
fn deposit_of(id: u64) -> u128 {
	Datanets::contribution(id).expect("on record").deposit
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
		let pending = pending_deposit();
		assert!(pending > deposit && pending <= MAX_DEPOSIT, "{pending}");
		assert_eq!(held(HoldReason::ContributionDeposit, &bob), pending);
		assert_eq!(held(HoldReason::ContributionDeposit, &charlie), pending);

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

		// Every OPEN is accounted for: the spam slash (half the review deposit) and all fees
		// went to the pool, the Datanet deposit is still held from Alice, both records keep
		// their storage deposits, and nothing was minted or burnt.
		let (accepted, spam) = (deposit_of(0), deposit_of(1));
		let accepted_record = Datanets::contribution(0).unwrap();
		assert_eq!(accepted, Datanets::record_deposit(&accepted_record));
		assert!(accepted > 0 && accepted < pending - deposit + OPEN / 1000, "{accepted}");
		let slash = (pending - spam) / 2;
		let fees = fees + review_fees;
		assert_eq!(held(HoldReason::ContributionDeposit, &bob), accepted);
		assert_eq!(held(HoldReason::ContributionDeposit, &charlie), spam);
		assert_eq!(free(&pool), before.3 + fees + slash);
		assert_eq!(
			free(&alice) + free(&bob) + free(&charlie) + datanet_deposit + accepted + spam,
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
		// contribution, to slash half of it as spam. Bob agreed to `MAX_DEPOSIT`, no more.
		let bait = Call::set_policy { datanet: 0, policy: policy(free(&bob_id) - OPEN) };
		let results = one_block(vec![(alice.clone(), bait), (bob.clone(), contribute(2))]);
		assert_eq!(results[0], Ok(()));
		assert_eq!(module_error(results[1]), Some("DepositAboveMaximum"));
		assert_eq!(held(HoldReason::ContributionDeposit, &bob_id), deposit_of(1));
		let restore = Call::set_policy { datanet: 0, policy: policy(deposit) };
		assert_eq!(one_block(vec![(alice.clone(), restore)]), [Ok(())]);

		// Escaping a verdict: Mallory spams, sees the spam verdict coming and asks to withdraw
		// first. The verdict still lands and slashes; the withdrawal then has nothing to take.
		assert_eq!(one_block(vec![(mallory.clone(), contribute(3))]), [Ok(())]);
		let spam = Call::review { contribution: 2, verdict: Verdict::RejectAsSpam };
		let escape = Call::withdraw { contribution: 2 };
		let pending = deposit_of(2);
		let results = one_block(vec![(mallory.clone(), escape.clone()), (alice.clone(), spam)]);
		assert_eq!(results, [Ok(()), Ok(())]);
		let kept = deposit_of(2);
		let slashed =
			openledger_runtime::System::events().into_iter().find_map(|r| match r.event {
				openledger_runtime::RuntimeEvent::Datanets(
					pallet_datanets::Event::ContributionRejected { slashed, .. },
				) => Some(slashed),
				_ => None,
			});
		assert_eq!(slashed, Some((pending - kept) / 2));
		for _ in 0..<Runtime as pallet_datanets::Config>::WithdrawalDelay::get() {
			produce_block(vec![]);
		}
		assert_eq!(module_error(one_block(vec![(mallory, escape)])[0]), Some("NotPending"));
		// What stays is the spam record's storage deposit, held for as long as it stays.
		assert_eq!(held(HoldReason::ContributionDeposit, &mallory_id), kept);
		assert_eq!(
			Datanets::contribution(2).map(|c| c.status),
			Some(ContributionStatus::Rejected { spam: true })
		);

		assert_eq!(Balances::total_issuance(), issuance);
		Datanets::do_try_state().expect("the pallet's invariants hold");
	});
}

/// What storing a gigabyte of junk contributions costs (docs/economics.md prints this table):
/// the attacker fills a Datanet of their own with the largest records there are, in batches of
/// 64, and accepts them. Before storage deposits they got every deposit back and paid fees
/// only; now every record holds its storage deposit for as long as it stays.
#[test]
fn a_gigabyte_of_junk_holds_its_storage_deposit_for_as_long_as_it_stays() {
	use codec::Encode;
	use frame_support::dispatch::GetDispatchInfo;
	use openledger_runtime::currency::MILLI_OPEN;
	use pallet_datanets::Contribution;
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let full = |len: usize| vec![b'x'; len].try_into().unwrap();
		let junk = |n: u32| ContributionInput::<Runtime> {
			content_hash: H256(sp_io::hashing::blake2_256(&n.encode())),
			size_bytes: 1,
			uri: full(256),
			metadata: full(256),
		};
		let record = Contribution::<Runtime> {
			datanet: 0,
			contributor: Alice.to_account_id(),
			content_hash: H256::zero(),
			size_bytes: 1,
			uri: full(256),
			metadata: full(256),
			deposit: 0,
			status: ContributionStatus::Accepted { sequence: 0 },
			submitted_at: 0,
		};
		let fee = |call: Call| {
			let call = RuntimeCall::Datanets(call);
			let len = signed(&Alice.pair(), call.clone()).encoded_size() as u32;
			pallet_transaction_payment::Pallet::<Runtime>::compute_fee(
				len,
				&call.get_dispatch_info(),
				0,
			)
		};
		let batch = (0..64).map(junk).collect::<Vec<_>>().try_into().unwrap();
		let batch_fee =
			fee(Call::contribute_batch { datanet: 0, contributions: batch, max_deposit: 0 });
		let review_fee = fee(Call::review { contribution: 0, verdict: Verdict::Accept });
		let bytes = record.encoded_size() as u128;
		let records = 1_000_000_000 / bytes;
		let fees = records * (batch_fee / 64 + review_fee);
		let held = records * Datanets::record_deposit(&record);
		let open = |units: u128| units as f64 / OPEN as f64;
		println!(
			"| per {bytes}-byte record | fees {:.6} OPEN | storage deposit {:.6} OPEN |",
			open(batch_fee / 64 + review_fee),
			open(Datanets::record_deposit(&record))
		);
		println!(
			"| a gigabyte: {records} records | fees {:.0} OPEN | held {:.0} OPEN |",
			open(fees),
			open(held)
		);
		// The storage deposit is at least 10 OPEN a megabyte, and far above the fees.
		assert!(held >= 10_000 * OPEN && held > 5 * fees, "{held} {fees}");

		// The example of docs/datanets.md: a 60-byte URI and 10 bytes of metadata, accepted.
		let example = Contribution::<Runtime> {
			uri: vec![b'u'; 60].try_into().unwrap(),
			metadata: vec![b'm'; 10].try_into().unwrap(),
			..record
		};
		assert_eq!(example.encoded_size(), 177);
		assert_eq!(Datanets::record_deposit(&example), MILLI_OPEN + 177 * MILLI_OPEN / 100);
	});
}
