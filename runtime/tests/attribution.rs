//! The whole money path in the real runtime, through signed transactions: a paid inference
//! settled with attribution, rewards credited and claimed, an epoch's emission shared by the
//! contributors, and every OPEN accounted for.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{
	bond_call, free, module_error, new_ext, output_base_call, publish_datanet, register_model_call,
	run_signed, run_to_block,
};
use frame_support::traits::Get;
use openledger_runtime::{
	configs::{RewardsPool, RewardsPot},
	currency::OPEN,
	AccountId, Attribution, Balances, Datanets, Models, Rewards, Runtime, RuntimeCall,
};
use pallet_attribution::{AttributionEntry, Payout, WeightInfo as _};
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::Perbill;

/// Datanet 0 version 1 holds Bob's contribution 0 and Charlie's 1; Dave's model 0 is trained
/// on it at 10 OPEN per inference, served by Eve, who bonds the minimum.
fn a_model_on_two_contributions() {
	publish_datanet(&[Bob, Charlie]);
	let register = register_model_call(b"med-llm", 10 * OPEN);
	let authorize = RuntimeCall::Models(pallet_models::Call::authorize_provider {
		model: 0,
		provider: Eve.to_account_id(),
	});
	let (_, results) = run_signed(vec![
		(Dave.pair(), register),
		(Dave.pair(), authorize),
		(Eve.pair(), bond_call()),
		(Eve.pair(), output_base_call()),
	]);
	assert!(results.iter().all(Result::is_ok), "{results:?}");
}

/// Ferdie's request for an inference of model 0, at up to `max_fee`.
fn request(max_fee: u128) -> RuntimeCall {
	RuntimeCall::Attribution(pallet_attribution::Call::request_inference {
		model: 0,
		max_fee,
		request_hash: H256::repeat_byte(1),
	})
}

/// 60 % of the data fee to Bob's contribution 0 and 40 % to Charlie's 1.
fn sixty_forty() -> pallet_attribution::AttributionOf<Runtime> {
	vec![
		AttributionEntry { contribution: 0, share: Perbill::from_percent(60) },
		AttributionEntry { contribution: 1, share: Perbill::from_percent(40) },
	]
	.try_into()
	.unwrap()
}

#[test]
fn a_paid_inference_becomes_claimable_rewards_and_an_epoch_emission_and_nothing_is_lost() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		a_model_on_two_contributions();
		let (bob, charlie) = (Bob.to_account_id(), Charlie.to_account_id());

		// Ferdie pays for an inference; Eve settles it, 60 % of the data fee to Bob's
		// contribution and 40 % to Charlie's.
		let settle = RuntimeCall::Attribution(pallet_attribution::Call::settle_inference {
			inference: 0,
			output_hash: H256::repeat_byte(2),
			attribution: sixty_forty(),
		});
		let pool_before = free(&RewardsPool::get());
		let (fees, results) =
			run_signed(vec![(Ferdie.pair(), request(10 * OPEN)), (Eve.pair(), settle)]);
		assert!(results.iter().all(Result::is_ok), "{results:?}");

		// The default split: 50 % data, 20 % model owner, 20 % provider, 10 % pool.
		let record = Attribution::record(0).expect("the record is kept");
		assert_eq!(
			record.payout,
			Payout { data: 5 * OPEN, model: 2 * OPEN, provider: 2 * OPEN, pool: OPEN }
		);
		// The credits wait out their challenge period (4 blocks on a dev chain), then can be
		// claimed.
		let in_challenge = |who: AccountId| Rewards::rewards_of(who).in_challenge;
		assert_eq!(in_challenge(bob.clone()).data, 3 * OPEN);
		assert_eq!(in_challenge(charlie.clone()).data, 2 * OPEN);
		assert_eq!(in_challenge(Dave.to_account_id()).model, 2 * OPEN);
		assert_eq!(in_challenge(Eve.to_account_id()).provider, 2 * OPEN);
		assert_eq!(Rewards::pending(bob.clone()).total, 0);
		let [(matures_at, _)] = Rewards::rewards_of(bob.clone()).maturing[..] else {
			panic!("one bucket of credits");
		};
		let settled_at = openledger_runtime::System::block_number();
		assert!(matures_at >= settled_at + 4 && matures_at < settled_at + 8, "{matures_at}");
		run_to_block(matures_at);
		assert_eq!(Rewards::pending(bob.clone()).data, 3 * OPEN);
		assert_eq!(Rewards::pending(charlie.clone()).data, 2 * OPEN);
		assert_eq!(Rewards::pending(Dave.to_account_id()).model, 2 * OPEN);
		assert_eq!(Rewards::pending(Eve.to_account_id()).provider, 2 * OPEN);
		assert_eq!(free(&RewardsPool::get()), pool_before + OPEN + fees);

		// An emission of 100 OPEN for the epoch (Root, through sudo), shared 3 : 2, but at most
		// 90 % of the epoch's scores: the pool's 1 OPEN, which Bob's and Charlie's credits stand
		// for 0.6 and 0.4 of.
		let emission = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
			call: Box::new(RuntimeCall::Rewards(pallet_rewards::Call::set_emission {
				per_epoch: 100 * OPEN,
			})),
		});
		let (_, results) = run_signed(vec![(Alice.pair(), emission)]);
		assert!(results[0].is_ok());
		let epoch_length: u32 = <Runtime as pallet_rewards::Config>::EpochLength::get();
		run_to_block(
			(openledger_runtime::System::block_number() / epoch_length + 1) * epoch_length,
		);
		assert_eq!(Rewards::pending(bob.clone()).emission, 54 * OPEN / 100);
		assert_eq!(Rewards::pending(charlie.clone()).emission, 36 * OPEN / 100);
		let summary = Rewards::epoch_summaries()[0].1;
		assert_eq!((summary.fees_settled, summary.attributed_to_data), (10 * OPEN, 5 * OPEN));
		assert_eq!(summary.emitted, 90 * OPEN / 100);

		// Bob claims: his free balance rises by exactly his rewards, less the claim's fee.
		let before = free(&bob);
		let claim = RuntimeCall::Rewards(pallet_rewards::Call::claim {});
		let (fee, results) = run_signed(vec![(Bob.pair(), claim)]);
		assert!(results[0].is_ok());
		assert_eq!(free(&bob), before + 3 * OPEN + 54 * OPEN / 100 - fee);
		assert_eq!(Rewards::pending(bob).total, 0);

		assert_eq!(Balances::total_issuance(), issuance, "nothing minted or burnt");
		assert!(free(&RewardsPot::get()) >= pallet_rewards::TotalOwed::<Runtime>::get());
		Datanets::do_try_state().expect("datanets invariants");
		Models::do_try_state().expect("models invariants");
		Attribution::do_try_state().expect("attribution invariants");
		Rewards::do_try_state().expect("rewards invariants");
	});
}

#[test]
fn a_batch_pays_once_for_each_contribution_account_and_model_it_names() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		a_model_on_two_contributions();
		let (_, results) = run_signed(vec![(Ferdie.pair(), request(10 * OPEN)); 3]);
		assert!(results.iter().all(Result::is_ok), "{results:?}");

		// Three settlements, each on Bob's contribution 0 and Charlie's 1.
		let batch: Vec<_> = (0..3)
			.map(|inference| pallet_attribution::Settlement::<Runtime> {
				inference,
				output_hash: H256::repeat_byte(2),
				attribution: sixty_forty(),
			})
			.collect();
		let batch: frame_support::BoundedVec<_, _> = batch.try_into().unwrap();
		let most = pallet_attribution::SettlementWork::at_most(&batch);
		let info = Attribution::settle_batch(
			openledger_runtime::RuntimeOrigin::signed(Eve.to_account_id()),
			batch,
		)
		.expect("the batch settles");

		// Charged for three models, lineages and owners, two contributions in Datanet versions
		// of their own; done: one model, its lineage, one Datanet version, and Bob, Charlie,
		// Dave (the owner) and Eve credited once each, none of them credited before.
		let done = pallet_attribution::SettlementWork {
			models: 1,
			lineages: 1,
			version_sizes: 1,
			credits: 4,
			matured: 0,
			..most
		};
		assert_eq!((most.models, most.credits, most.version_sizes), (3, 6, 4));
		type Weights = <Runtime as pallet_attribution::Config>::WeightInfo;
		assert_eq!(info.actual_weight, Some(done.weight::<Weights>()));
		// The runtime's benchmarks price every kind of work above nothing.
		for (what, one, none) in [
			("a model", Weights::read_models(1), Weights::read_models(0)),
			("a lineage", Weights::read_lineages(1), Weights::read_lineages(0)),
			("a version size", Weights::read_version_sizes(1), Weights::read_version_sizes(0)),
			("a contribution", Weights::read_contributions(1), Weights::read_contributions(0)),
			("an entry", Weights::share_entries(1), Weights::share_entries(0)),
			("a credit", Weights::credit_accounts(1), Weights::credit_accounts(0)),
			("a matured credit", Weights::mature_credits(1), Weights::mature_credits(0)),
			("a settlement", Weights::settle_batch(2), Weights::settle_batch(1)),
		] {
			assert!(one.ref_time() > none.ref_time(), "{what} costs nothing");
		}
		assert!(done.weight::<Weights>().all_lt(most.weight::<Weights>()));
		assert_eq!(Rewards::rewards_of(Bob.to_account_id()).in_challenge.data, 3 * 3 * OPEN);
		Attribution::do_try_state().expect("attribution invariants");
	});
}

#[test]
fn a_request_for_a_free_model_pays_the_least_fee_into_escrow_and_expires() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		publish_datanet(&[Bob]);
		let (_, results) = run_signed(vec![(Dave.pair(), register_model_call(b"free-llm", 0))]);
		assert_eq!(results, [Ok(())]);

		// The least fee: `Deposits.MinInferenceFee`, 0.01 OPEN at genesis, never below the
		// existential deposit (also 0.01 OPEN), so that a refund always reaches its consumer.
		let least = Attribution::least_fee();
		assert_eq!(least, <Runtime as pallet_attribution::Config>::MinInferenceFee::get());
		assert_eq!(least, crate::common::ed());
		let (_, results) =
			run_signed(vec![(Ferdie.pair(), request(0)), (Ferdie.pair(), request(least))]);
		assert_eq!(module_error(results[0]), Some("FeeAboveMax"));
		assert_eq!(results[1], Ok(()));
		let escrow = || free(&Attribution::escrow());
		let ferdie = Ferdie.to_account_id();
		assert_eq!(escrow(), least);
		let ferdie_before = free(&ferdie);

		// Nobody settles: the request is refunded by itself once its lifetime passed.
		let requested = frame_system::Pallet::<Runtime>::block_number();
		let lifetime: u32 = <Runtime as pallet_attribution::Config>::RequestLifetime::get();
		run_to_block(requested + lifetime - 1);
		assert!(Attribution::pending_inference(0).is_some());
		run_to_block(requested + lifetime);
		assert!(Attribution::pending_inference(0).is_none());
		assert_eq!((escrow(), free(&ferdie)), (0, ferdie_before + least));
		assert_eq!(pallet_attribution::ExpiryCursor::<Runtime>::get(), 1);
		Attribution::do_try_state().expect("the pallet's invariants hold");
	});
}

/// Settling needs a bond; unbonding stops settling at once but keeps the bond held (and
/// slashable) past every challenge of what was settled before; the `parameters` track sets the
/// minimum (here through Root, as its referendum would dispatch).
#[test]
fn a_provider_settles_only_while_bonded_and_its_bond_outlasts_its_challenges() {
	use openledger_runtime::configs::parameters::{bonds, RuntimeParameters};
	use pallet_provider_bonds::Call as PB;
	type ChallengeWindow = <Runtime as pallet_provider_bonds::Config>::ChallengeWindow;
	type UnbondingPeriod = <Runtime as pallet_provider_bonds::Config>::UnbondingPeriod;
	for preset in [DEV_RUNTIME_PRESET, sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET] {
		new_ext(preset).execute_with(|| {
			assert!(UnbondingPeriod::get() > ChallengeWindow::get(), "{preset}");
			<openledger_runtime::ProviderBonds as frame_support::traits::Hooks<_>>::integrity_test(
			);
		});
	}
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		a_model_on_two_contributions();
		let (eve, min) = (Eve.to_account_id(), bonds::MinProviderBond::get());
		let held = |who: &AccountId| {
			use frame_support::traits::fungible::InspectHold;
			Balances::balance_on_hold(&pallet_provider_bonds::HoldReason::ProviderBond.into(), who)
		};
		assert_eq!(held(&eve), min);
		let settle = |inference| {
			RuntimeCall::Attribution(pallet_attribution::Call::settle_inference {
				inference,
				output_hash: H256::repeat_byte(2),
				attribution: sixty_forty(),
			})
		};
		let unbond = RuntimeCall::ProviderBonds(PB::unbond { amount: min });
		let (_, results) = run_signed(vec![
			(Ferdie.pair(), request(10 * OPEN)),
			(Ferdie.pair(), request(10 * OPEN)),
			(Eve.pair(), settle(0)),
			(Eve.pair(), unbond),
			(Eve.pair(), settle(1)),
		]);
		assert!(results[..4].iter().all(Result::is_ok), "{results:?}");
		assert_eq!(module_error(results[4]), Some("NotBonded"));
		let bond = pallet_provider_bonds::Bonds::<Runtime>::get(&eve).expect("still held");
		let unlocks_at = bond.unbonding.expect("unbonding").unlocks_at;
		let settled_at = openledger_runtime::System::block_number();
		assert!(unlocks_at > settled_at + ChallengeWindow::get(), "outlasts the challenges");

		let withdraw = || RuntimeCall::ProviderBonds(PB::withdraw_unbonded {});
		let (_, results) = run_signed(vec![(Eve.pair(), withdraw())]);
		assert_eq!(module_error(results[0]), Some("StillUnbonding"));
		run_to_block(unlocks_at);
		let (_, results) = run_signed(vec![(Eve.pair(), withdraw())]);
		assert!(results[0].is_ok(), "{results:?}");
		assert!(pallet_provider_bonds::Bonds::<Runtime>::get(&eve).is_none());
		assert_eq!(held(&eve), 0);

		// The minimum doubles: the old one no longer lets Eve settle.
		let set = RuntimeCall::Parameters(pallet_parameters::Call::set_parameter {
			key_value: RuntimeParameters::Bonds(bonds::Parameters::MinProviderBond(
				bonds::MinProviderBond,
				Some(2 * min),
			)),
		});
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(set) });
		let (_, results) = run_signed(vec![
			(Alice.pair(), sudo),
			(Eve.pair(), RuntimeCall::ProviderBonds(PB::bond { amount: min })),
			(Eve.pair(), RuntimeCall::ProviderBonds(PB::bond { amount: 2 * min })),
			(Eve.pair(), settle(1)),
		]);
		assert_eq!(module_error(results[1]), Some("BelowMinimum"));
		assert!([results[0], results[2], results[3]].iter().all(Result::is_ok), "{results:?}");
		assert_eq!(held(&eve), 2 * min);
		crate::common::check_invariants(issuance).unwrap();
	});
}
