//! What the attribution pallet learns through `ModelsInspect`.

use crate::{mock::*, ModelKind};
use frame_support::assert_ok;
use openledger_primitives::{
	ContributionId, DatanetsInspect, ModelId, ModelVersion, ModelsInspect,
};
use sp_core::H256;

type Inspect = Models;

/// Who contributed `contribution`, if it is in the lineage of `version` of `model`: what the
/// attribution pallet checks of each entry, with the lineage from here and the versions'
/// sizes from the Datanets pallet.
fn contributor_in_lineage(
	model: ModelId,
	version: ModelVersion,
	contribution: ContributionId,
) -> Option<u64> {
	let accepted = TestDatanets::accepted_contribution(contribution)?;
	let lineage = <Inspect as ModelsInspect<u64, u64>>::lineage(model, version)?;
	let inside = lineage.holds(&accepted, TestDatanets::version_size);
	inside.then_some(accepted.contributor)
}

#[test]
fn a_contribution_is_in_a_base_models_lineage_when_its_version_holds_it() {
	build_and_execute(|| {
		// Version 1 of Datanet 0 holds sequences 0 and 1 (contributions 10 and 11), not 12.
		let id = register_base(ALICE);
		assert_eq!(contributor_in_lineage(id, 1, 10), Some(BOB));
		assert_eq!(contributor_in_lineage(id, 1, 11), Some(CHARLIE));
		assert_eq!(contributor_in_lineage(id, 1, 12), None);
		// Another Datanet, an unknown contribution, version or model: not in the lineage.
		assert_eq!(contributor_in_lineage(id, 1, 20), None);
		assert_eq!(contributor_in_lineage(id, 1, 99), None);
		assert_eq!(contributor_in_lineage(id, 2, 10), None);
		assert_eq!(contributor_in_lineage(9, 1, 10), None);

		// Version 2 trains on version 2 of Datanet 0, which holds contribution 12 too.
		assert_ok!(Models::publish_version(
			RuntimeOrigin::signed(ALICE),
			id,
			H256::zero(),
			bounded(b""),
			lineage(&[(0, 2)])
		));
		assert_eq!(contributor_in_lineage(id, 2, 12), Some(DAVE));
		assert_eq!(contributor_in_lineage(id, 1, 12), None);
	});
}

#[test]
fn an_adapters_lineage_includes_the_base_version_it_was_trained_on() {
	build_and_execute(|| {
		let base = register_base(ALICE);
		let adapter = register(BOB, ModelKind::Adapter { base }, &[(1, 1)], 2);
		// Its own data, and its base's.
		assert_eq!(contributor_in_lineage(adapter, 1, 20), Some(EVE));
		assert_eq!(contributor_in_lineage(adapter, 1, 10), Some(BOB));
		assert_eq!(contributor_in_lineage(adapter, 1, 12), None);

		// The base moves on to Datanet 0 version 2; the adapter's version 1 stays on base
		// version 1 until the adapter publishes a version of its own.
		assert_ok!(Models::publish_version(
			RuntimeOrigin::signed(ALICE),
			base,
			H256::zero(),
			bounded(b""),
			lineage(&[(0, 2)])
		));
		assert_eq!(contributor_in_lineage(adapter, 1, 12), None);
		assert_ok!(Models::publish_version(
			RuntimeOrigin::signed(BOB),
			adapter,
			H256::zero(),
			bounded(b""),
			lineage(&[(1, 1)])
		));
		assert_eq!(contributor_in_lineage(adapter, 2, 12), Some(DAVE));
	});
}

#[test]
fn owner_fee_versions_and_providers_are_reported() {
	build_and_execute(|| {
		let id = register_base(ALICE);
		assert_eq!(Inspect::owner(id), Some(ALICE));
		assert_eq!(Inspect::inference_fee(id), Some(FEE));
		assert_eq!(Inspect::latest_version(id), Some(1));
		assert!(!Inspect::is_provider(id, &BOB));
		assert_ok!(Models::authorize_provider(RuntimeOrigin::signed(ALICE), id, BOB));
		assert!(Inspect::is_provider(id, &BOB));
		assert!(!Inspect::is_provider(9, &BOB));
		assert_eq!(
			(Inspect::owner(9), Inspect::inference_fee(9), Inspect::latest_version(9)),
			(None, None, None)
		);
		// A deprecated model serves no inferences.
		assert_ok!(Models::deprecate(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Inspect::inference_fee(id), None);
		assert_eq!(Inspect::owner(id), Some(ALICE));
	});
}
