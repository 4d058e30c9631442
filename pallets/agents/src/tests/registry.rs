//! Registering agents, and what their owners do with them.

use super::*;
use crate::{AgentStatus, Error, Event, ModelUse, PauseCause};
use frame_support::{assert_noop, assert_ok};

#[test]
fn registering_holds_the_stake_and_records_the_agent() {
	build_and_execute(|| {
		register_alices_agent();

		let agent = Agents::agent(0).unwrap();
		assert_eq!(
			(agent.owner, agent.operator, agent.price, agent.stake),
			(ALICE, OSCAR, PRICE, STAKE)
		);
		assert_eq!(agent.status, AgentStatus::Active);
		assert_eq!(
			agent.models.to_vec(),
			vec![
				ModelUse { model: MEDICAL, inferences: 0 },
				ModelUse { model: GENERAL, inferences: 0 }
			]
		);
		assert_eq!(held(HoldReason::AgentStake, ALICE), STAKE);
		assert_eq!(free(ALICE), ENDOWMENT - STAKE);
		assert_eq!(
			events(),
			vec![Event::AgentRegistered {
				agent: 0,
				owner: ALICE,
				operator: OSCAR,
				price: PRICE,
				stake: STAKE
			}]
		);
	});
}

#[test]
fn registering_refuses_bad_input_and_changes_nothing() {
	build_and_execute(|| {
		let register = |operator, list: &[u32], stake| {
			Agents::register_agent(
				RuntimeOrigin::signed(ALICE),
				operator,
				metadata("medic"),
				models(list),
				PRICE,
				stake,
			)
		};
		assert_noop!(register(ALICE, &[MEDICAL], STAKE), Error::<Test>::OperatorIsOwner);
		assert_noop!(register(OSCAR, &[], STAKE), Error::<Test>::NoModels);
		assert_noop!(register(OSCAR, &[MEDICAL, MEDICAL], STAKE), Error::<Test>::DuplicateModel);
		assert_noop!(
			register(OSCAR, &[MEDICAL, DEPRECATED], STAKE),
			Error::<Test>::ModelUnavailable
		);
		assert_noop!(register(OSCAR, &[MEDICAL], 4_999), Error::<Test>::StakeBelowMinimum);
		assert_noop!(
			Agents::register_agent(
				RuntimeOrigin::signed(POOR),
				OSCAR,
				metadata("poor"),
				models(&[MEDICAL]),
				PRICE,
				STAKE
			),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert_eq!(crate::NextAgentId::<Test>::get(), 0);
	});
}

#[test]
fn the_owner_updates_models_price_and_metadata_keeping_counts_of_use() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)));

		assert_noop!(
			Agents::update_agent(RuntimeOrigin::signed(OSCAR), 0, None, None, Some(1)),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Agents::update_agent(RuntimeOrigin::signed(ALICE), 7, None, None, Some(1)),
			Error::<Test>::UnknownAgent
		);
		assert_ok!(Agents::update_agent(
			RuntimeOrigin::signed(ALICE),
			0,
			Some(metadata("medic 2")),
			Some(models(&[PRICEY, MEDICAL])),
			Some(500),
		));

		let agent = Agents::agent(0).unwrap();
		assert_eq!(
			agent.models.to_vec(),
			vec![
				ModelUse { model: PRICEY, inferences: 0 },
				ModelUse { model: MEDICAL, inferences: 1 }
			]
		);
		assert_eq!(agent.price, 500);
		assert_eq!(agent.metadata, metadata("medic 2"));
		// The open task keeps the fee it was opened with.
		assert_eq!(Agents::task(0).unwrap().agent_fee, PRICE);
		assert_eq!(events().last(), Some(&Event::AgentUpdated { agent: 0, price: 500, models: 2 }));
	});
}

#[test]
fn pausing_stops_new_tasks_and_resuming_starts_them_again() {
	build_and_execute(|| {
		register_alices_agent();
		assert_noop!(
			Agents::resume_agent(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::NotPaused
		);
		assert_noop!(Agents::pause_agent(RuntimeOrigin::signed(BOB), 0), Error::<Test>::NotOwner);
		assert_ok!(Agents::pause_agent(RuntimeOrigin::signed(ALICE), 0));
		assert_noop!(
			Agents::pause_agent(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::AlreadyPaused
		);
		assert_eq!(Agents::agent(0).unwrap().status, AgentStatus::Paused(PauseCause::Owner));
		assert_noop!(
			Agents::open_task(RuntimeOrigin::signed(BOB), 0, 1_000, PRICE, hash(1), 20),
			Error::<Test>::AgentNotActive
		);

		assert_ok!(Agents::resume_agent(RuntimeOrigin::signed(ALICE), 0));
		bob_opens(1_000, 20);
		assert_eq!(Agents::agent(0).unwrap().open_tasks, 1);
	});
}

#[test]
fn adding_stake_holds_more() {
	build_and_execute(|| {
		register_alices_agent();
		assert_noop!(Agents::add_stake(RuntimeOrigin::signed(BOB), 0, 5), Error::<Test>::NotOwner);
		assert_ok!(Agents::add_stake(RuntimeOrigin::signed(ALICE), 0, 500));
		assert_eq!(Agents::agent(0).unwrap().stake, STAKE + 500);
		assert_eq!(held(HoldReason::AgentStake, ALICE), STAKE + 500);
		assert_eq!(
			events().last(),
			Some(&Event::StakeAdded { agent: 0, amount: 500, stake: STAKE + 500 })
		);
	});
}

#[test]
fn retiring_waits_for_open_tasks_and_the_stake_for_its_unbonding_period() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_noop!(
			Agents::retire_agent(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::OpenTasks
		);
		assert_ok!(Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(3)));
		assert_noop!(
			Agents::release_stake(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::NotRetired
		);

		assert_ok!(Agents::retire_agent(RuntimeOrigin::signed(ALICE), 0));
		let unbonds_at = 1 + UNBONDING_PERIOD;
		assert_eq!(Agents::agent(0).unwrap().status, AgentStatus::Retired { unbonds_at });
		assert_noop!(Agents::retire_agent(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::Retired);
		assert_noop!(
			Agents::resume_agent(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::NotPaused
		);
		assert_noop!(
			Agents::open_task(RuntimeOrigin::signed(BOB), 0, 1_000, PRICE, hash(1), 20),
			Error::<Test>::AgentNotActive
		);
		run_to(unbonds_at - 1);
		assert_noop!(
			Agents::release_stake(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::StillUnbonding
		);

		run_to(unbonds_at);
		assert_ok!(Agents::release_stake(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(held(HoldReason::AgentStake, ALICE), 0);
		assert!(Agents::agent(0).is_none());
		assert_eq!(
			events().last(),
			Some(&Event::StakeReleased { agent: 0, owner: ALICE, amount: STAKE })
		);
	});
}

#[test]
fn ownership_moves_with_the_stake_only_when_the_new_owner_accepts() {
	build_and_execute(|| {
		register_alices_agent();
		assert_noop!(
			Agents::accept_ownership(RuntimeOrigin::signed(DAVE), 0),
			Error::<Test>::NotOffered
		);
		assert_noop!(
			Agents::offer_ownership(RuntimeOrigin::signed(DAVE), 0, Some(DAVE)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Agents::offer_ownership(RuntimeOrigin::signed(ALICE), 0, Some(DAVE)));
		// Nothing is held from Dave until he accepts.
		assert_eq!(held(HoldReason::AgentStake, DAVE), 0);
		assert_noop!(
			Agents::accept_ownership(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotOffered
		);

		assert_ok!(Agents::accept_ownership(RuntimeOrigin::signed(DAVE), 0));
		assert_eq!(Agents::agent(0).unwrap().owner, DAVE);
		assert_eq!(held(HoldReason::AgentStake, DAVE), STAKE);
		assert_eq!(held(HoldReason::AgentStake, ALICE), 0);
		assert_eq!(
			events().last(),
			Some(&Event::OwnershipTransferred { agent: 0, from: ALICE, to: DAVE })
		);
		// The offer was used up.
		assert_noop!(
			Agents::accept_ownership(RuntimeOrigin::signed(DAVE), 0),
			Error::<Test>::NotOffered
		);
	});
}

#[test]
fn an_offer_to_the_operator_cannot_be_accepted_and_can_be_withdrawn() {
	build_and_execute(|| {
		register_alices_agent();
		assert_ok!(Agents::offer_ownership(RuntimeOrigin::signed(ALICE), 0, Some(OSCAR)));
		assert_noop!(
			Agents::accept_ownership(RuntimeOrigin::signed(OSCAR), 0),
			Error::<Test>::OperatorIsOwner
		);
		assert_ok!(Agents::offer_ownership(RuntimeOrigin::signed(ALICE), 0, None));
		assert_eq!(Agents::agent(0).unwrap().offered_to, None);
	});
}

#[test]
fn the_owner_changes_the_operator() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_noop!(
			Agents::set_operator(RuntimeOrigin::signed(ALICE), 0, ALICE),
			Error::<Test>::OperatorIsOwner
		);
		assert_noop!(
			Agents::set_operator(RuntimeOrigin::signed(OSCAR), 0, DAVE),
			Error::<Test>::NotOwner
		);
		assert_ok!(Agents::set_operator(RuntimeOrigin::signed(ALICE), 0, DAVE));
		// The open task is the new key's to finish.
		assert_noop!(
			Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(3)),
			Error::<Test>::NotOperator
		);
		assert_ok!(Agents::complete_task(RuntimeOrigin::signed(DAVE), 0, hash(3)));
		assert!(events().contains(&Event::OperatorChanged { agent: 0, operator: DAVE }));
	});
}
