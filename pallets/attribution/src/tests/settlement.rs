//! Settling inferences: checks, the fee split, and the credits.

use crate::{
	mock::*, Error, Event, FeeSplit, OutputDisclosure, OutputUri, Payout, Settlement,
	SettlementWork,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use pallet_rewards::PendingRewards;
use sp_core::H256;
use sp_runtime::Perbill;

fn settle(id: u64, entries: &[(u64, u32)]) -> sp_runtime::DispatchResult {
	Attribution::settle_inference(
		RuntimeOrigin::signed(EVE),
		id,
		H256::repeat_byte(9),
		attribution(entries),
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

fn pending_rewards(who: u64) -> PendingRewards<u64> {
	Rewards::pending(who)
}

#[test]
fn a_settlement_splits_the_fee_and_credits_everyone() {
	build_and_execute(|| {
		let id = request();
		System::set_block_number(2);
		assert_ok!(settle(id, &[(10, 60), (11, 40)]));

		// 1,000: 20 % model, 20 % provider, 50 % data (60/40), 10 % pool.
		assert_eq!(pending_rewards(ALICE).model, 200);
		assert_eq!(pending_rewards(EVE).provider, 200);
		assert_eq!(pending_rewards(BOB).data, 300);
		assert_eq!(pending_rewards(CHARLIE).data, 200);
		assert_eq!(free(POOL), 1 + 100);
		assert_eq!(free(Rewards::pot()), 1 + 900);
		assert_eq!((escrow(DAVE), free(DAVE)), (0, ENDOWMENT - FEE));
		assert!(Attribution::pending_inference(id).is_none());

		let record = Attribution::record(id).unwrap();
		assert_eq!(
			(record.model, record.version, record.consumer, record.provider),
			(0, 1, DAVE, EVE)
		);
		assert_eq!(
			(record.fee, record.output_hash, record.settled_at),
			(FEE, H256::repeat_byte(9), 2)
		);
		assert_eq!(record.attribution, attribution(&[(10, 60), (11, 40)]));
		assert_eq!(record.payout, Payout { data: 500, model: 200, provider: 200, pool: 100 });
		let disclosure = OutputDisclosure::Published(OutputUri::<Test>::truncate_from(
			[EVE_OUTPUTS, b"0"].concat(),
		));
		assert_eq!(
			events().last(),
			Some(&Event::InferenceSettled { inference: id, record, disclosure })
		);
		assert_eq!(Rewards::current_epoch().1.fees_settled, FEE);
		assert_eq!(Rewards::current_epoch().1.attributed_to_data, 500);

		// The contributors claim exactly what they were credited.
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(CHARLIE)));
		assert_eq!(free(BOB), ENDOWMENT + 300);
		assert_eq!(free(CHARLIE), ENDOWMENT + 200);
	});
}

#[test]
fn what_the_weights_leave_and_the_rounding_dust_go_to_the_pool() {
	build_and_execute(|| {
		// 30 % of the data fee is attributed; the other 70 % goes to the pool.
		let partial = request();
		assert_ok!(settle(partial, &[(10, 30)]));
		assert_eq!(
			Attribution::record(partial).unwrap().payout,
			Payout { data: 150, model: 200, provider: 200, pool: 450 }
		);
		// No attribution at all: the whole data share goes to the pool.
		let none = request();
		assert_ok!(settle(none, &[]));
		assert_eq!(
			Attribution::record(none).unwrap().payout,
			Payout { data: 0, model: 200, provider: 200, pool: 600 }
		);

		// A fee that does not divide evenly: every share rounds down, the pool takes the rest.
		ModelFee::set(Some(999));
		let odd = crate::NextInferenceId::<Test>::get();
		assert_ok!(Attribution::request_inference(
			RuntimeOrigin::signed(DAVE),
			0,
			999,
			H256::zero()
		));
		assert_ok!(settle(odd, &[(10, 33), (11, 67)]));
		let payout = Attribution::record(odd).unwrap().payout;
		// model 199 (199.8), provider 199, data fee 499 (499.5): 164 (164.67) + 334 (334.33).
		assert_eq!(payout, Payout { data: 164 + 334, model: 199, provider: 199, pool: 103 });
		assert_eq!(payout.data + payout.model + payout.provider + payout.pool, 999);
		assert_eq!(pending_rewards(BOB).data, 150 + 164);
	});
}

#[test]
fn a_settlement_refuses_bad_attributions_and_changes_nothing() {
	build_and_execute(|| {
		let id = request();
		// Contribution 12 exists but is outside model 0's lineage; 99 does not exist.
		assert_noop!(settle(id, &[(10, 50), (12, 10)]), Error::<Test>::OutsideLineage);
		assert_noop!(settle(id, &[(99, 10)]), Error::<Test>::OutsideLineage);
		assert_noop!(settle(id, &[(10, 30), (10, 30)]), Error::<Test>::DuplicateEntry);
		assert_noop!(settle(id, &[(10, 60), (11, 50)]), Error::<Test>::SharesOverOne);
		// A stranger, and the consumer, may not settle, bonded or not.
		Bonded::set(vec![EVE, BOB, DAVE]);
		for who in [BOB, DAVE] {
			assert_noop!(
				Attribution::settle_inference(
					RuntimeOrigin::signed(who),
					id,
					H256::zero(),
					attribution(&[])
				),
				Error::<Test>::NotProvider
			);
		}
		assert_noop!(settle(42, &[]), Error::<Test>::UnknownInference);
		// Exactly 100 % is fine, once.
		assert_ok!(settle(id, &[(10, 50), (11, 50)]));
		assert_noop!(settle(id, &[(10, 50), (11, 50)]), Error::<Test>::AlreadySettled);
	});
}

/// Settling without a bond would let a provider fabricate attributions with nothing at stake.
#[test]
fn a_provider_without_a_bond_cannot_settle() {
	build_and_execute(|| {
		let id = request();
		Bonded::set(vec![]);
		assert_noop!(settle(id, &[(10, 100)]), Error::<Test>::NotBonded);
		assert_noop!(
			Attribution::settle_batch(RuntimeOrigin::signed(EVE), batch_of(&[id], &[(10, 100)])),
			Error::<Test>::NotBonded
		);
		Bonded::set(vec![EVE]);
		assert_ok!(settle(id, &[(10, 100)]));
	});
}

#[test]
fn a_revoked_provider_can_no_longer_settle() {
	build_and_execute(|| {
		let id = request();
		Providers::set(vec![]);
		assert_noop!(settle(id, &[]), Error::<Test>::NotProvider);
	});
}

#[test]
fn a_batch_settles_all_or_nothing() {
	build_and_execute(|| {
		let ids: Vec<u64> = (0..3).map(|_| request()).collect();
		let item = |inference, entries: &[(u64, u32)]| Settlement::<Test> {
			inference,
			output_hash: H256::repeat_byte(inference as u8),
			attribution: attribution(entries),
		};
		let bad: BoundedVec<_, _> =
			vec![item(ids[0], &[(10, 100)]), item(ids[1], &[(12, 100)])].try_into().unwrap();
		assert_noop!(
			Attribution::settle_batch(RuntimeOrigin::signed(EVE), bad),
			Error::<Test>::OutsideLineage
		);
		let good: BoundedVec<_, _> = ids
			.iter()
			.map(|id| item(*id, &[(10, 50), (11, 50)]))
			.collect::<Vec<_>>()
			.try_into()
			.unwrap();
		assert_ok!(Attribution::settle_batch(RuntimeOrigin::signed(EVE), good));
		assert!(ids.iter().all(|id| Attribution::record(*id).is_some()));
		assert_eq!(pending_rewards(BOB).data, 3 * 250);
		assert_eq!(pending_rewards(EVE).provider, 3 * 200);
		assert_eq!(free(POOL), 1 + 3 * 100);
		assert_eq!(escrow(DAVE), 0);
	});
}

#[test]
fn a_batch_credits_each_account_once_and_refunds_what_it_repeated() {
	build_and_execute(|| {
		let ids: Vec<u64> = (0..3).map(|_| request()).collect();
		let batch = batch_of(&ids, &[(10, 50), (11, 50)]);
		// Charged for the most three settlements naming two contributions in six entries can
		// do: three models and lineages, two version sizes a contribution, six credits (two
		// contributors, three owners, the provider).
		let most = SettlementWork::at_most(&batch);
		assert_eq!(
			most,
			SettlementWork {
				settlements: 3,
				models: 3,
				lineages: 3,
				version_sizes: 4,
				contributions: 2,
				entries: 6,
				credits: 6,
				matured: 6,
			}
		);
		let info = Attribution::settle_batch(RuntimeOrigin::signed(EVE), batch).unwrap();

		// Done: one model, one lineage, one version size; four accounts credited (Bob, Charlie,
		// Alice as the owner, Eve), none of them credited before.
		let done = SettlementWork {
			models: 1,
			lineages: 1,
			version_sizes: 1,
			credits: 4,
			matured: 0,
			..most
		};
		assert_eq!(info.actual_weight, Some(done.weight::<<Test as crate::Config>::WeightInfo>()));
		assert!(done
			.weight::<<Test as crate::Config>::WeightInfo>()
			.all_lt(most.weight::<<Test as crate::Config>::WeightInfo>()));

		let credits: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Rewards(pallet_rewards::Event::Credited {
					who,
					amount,
					source,
					..
				}) => Some((who, amount, source)),
				_ => None,
			})
			.collect();
		use openledger_primitives::RewardSource::*;
		assert_eq!(
			credits,
			vec![(ALICE, 600, Model), (BOB, 750, Data), (CHARLIE, 750, Data), (EVE, 600, Provider)]
		);
		assert_eq!(free(POOL), 1 + 3 * 100);
		assert_eq!(free(Rewards::pot()), 1 + 3 * 900);
	});
}

#[test]
fn the_fee_split_in_force_at_settlement_applies() {
	build_and_execute(|| {
		let id = request();
		let split = FeeSplit {
			pool: Perbill::from_percent(1),
			model: Perbill::zero(),
			provider: Perbill::from_percent(10),
			data: Perbill::from_percent(89),
		};
		assert_ok!(Attribution::set_fee_split(RuntimeOrigin::root(), split));
		assert_ok!(settle(id, &[(10, 100)]));
		assert_eq!(
			Attribution::record(id).unwrap().payout,
			Payout { data: 890, model: 0, provider: 100, pool: 10 }
		);
		assert_eq!(pending_rewards(ALICE), PendingRewards::default());
		// Bob's data credit scores the pool's 10 for the emission.
		assert_eq!(pending_rewards(BOB).current_epoch_score, 10);
	});
}
