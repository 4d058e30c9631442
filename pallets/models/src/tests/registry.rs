//! Registering base models and adapters.

use crate::{
	mock::*, Adapters, BaseVersion, Error, Event, ModelKind, ModelStatus, Models as ModelsStorage,
	ModelsByDatanet, Versions,
};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::{DispatchResult, TokenError};

fn register_call(who: u64, name: &[u8], kind: ModelKind, entries: &[(u32, u32)]) -> DispatchResult {
	Models::register_model(
		RuntimeOrigin::signed(who),
		bounded(name),
		bounded(b""),
		kind,
		H256::repeat_byte(9),
		bounded(b""),
		lineage(entries),
		FEE,
	)
}

#[test]
fn registering_a_base_model_holds_the_deposit_and_records_version_one() {
	build_and_execute(|| {
		assert_eq!(register(ALICE, ModelKind::Base, &[(0, 2), (1, 1)], 1), 0);

		let model = ModelsStorage::<Test>::get(0).unwrap();
		assert_eq!((model.owner, model.depositor, model.deposit), (ALICE, ALICE, MODEL_DEPOSIT));
		assert_eq!(
			(model.kind, model.status, model.latest_version),
			(ModelKind::Base, ModelStatus::Active, 1)
		);
		assert_eq!((model.inference_fee, model.registered_at), (FEE, 1));
		assert!(model.providers.is_empty());
		let version = Versions::<Test>::get(0, 1).unwrap();
		assert_eq!(version.artifact_hash, H256::repeat_byte(1));
		assert_eq!(version.lineage, lineage(&[(0, 2), (1, 1)]));
		assert_eq!(version.base, None);
		assert!(
			ModelsByDatanet::<Test>::contains_key(0, 0) &&
				ModelsByDatanet::<Test>::contains_key(1, 0)
		);
		assert_eq!((model_hold(ALICE), free(ALICE)), (MODEL_DEPOSIT, ENDOWMENT - MODEL_DEPOSIT));
		assert_eq!(
			last_event(),
			Event::ModelRegistered {
				model: 0,
				owner: ALICE,
				kind: ModelKind::Base,
				artifact_hash: H256::repeat_byte(1),
				inference_fee: FEE,
				deposit: MODEL_DEPOSIT,
				version_deposit: 0,
			}
		);
	});
}

#[test]
fn an_adapter_records_the_base_version_it_was_trained_on() {
	build_and_execute(|| {
		let base = register_base(ALICE);
		let adapter = register(BOB, ModelKind::Adapter { base }, &[(1, 1)], 2);
		assert_eq!(
			Versions::<Test>::get(adapter, 1).unwrap().base,
			Some(BaseVersion { model: base, version: 1 })
		);
		assert!(Adapters::<Test>::contains_key(base, adapter));
		// An adapter trained on no Datanet of its own is fine: it inherits its base's lineage.
		let bare = register(CHARLIE, ModelKind::Adapter { base }, &[], 3);
		assert!(Adapters::<Test>::contains_key(base, bare));
	});
}

#[test]
fn registration_refuses_bad_input_and_changes_nothing() {
	build_and_execute(|| {
		let base = register_base(ALICE);
		let adapter = register(BOB, ModelKind::Adapter { base }, &[], 2);
		assert_noop!(register_call(BOB, b"", ModelKind::Base, &[]), Error::<Test>::EmptyName);
		assert_noop!(
			register_call(BOB, b"m", ModelKind::Base, &[(0, 3)]),
			Error::<Test>::UnknownDatanetVersion
		);
		assert_noop!(
			register_call(BOB, b"m", ModelKind::Base, &[(7, 1)]),
			Error::<Test>::UnknownDatanetVersion
		);
		assert_noop!(
			register_call(BOB, b"m", ModelKind::Base, &[(0, 1), (1, 1), (0, 2)]),
			Error::<Test>::DuplicateDatanet
		);
		assert_noop!(
			register_call(BOB, b"m", ModelKind::Adapter { base: 42 }, &[]),
			Error::<Test>::UnknownBaseModel
		);
		assert_noop!(
			register_call(BOB, b"m", ModelKind::Adapter { base: adapter }, &[]),
			Error::<Test>::AdapterOfAdapter
		);
		assert_noop!(register_call(POOR, b"m", ModelKind::Base, &[]), TokenError::FundsUnavailable);
		assert_ok!(Models::deprecate(RuntimeOrigin::signed(ALICE), base));
		assert_noop!(
			register_call(BOB, b"m", ModelKind::Adapter { base }, &[]),
			Error::<Test>::BaseModelDeprecated
		);
	});
}
