//! Models in the real runtime, through signed transactions: lineage checked against real
//! published Datanet versions, adapters, and the lineage answers attribution will rely on.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{
	accept_call, contribute_call, module_error, new_ext, publish_datanet, run_signed,
};
use frame_support::traits::{fungible::InspectHold, Get};
use openledger_primitives::{DatanetsInspect, ModelsInspect};
use openledger_runtime::{
	currency::OPEN, Balances, Datanets, Models, Runtime, RuntimeCall, RuntimeHoldReason,
};
use pallet_models::{LineageEntry, ModelKind};
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};

fn register(kind: ModelKind, lineage: &[(u32, u32)]) -> RuntimeCall {
	RuntimeCall::Models(pallet_models::Call::register_model {
		name: b"med-llm".to_vec().try_into().unwrap(),
		metadata_uri: b"ipfs://card".to_vec().try_into().unwrap(),
		kind,
		artifact_hash: H256::repeat_byte(7),
		artifact_uri: b"ipfs://weights".to_vec().try_into().unwrap(),
		lineage: lineage
			.iter()
			.map(|&(datanet, version)| LineageEntry { datanet, version })
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
		inference_fee: OPEN,
	})
}

#[test]
fn models_are_registered_on_published_datanet_versions_with_their_lineage() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		// Datanet 0, version 1: Bob's contributions 0 and 1. Charlie's 2 is accepted later.
		publish_datanet(&[Bob, Bob]);
		let (_, results) =
			run_signed(vec![(Charlie.pair(), contribute_call(3)), (Alice.pair(), accept_call(2))]);
		assert!(results.iter().all(Result::is_ok), "{results:?}");

		// A base model on version 1, an adapter of it; version 2 does not exist yet, and an
		// adapter cannot adapt an adapter.
		let (_, results) = run_signed(vec![
			(Dave.pair(), register(ModelKind::Base, &[(0, 1)])),
			(Eve.pair(), register(ModelKind::Adapter { base: 0 }, &[])),
			(Eve.pair(), register(ModelKind::Base, &[(0, 2)])),
			(Eve.pair(), register(ModelKind::Adapter { base: 1 }, &[])),
		]);
		assert_eq!(results[..2], [Ok(()), Ok(())]);
		assert_eq!(module_error(results[2]), Some("UnknownDatanetVersion"));
		assert_eq!(module_error(results[3]), Some("AdapterOfAdapter"));

		let deposit = <Runtime as pallet_models::Config>::ModelDeposit::get();
		let hold = RuntimeHoldReason::Models(pallet_models::HoldReason::ModelDeposit);
		assert_eq!(Balances::balance_on_hold(&hold, &Dave.to_account_id()), deposit);

		// What attribution will ask: Bob's data is in both models' lineage, Charlie's (accepted
		// after version 1) in neither.
		let in_lineage = |model, contribution| {
			let accepted = Datanets::accepted_contribution(contribution).unwrap();
			<Models as ModelsInspect<_, _>>::lineage(model, 1)
				.unwrap()
				.holds(&accepted, Datanets::version_size)
		};
		assert!(in_lineage(0, 0) && in_lineage(1, 1));
		assert!(!in_lineage(0, 2));
		assert_eq!(Models::inference_fee(0), Some(OPEN));
		assert_eq!(Models::models_by_datanet(0, None, 10).items, vec![0]);
		assert_eq!(Models::adapters(0, None, 10).items, vec![1]);

		assert_eq!(Balances::total_issuance(), issuance);
		Datanets::do_try_state().expect("datanets invariants hold");
		Models::do_try_state().expect("models invariants hold");
	});
}

#[test]
fn a_leaked_provider_key_of_a_deprecated_model_is_revoked_before_it_settles() {
	// Ferdie paid for an inference; Dave deprecates the model, then learns Eve's provider key
	// leaked. Revoking Eve was refused on a deprecated model (`ModelDeprecated`), so the key
	// could still settle Ferdie's inference with any attribution it liked.
	use pallet_attribution::{AttributionEntry, Call as A};
	use sp_keyring::Sr25519Keyring::Ferdie;
	use sp_runtime::Perbill;
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		publish_datanet(&[Bob]);
		let eve = Eve.to_account_id();
		let (_, results) = run_signed(vec![
			(Eve.pair(), crate::common::bond_call()),
			(Eve.pair(), crate::common::output_base_call()),
			(Dave.pair(), register(ModelKind::Base, &[(0, 1)])),
			(
				Dave.pair(),
				RuntimeCall::Models(pallet_models::Call::authorize_provider {
					model: 0,
					provider: eve.clone(),
				}),
			),
			(
				Ferdie.pair(),
				RuntimeCall::Attribution(A::request_inference {
					model: 0,
					max_fee: OPEN,
					request_hash: H256::repeat_byte(1),
				}),
			),
			(Dave.pair(), RuntimeCall::Models(pallet_models::Call::deprecate { model: 0 })),
			(
				Dave.pair(),
				RuntimeCall::Models(pallet_models::Call::revoke_provider {
					model: 0,
					provider: eve.clone(),
				}),
			),
			(
				Eve.pair(),
				RuntimeCall::Attribution(A::settle_inference {
					inference: 0,
					output_hash: H256::repeat_byte(2),
					attribution: vec![AttributionEntry { contribution: 0, share: Perbill::one() }]
						.try_into()
						.unwrap(),
				}),
			),
		]);
		assert!(results[..7].iter().all(Result::is_ok), "{results:?}");
		assert!(!Models::is_provider(0, &eve), "Eve is no longer a provider");
		assert_eq!(module_error(results[7]), Some("NotProvider"), "the revoked key cannot settle");
		assert!(matches!(
			pallet_attribution::Inferences::<Runtime>::get(0),
			Some(pallet_attribution::Inference::Pending(_))
		));
	});
}
