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
				.filter(|i| matches!(i, pallet_attribution::Inference::Settled(_)))
				.count(),
		);
	});
}
