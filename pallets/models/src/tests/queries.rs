//! The reads behind the `ModelsApi` runtime API.

use crate::{mock::*, LineageEntry, ModelKind, MAX_PAGE_SIZE};
use frame_support::assert_ok;
use sp_core::H256;

#[test]
fn models_versions_and_effective_lineage_read_back() {
	build_and_execute(|| {
		let base = register_base(ALICE);
		let adapter = register(BOB, ModelKind::Adapter { base }, &[(1, 1)], 2);
		assert_ok!(Models::publish_version(
			RuntimeOrigin::signed(ALICE),
			base,
			H256::repeat_byte(5),
			bounded(b""),
			lineage(&[(0, 2)])
		));
		assert_eq!(Models::model(base).unwrap().latest_version, 2);
		assert!(Models::model(7).is_none());
		assert_eq!(Models::version(base, 2).unwrap().artifact_hash, H256::repeat_byte(5));
		let versions = Models::versions(base, 0, 10);
		assert_eq!(versions.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![1, 2]);
		assert_eq!(Models::versions(base, 2, 10).len(), 1);
		assert!(Models::versions(7, 1, 10).is_empty());

		// The adapter's effective lineage: its own entry, then its base version 1's.
		assert_eq!(
			Models::lineage(adapter, 1),
			vec![LineageEntry { datanet: 1, version: 1 }, LineageEntry { datanet: 0, version: 1 }]
		);
		assert_eq!(Models::lineage(base, 2), vec![LineageEntry { datanet: 0, version: 2 }]);
		assert!(Models::lineage(adapter, 9).is_empty());
	});
}

#[test]
fn models_by_datanet_and_adapters_come_in_pages() {
	build_and_execute(|| {
		let base = register_base(ALICE);
		let mut adapters: Vec<u32> = (0..5)
			.map(|n| register(BOB, ModelKind::Adapter { base }, &[(1, 1)], n))
			.collect();
		adapters.sort();

		let mut seen = Vec::new();
		let mut cursor = None;
		loop {
			let page = Models::adapters(base, cursor, 2);
			assert!(page.items.len() <= 2);
			seen.extend(page.items);
			match page.next_cursor {
				Some(next) => cursor = Some(next),
				None => break,
			}
		}
		seen.sort();
		assert_eq!(seen, adapters);

		// Datanet 1 is in every adapter's lineage; Datanet 0 only in the base's.
		let mut on_one = Models::models_by_datanet(1, None, MAX_PAGE_SIZE).items;
		on_one.sort();
		assert_eq!(on_one, adapters);
		assert_eq!(Models::models_by_datanet(0, None, 10).items, vec![base]);
		let empty = Models::models_by_datanet(5, None, 10);
		assert!(empty.items.is_empty() && empty.next_cursor.is_none());
		assert!(Models::adapters(adapters[0], None, 10).items.is_empty());
	});
}
