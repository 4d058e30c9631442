//! try-runtime-style checks on a real chain's state: every pallet's `try_state`, the total
//! issuance against what the accounts hold, every hold against its record, and every pallet's
//! storage version against its code.
//!
//! `OPENLEDGER_STATE` names a state exported by `openledger-node export-state` (a chain spec
//! with raw storage); `scripts/check-state.sh` fills a dev chain with `openledger-loadgen`,
//! exports it and runs this test on it. Without `OPENLEDGER_STATE`, the test checks the
//! development genesis.

use crate::common::{check_invariants, check_storage_versions, new_ext};
use sp_core::storage::{Storage, StorageChild};
use sp_genesis_builder::DEV_RUNTIME_PRESET;

fn unhex(text: &str) -> Vec<u8> {
	sp_core::bytes::from_hex(text).expect("hex")
}

/// The raw storage of an exported chain spec.
fn exported(path: &str) -> sp_io::TestExternalities {
	let spec: serde_json::Value =
		serde_json::from_slice(&std::fs::read(path).expect("OPENLEDGER_STATE is readable"))
			.expect("OPENLEDGER_STATE is a chain spec");
	let raw = spec.pointer("/genesis/raw").expect("the chain spec has raw storage");
	let pairs = |v: &serde_json::Value| -> Vec<(Vec<u8>, Vec<u8>)> {
		v.as_object()
			.map(|o| {
				o.iter()
					.map(|(k, v)| (unhex(k), unhex(v.as_str().expect("hex value"))))
					.collect()
			})
			.unwrap_or_default()
	};
	let mut storage = Storage::default();
	storage.top = pairs(&raw["top"]).into_iter().collect();
	for (key, child) in raw["childrenDefault"].as_object().into_iter().flatten() {
		let info = sp_core::storage::ChildInfo::new_default(&unhex(key));
		let data = pairs(child).into_iter().collect();
		storage
			.children_default
			.insert(info.storage_key().to_vec(), StorageChild { data, child_info: info });
	}
	println!("{path}: {} top-level keys", storage.top.len());
	sp_io::TestExternalities::new(storage)
}

#[test]
fn the_state_keeps_every_invariant_and_storage_version() {
	let mut ext = match std::env::var("OPENLEDGER_STATE") {
		Ok(path) => exported(&path),
		Err(_) => new_ext(DEV_RUNTIME_PRESET),
	};
	ext.execute_with(|| {
		let issuance = pallet_balances::Pallet::<openledger_runtime::Runtime>::total_issuance();
		check_storage_versions().unwrap();
		check_invariants(issuance).unwrap();
		println!(
			"block {}: {} accounts, {} contributions, {} settled records, every check holds",
			frame_system::Pallet::<openledger_runtime::Runtime>::block_number(),
			frame_system::Account::<openledger_runtime::Runtime>::iter_keys().count(),
			pallet_datanets::Contributions::<openledger_runtime::Runtime>::iter_keys().count(),
			pallet_attribution::Inferences::<openledger_runtime::Runtime>::iter_values()
				.filter(|i| i.record().is_some())
				.count(),
		);
	});
}

/// The state a spec-103 node left (`tests/e2e/make-state-fixture.mjs` made it: contributions
/// accepted, rejected, rejected as spam, pending and being withdrawn, an archived Datanet, a
/// deprecated model), upgraded ([`upgrade_in_blocks`]); then every check.
#[test]
fn a_spec_103_state_migrates_to_storage_deposits_and_keeps_every_invariant() {
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	use openledger_runtime::Runtime;
	use pallet_datanets::{ContributionStatus, Contributions, Frontiers};
	type DatanetsPallet = pallet_datanets::Pallet<Runtime>;

	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/state-spec103.json");
	exported(path).execute_with(|| {
		let issuance = pallet_balances::Pallet::<Runtime>::total_issuance();
		assert_eq!(DatanetsPallet::on_chain_storage_version(), StorageVersion::new(0));
		let statuses = || -> Vec<ContributionStatus> {
			Contributions::<Runtime>::iter_values().map(|c| c.status).collect()
		};
		let before = statuses();
		assert!(before.contains(&ContributionStatus::Rejected { spam: false }));
		assert!(before.contains(&ContributionStatus::Rejected { spam: true }));
		assert!(before.contains(&ContributionStatus::Pending));
		// Version 0 left deposits on reviewed records that hold nothing.
		assert!(check_invariants(issuance).is_err());
		let archived: Vec<u32> = pallet_datanets::Datanets::<Runtime>::iter()
			.filter(|(_, d)| d.status == pallet_datanets::DatanetStatus::Archived)
			.map(|(id, _)| id)
			.collect();
		assert!(
			!archived.is_empty() &&
				archived.iter().all(|&id| Frontiers::<Runtime>::contains_key(id))
		);

		let last_upgrade = frame_system::LastRuntimeUpgrade::<Runtime>::get().unwrap();
		assert_eq!(last_upgrade.spec_version.0, 103);
		// Rewards' scores change unit at storage version 1: the epoch in progress closes at
		// the upgrade, by the data fees it was scored with.
		let epoch = pallet_rewards::CurrentEpoch::<Runtime>::get();
		let data_fees = pallet_rewards::CurrentTotals::<Runtime>::get().attributed_to_data;
		let blocks = upgrade_in_blocks();

		let closed = pallet_rewards::Summaries::<Runtime>::get(epoch).expect("the epoch closed");
		assert_eq!(closed.attributed_to_data, data_fees);
		assert!(pallet_rewards::CurrentEpoch::<Runtime>::get() > epoch);
		check_storage_versions().unwrap();
		check_invariants(issuance).unwrap();
		let after = statuses();
		assert_eq!(
			after.len(),
			before
				.iter()
				.filter(|s| **s != ContributionStatus::Rejected { spam: false })
				.count()
		);
		assert!(Contributions::<Runtime>::iter_values()
			.all(|c| c.status == ContributionStatus::Pending || c.deposit == 0));
		assert!(archived.iter().all(|&id| !Frontiers::<Runtime>::contains_key(id)));
		println!("{} → {} contributions in {blocks} blocks", before.len(), after.len());
	});
}

/// Upgrades an exported state as `Executive` does: the first block of this runtime runs the
/// upgrade hooks and starts the multi-block migrations, the next blocks run them. Returns how
/// many blocks that took.
fn upgrade_in_blocks() -> usize {
	use crate::common::produce_block;
	use frame_support::migrations::MultiStepMigrator;
	use openledger_runtime::{MultiBlockMigrations, Runtime};
	// The test's blocks number their slots and times from the state's block on, as
	// `produce_block` does on a fresh chain; the exported ones are the wall clock's.
	let number = frame_system::Pallet::<Runtime>::block_number();
	pallet_aura::CurrentSlot::<Runtime>::put(sp_consensus_aura::Slot::from(u64::from(number)));
	pallet_timestamp::Now::<Runtime>::put(
		u64::from(number) * openledger_runtime::time::SLOT_DURATION,
	);
	let (mut blocks, mut outcome) = (0, Vec::new());
	while blocks == 0 || MultiBlockMigrations::ongoing() {
		assert!(blocks < 100, "the migration is stuck");
		produce_block(vec![]);
		blocks += 1;
		outcome.extend(frame_system::Pallet::<Runtime>::events().into_iter().filter_map(|r| {
			match r.event {
				openledger_runtime::RuntimeEvent::MultiBlockMigrations(e) => Some(e),
				_ => None,
			}
		}));
	}
	assert!(
		outcome.contains(&pallet_migrations::Event::UpgradeCompleted),
		"the migrations completed: {outcome:?}"
	);
	let upgraded = frame_system::LastRuntimeUpgrade::<Runtime>::get().unwrap();
	assert_eq!(upgraded.spec_version.0, openledger_runtime::VERSION.spec_version);
	blocks
}

/// The state a spec-107 node left (`tests/e2e/make-state-fixture.mjs`, with the inferences it
/// pays for: one settled, two pending with their fees held on Ferdie's account), upgraded: the
/// held fees move to the escrow account (`pallet_attribution::migrations::v1`), and the
/// migrated requests settle and refund from there.
#[test]
fn a_spec_107_state_moves_held_fees_to_the_escrow_account_and_keeps_every_invariant() {
	use crate::common::{bond_call, output_base_call, run_signed, run_to_block};
	use frame_support::traits::{fungible::InspectHold, Get, GetStorageVersion, StorageVersion};
	use openledger_runtime::{Attribution, Balances, Runtime, RuntimeCall};
	use pallet_attribution::{HoldReason, Inference, Inferences};
	use sp_keyring::Sr25519Keyring::{Eve, Ferdie};

	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/state-spec107.json");
	exported(path).execute_with(|| {
		let issuance = pallet_balances::Pallet::<Runtime>::total_issuance();
		let last_upgrade = frame_system::LastRuntimeUpgrade::<Runtime>::get().unwrap();
		assert!([107, 108].contains(&last_upgrade.spec_version.0), "{last_upgrade:?}");
		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(0));
		let held: Vec<(u64, u128)> = Inferences::<Runtime>::iter()
			.filter_map(|(id, i)| match i {
				Inference::PendingHeld(p) => Some((id, p.fee)),
				_ => None,
			})
			.collect();
		assert_eq!(held.len(), 2, "two requests wait with their fees held");
		let ferdie = Ferdie.to_account_id();
		let on_hold = || Balances::balance_on_hold(&HoldReason::InferenceEscrow.into(), &ferdie);
		let fees: u128 = held.iter().map(|(_, fee)| fee).sum();
		assert_eq!(on_hold(), fees);

		let blocks = upgrade_in_blocks();
		// And on to version 2, which has no version 1 records to find.
		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(on_hold(), 0);
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(Attribution::escrow()), fees);
		assert!(held.iter().all(|(id, _)| Attribution::pending_inference(*id).is_some()));
		check_storage_versions().unwrap();
		check_invariants(issuance).unwrap();

		// Eve bonds, sets where she publishes outputs and settles the first; Ferdie takes the
		// second back after its timeout.
		let settle = RuntimeCall::Attribution(pallet_attribution::Call::settle_inference {
			inference: held[0].0,
			output_hash: sp_core::H256::repeat_byte(2),
			attribution: Default::default(),
		});
		let (_, results) = run_signed(vec![
			(Eve.pair(), bond_call()),
			(Eve.pair(), output_base_call()),
			(Eve.pair(), settle),
		]);
		assert!(results.iter().all(Result::is_ok), "{results:?}");
		let timeout = <Runtime as pallet_attribution::Config>::RefundTimeout::get();
		run_to_block(frame_system::Pallet::<Runtime>::block_number() + timeout);
		let refund =
			RuntimeCall::Attribution(pallet_attribution::Call::refund { inference: held[1].0 });
		let (_, results) = run_signed(vec![(Ferdie.pair(), refund)]);
		assert!(results.iter().all(Result::is_ok), "{results:?}");
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(Attribution::escrow()), 0);
		check_invariants(issuance).unwrap();
		println!("{} held fees moved in {blocks} blocks", held.len());
	});
}

/// A held fee below the existential deposit (version 0's least fee was 0.001 OPEN) cannot open
/// the escrow account: the migration refunds that request, and moves the next one.
#[test]
fn a_held_fee_that_cannot_open_the_escrow_account_is_refunded_by_the_migration() {
	use frame_support::traits::fungible::{InspectHold, MutateHold};
	use openledger_runtime::{Attribution, Balances, Runtime};
	use pallet_attribution::{HoldReason, Inference, Inferences};
	use sp_keyring::Sr25519Keyring::Ferdie;

	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/state-spec107.json");
	exported(path).execute_with(|| {
		let issuance = pallet_balances::Pallet::<Runtime>::total_issuance();
		let ferdie = Ferdie.to_account_id();
		let mut held: Vec<u64> = Inferences::<Runtime>::iter()
			.filter_map(|(id, i)| matches!(i, Inference::PendingHeld(_)).then_some(id))
			.collect();
		held.sort();
		// The first request in id order asked 0.001 OPEN, as a free model's did under spec 107.
		let small = openledger_runtime::currency::MILLI_OPEN;
		let Some(Inference::PendingHeld(mut first)) = Inferences::<Runtime>::get(held[0]) else {
			panic!("a held request")
		};
		let reason = HoldReason::InferenceEscrow.into();
		Balances::release(
			&reason,
			&ferdie,
			first.fee - small,
			frame_support::traits::tokens::Precision::Exact,
		)
		.unwrap();
		first.fee = small;
		Inferences::<Runtime>::insert(held[0], Inference::PendingHeld(first));
		let free_before = Balances::free_balance(&ferdie);

		upgrade_in_blocks();
		assert!(Inferences::<Runtime>::get(held[0]).is_none(), "refunded");
		assert_eq!(Balances::free_balance(&ferdie), free_before + small);
		assert!(Attribution::pending_inference(held[1]).is_some(), "the next one moved");
		assert_eq!(Balances::balance_on_hold(&reason, &ferdie), 0);
		check_invariants(issuance).unwrap();
	});
}

/// The state a spec-110 node left (`tests/e2e/make-state-fixture.mjs`: two inferences settled
/// by Eve, the first challenged by Charlie and the challenge open, two pending), upgraded: its
/// records, which version 2 cannot read as they are stored, become `Unstated` (anyone may
/// challenge them, as before) by `pallet_attribution::migrations::v2`; the open challenge is
/// decided; a pending request settles with its output URI.
#[test]
fn a_spec_110_state_gives_its_records_an_unstated_disclosure_and_keeps_every_invariant() {
	use crate::common::{bond_call, output_base_call, run_signed, run_to_block};
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	use openledger_runtime::{Attribution, Runtime, RuntimeCall};
	use pallet_attribution::{Challenges, Inference, Inferences, OutputDisclosure};
	use sp_keyring::Sr25519Keyring::{Charlie, Eve};

	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/state-spec110.json");
	exported(path).execute_with(|| {
		let issuance = pallet_balances::Pallet::<Runtime>::total_issuance();
		let last_upgrade = frame_system::LastRuntimeUpgrade::<Runtime>::get().unwrap();
		assert!([110, 111].contains(&last_upgrade.spec_version.0), "{last_upgrade:?}");
		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(1));
		let ids: Vec<u64> = Inferences::<Runtime>::iter_keys().collect();
		let stored = |id: &u64| {
			frame_support::storage::unhashed::get_raw(&Inferences::<Runtime>::hashed_key_for(id))
		};
		let mut records: Vec<u64> =
			ids.iter().filter(|id| stored(id).unwrap()[0] == 3).copied().collect();
		records.sort();
		assert_eq!(records.len(), 2, "two challengeable records");
		assert!(records.iter().all(|id| Inferences::<Runtime>::get(id).is_none()));
		let pending: Vec<u64> = ids
			.iter()
			.filter(|id| Attribution::pending_inference(**id).is_some())
			.copied()
			.collect();
		assert_eq!(pending.len(), 2, "two requests wait");
		let open: Vec<(u64, u32)> = Challenges::<Runtime>::iter_keys().collect();
		assert_eq!(open, vec![(records[0], 0)]);

		let blocks = upgrade_in_blocks();
		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(2));
		for id in &records {
			let Some(Inference::Challengeable(settled)) = Inferences::<Runtime>::get(id) else {
				panic!("record {id} reads as a challengeable record")
			};
			assert_eq!(settled.disclosure, OutputDisclosure::Unstated);
			assert_eq!(Attribution::disclosure(*id), Some(OutputDisclosure::Unstated));
		}
		assert!(pending.iter().all(|id| Attribution::pending_inference(*id).is_some()));
		check_storage_versions().unwrap();
		check_invariants(issuance).unwrap();

		// Charlie's challenge, unanswered, is upheld once its response period is over.
		let respond_by = Challenges::<Runtime>::get(records[0], 0).unwrap().respond_by;
		run_to_block(respond_by.max(frame_system::Pallet::<Runtime>::block_number()) + 1);
		let decide = RuntimeCall::Attribution(pallet_attribution::Call::decide_challenge {
			inference: records[0],
			challenge: 0,
		});
		// Eve, slashed below the minimum bond, bonds again, publishes outputs from now on, and
		// settles a pending request.
		let settle = RuntimeCall::Attribution(pallet_attribution::Call::settle_inference {
			inference: pending[0],
			output_hash: sp_core::H256::repeat_byte(3),
			attribution: Default::default(),
		});
		let (_, results) = run_signed(vec![
			(Charlie.pair(), decide),
			(Eve.pair(), bond_call()),
			(Eve.pair(), output_base_call()),
			(Eve.pair(), settle),
		]);
		assert!(results.iter().all(Result::is_ok), "{results:?}");
		let Some(Inference::Challengeable(voided)) = Inferences::<Runtime>::get(records[0]) else {
			panic!("kept")
		};
		assert!(voided.voided);
		let uri = format!("https://outputs.example/{}", pending[0]).into_bytes();
		assert_eq!(Attribution::disclosure(pending[0]), Some(OutputDisclosure::Published(uri)));
		check_invariants(issuance).unwrap();
		println!("{} records migrated in {blocks} blocks", records.len());
	});
}
