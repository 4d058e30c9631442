//! The owner's controls: versions, fee, providers, deprecation, transfer.

use crate::{
	mock::*, BaseVersion, Error, Event, ModelKind, ModelStatus, Models as ModelsStorage,
	ModelsByDatanet, Versions,
};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::{DispatchError, DispatchResult};

/// Checks that every call reserved to the owner fails with `error` and changes nothing when
/// `who` makes it on model `id`; `revoke_provider` only if `with_revoke` (it works on a
/// deprecated model).
fn assert_owner_calls_fail(who: u64, id: u32, error: Error<Test>, with_revoke: bool) {
	let origin = || RuntimeOrigin::signed(who);
	let calls: [(&str, Box<dyn Fn() -> DispatchResult>); 6] = [
		(
			"publish_version",
			Box::new(|| {
				Models::publish_version(origin(), id, H256::zero(), bounded(b""), lineage(&[]))
			}),
		),
		("set_inference_fee", Box::new(|| Models::set_inference_fee(origin(), id, 1))),
		("authorize_provider", Box::new(|| Models::authorize_provider(origin(), id, EVE))),
		("revoke_provider", Box::new(|| Models::revoke_provider(origin(), id, EVE))),
		("deprecate", Box::new(|| Models::deprecate(origin(), id))),
		("transfer_ownership", Box::new(|| Models::transfer_ownership(origin(), id, EVE))),
	];
	let error: DispatchError = error.into();
	for (name, call) in
		calls.into_iter().filter(|(name, _)| with_revoke || *name != "revoke_provider")
	{
		let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
		assert_eq!(call(), Err(error), "{name}");
		assert_eq!(
			before,
			sp_io::storage::root(sp_runtime::StateVersion::V1),
			"{name} changed storage"
		);
	}
}

#[test]
fn only_the_owner_controls_an_active_model() {
	build_and_execute(|| {
		let id = register_base(ALICE);
		assert_owner_calls_fail(BOB, id, Error::<Test>::NotOwner, true);
		assert_owner_calls_fail(ALICE, 9, Error::<Test>::UnknownModel, true);
		assert_ok!(Models::authorize_provider(RuntimeOrigin::signed(ALICE), id, BOB));
		// A provider is not an owner.
		assert_owner_calls_fail(BOB, id, Error::<Test>::NotOwner, true);
		assert_ok!(Models::deprecate(RuntimeOrigin::signed(ALICE), id));
		assert_owner_calls_fail(ALICE, id, Error::<Test>::ModelDeprecated, false);
		assert_owner_calls_fail(BOB, id, Error::<Test>::NotOwner, true);
	});
}

#[test]
fn a_deprecated_models_provider_can_still_be_revoked() {
	// Inferences requested before deprecation can still be settled by the model's providers,
	// so a leaked provider key must be revocable after it (it was refused: ModelDeprecated).
	build_and_execute(|| {
		let id = register_base(ALICE);
		let alice = RuntimeOrigin::signed(ALICE);
		assert_ok!(Models::authorize_provider(alice.clone(), id, BOB));
		assert_ok!(Models::deprecate(alice.clone(), id));
		assert_ok!(Models::revoke_provider(alice.clone(), id, BOB));
		assert_eq!(last_event(), Event::ProviderRevoked { model: id, provider: BOB });
		assert!(ModelsStorage::<Test>::get(id).unwrap().providers.is_empty());
		assert_noop!(Models::revoke_provider(alice, id, BOB), Error::<Test>::NotProvider);
		assert_noop!(
			Models::revoke_provider(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotOwner
		);
	});
}

#[test]
fn a_new_version_keeps_the_old_ones_and_extends_the_datanet_index() {
	build_and_execute(|| {
		let id = register_base(ALICE);
		let alice = RuntimeOrigin::signed(ALICE);
		assert_noop!(
			Models::publish_version(
				alice.clone(),
				id,
				H256::zero(),
				bounded(b""),
				lineage(&[(0, 5)])
			),
			Error::<Test>::UnknownDatanetVersion
		);
		assert_noop!(
			Models::publish_version(
				alice.clone(),
				id,
				H256::zero(),
				bounded(b""),
				lineage(&[(1, 1), (1, 1)])
			),
			Error::<Test>::DuplicateDatanet
		);
		System::set_block_number(4);
		assert_ok!(Models::publish_version(
			alice,
			id,
			H256::repeat_byte(2),
			bounded(b"ipfs://v2"),
			lineage(&[(0, 2), (1, 1)])
		));
		assert_eq!(
			last_event(),
			Event::ModelVersionPublished {
				model: id,
				version: 2,
				artifact_hash: H256::repeat_byte(2),
				deposit: 0,
			}
		);
		assert_eq!(ModelsStorage::<Test>::get(id).unwrap().latest_version, 2);
		let v2 = Versions::<Test>::get(id, 2).unwrap();
		assert_eq!((v2.lineage, v2.published_at), (lineage(&[(0, 2), (1, 1)]), 4));
		assert_eq!(Versions::<Test>::get(id, 1).unwrap().lineage, lineage(&[(0, 1)]));
		assert!(ModelsByDatanet::<Test>::contains_key(1, id));
	});
}

#[test]
fn an_adapters_new_version_trains_on_its_bases_latest_version() {
	build_and_execute(|| {
		let base = register_base(ALICE);
		let adapter = register(BOB, ModelKind::Adapter { base }, &[], 2);
		assert_ok!(Models::publish_version(
			RuntimeOrigin::signed(ALICE),
			base,
			H256::repeat_byte(3),
			bounded(b""),
			lineage(&[(0, 2)])
		));
		assert_ok!(Models::publish_version(
			RuntimeOrigin::signed(BOB),
			adapter,
			H256::repeat_byte(4),
			bounded(b""),
			lineage(&[])
		));
		assert_eq!(
			Versions::<Test>::get(adapter, 1).unwrap().base,
			Some(BaseVersion { model: base, version: 1 })
		);
		assert_eq!(
			Versions::<Test>::get(adapter, 2).unwrap().base,
			Some(BaseVersion { model: base, version: 2 })
		);
	});
}

#[test]
fn the_fee_changes_for_future_inferences() {
	build_and_execute(|| {
		let id = register_base(ALICE);
		assert_ok!(Models::set_inference_fee(RuntimeOrigin::signed(ALICE), id, 99));
		assert_eq!(ModelsStorage::<Test>::get(id).unwrap().inference_fee, 99);
		assert_eq!(
			last_event(),
			Event::InferenceFeeChanged { model: id, old_fee: FEE, new_fee: 99 }
		);
	});
}

#[test]
fn providers_are_authorised_and_revoked_within_bounds() {
	build_and_execute(|| {
		let id = register_base(ALICE);
		let alice = RuntimeOrigin::signed(ALICE);
		assert_ok!(Models::authorize_provider(alice.clone(), id, BOB));
		assert_eq!(last_event(), Event::ProviderAuthorized { model: id, provider: BOB });
		assert_noop!(
			Models::authorize_provider(alice.clone(), id, BOB),
			Error::<Test>::AlreadyProvider
		);
		assert_ok!(Models::authorize_provider(alice.clone(), id, CHARLIE));
		// MaxProviders is 2 in the mock.
		assert_noop!(
			Models::authorize_provider(alice.clone(), id, DAVE),
			Error::<Test>::TooManyProviders
		);
		assert_ok!(Models::revoke_provider(alice.clone(), id, BOB));
		assert_eq!(last_event(), Event::ProviderRevoked { model: id, provider: BOB });
		assert_noop!(Models::revoke_provider(alice.clone(), id, BOB), Error::<Test>::NotProvider);
		assert_eq!(ModelsStorage::<Test>::get(id).unwrap().providers.to_vec(), vec![CHARLIE]);
		assert_ok!(Models::authorize_provider(alice, id, DAVE));
	});
}

#[test]
fn deprecation_releases_the_deposit_to_its_payer_and_keeps_the_versions() {
	build_and_execute(|| {
		let id = register_base(ALICE);
		assert_noop!(
			Models::transfer_ownership(RuntimeOrigin::signed(ALICE), id, ALICE),
			Error::<Test>::AlreadyOwner
		);
		assert_ok!(Models::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_eq!(last_event(), Event::OwnershipTransferred { model: id, from: ALICE, to: BOB });
		assert_eq!((model_hold(ALICE), model_hold(BOB)), (MODEL_DEPOSIT, 0));
		assert_owner_calls_fail(ALICE, id, Error::<Test>::NotOwner, true);

		assert_ok!(Models::deprecate(RuntimeOrigin::signed(BOB), id));
		assert_eq!(
			last_event(),
			Event::ModelDeprecated {
				model: id,
				depositor: ALICE,
				deposit_released: MODEL_DEPOSIT,
				deposit_kept: 0,
			}
		);
		assert_eq!((model_hold(ALICE), free(ALICE)), (0, ENDOWMENT));
		let model = ModelsStorage::<Test>::get(id).unwrap();
		assert_eq!((model.status, model.deposit, model.owner), (ModelStatus::Deprecated, 0, BOB));
		assert!(Versions::<Test>::get(id, 1).is_some());
	});
}
