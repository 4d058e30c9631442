//! Tasks: opened with a budget, spent on inferences, completed or declined, cleared.

use super::*;
use crate::{AgentVolume, Error, Event, TaskInference, TaskStatus};
use frame_support::{assert_noop, assert_ok};

#[test]
fn opening_a_task_holds_its_budget_and_deposit() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);

		let task = Agents::task(0).unwrap();
		assert_eq!((task.agent, task.user, task.budget, task.agent_fee), (0, BOB, 1_000, PRICE));
		assert_eq!((task.deadline, task.opened_at, task.spent), (20, 1, 0));
		assert_eq!(task.status, TaskStatus::Open);
		assert_eq!(held(HoldReason::TaskBudget, BOB), 1_000);
		assert_eq!(held(HoldReason::TaskDeposit, BOB), TASK_DEPOSIT);
		assert_eq!(free(BOB), ENDOWMENT - 1_000 - TASK_DEPOSIT);
		assert_eq!(Agents::agent(0).unwrap().open_tasks, 1);
		assert_eq!(
			events().last(),
			Some(&Event::TaskOpened {
				task: 0,
				agent: 0,
				user: BOB,
				budget: 1_000,
				agent_fee: PRICE,
				request_hash: hash(1),
				deadline: 20
			})
		);
	});
}

#[test]
fn opening_a_task_refuses_bad_input_and_changes_nothing() {
	build_and_execute(|| {
		register_alices_agent();
		let open = |who, agent, budget, max_fee, deadline| {
			Agents::open_task(RuntimeOrigin::signed(who), agent, budget, max_fee, hash(1), deadline)
		};
		assert_noop!(open(BOB, 1, 1_000, PRICE, 20), Error::<Test>::UnknownAgent);
		assert_noop!(open(BOB, 0, 1_000, PRICE - 1, 20), Error::<Test>::PriceAboveMax);
		assert_noop!(open(BOB, 0, PRICE - 1, PRICE, 20), Error::<Test>::BudgetBelowPrice);
		assert_noop!(open(BOB, 0, 1_000, PRICE, 1), Error::<Test>::DeadlineInPast);
		assert_noop!(
			open(BOB, 0, 1_000, PRICE, 2 + MAX_TASK_DURATION),
			Error::<Test>::DeadlineTooFar
		);
		assert_noop!(open(POOR, 0, 1_000, PRICE, 20), sp_runtime::TokenError::FundsUnavailable);
		assert_eq!(crate::NextTaskId::<Test>::get(), 0);
	});
}

#[test]
fn a_task_buys_inferences_from_its_budget_as_its_user() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)));
		assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, GENERAL, 100, hash(3)));

		// The market sold both to Bob, the task's user.
		assert_eq!(
			Sold::get(),
			vec![(BOB, MEDICAL, MEDICAL_FEE, hash(2)), (BOB, GENERAL, GENERAL_FEE, hash(3))]
		);
		let task = Agents::task(0).unwrap();
		assert_eq!(task.spent, MEDICAL_FEE + GENERAL_FEE);
		assert_eq!(
			task.inferences.to_vec(),
			vec![
				TaskInference {
					inference: 0,
					model: MEDICAL,
					fee: MEDICAL_FEE,
					request_hash: hash(2)
				},
				TaskInference {
					inference: 1,
					model: GENERAL,
					fee: GENERAL_FEE,
					request_hash: hash(3)
				},
			]
		);
		assert_eq!(held(HoldReason::TaskBudget, BOB), 1_000 - 150);
		assert_eq!(free(BOB), ENDOWMENT - 1_000 - TASK_DEPOSIT);
		let reputation = Agents::agent(0).unwrap().reputation;
		assert_eq!((reputation.inferences, reputation.spent_on_inferences), (2, 150));
		assert_eq!(
			events().last(),
			Some(&Event::InferenceBought {
				task: 0,
				agent: 0,
				inference: 1,
				model: GENERAL,
				fee: GENERAL_FEE,
				spent: 150
			})
		);
	});
}

#[test]
fn buying_refuses_bad_input_and_changes_nothing() {
	build_and_execute(|| {
		register_alices_agent();
		// 300 for the agent's fee, 100 for one medical inference: 50 left over.
		bob_opens(450, 20);
		let buy = |who, task, model, max_fee, request| {
			Agents::buy_inference(RuntimeOrigin::signed(who), task, model, max_fee, hash(request))
		};
		assert_noop!(buy(OSCAR, 1, MEDICAL, 100, 2), Error::<Test>::UnknownTask);
		assert_noop!(buy(ALICE, 0, MEDICAL, 100, 2), Error::<Test>::NotOperator);
		assert_noop!(buy(BOB, 0, MEDICAL, 100, 2), Error::<Test>::NotOperator);
		assert_noop!(buy(OSCAR, 0, PRICEY, 10_000, 2), Error::<Test>::ModelNotAllowed);
		assert_noop!(buy(OSCAR, 0, MEDICAL, 99, 2), Error::<Test>::FeeAboveMax);
		assert_ok!(buy(OSCAR, 0, MEDICAL, 100, 2));
		assert_noop!(buy(OSCAR, 0, GENERAL, 100, 2), Error::<Test>::DuplicateRequest);
		assert_noop!(buy(OSCAR, 0, MEDICAL, 100, 3), Error::<Test>::OverBudget);
		// What is left covers a general inference.
		assert_ok!(buy(OSCAR, 0, GENERAL, 100, 3));
		ModelFees::mutate(|fees| fees.retain(|(m, _)| *m != GENERAL));
		assert_noop!(buy(OSCAR, 0, GENERAL, 100, 4), Error::<Test>::ModelUnavailable);
		run_to(21);
		assert_noop!(buy(OSCAR, 0, MEDICAL, 100, 4), Error::<Test>::DeadlinePassed);
	});
}

#[test]
fn a_task_buys_at_most_max_task_inferences() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(10_000, 20);
		for n in 2..5 {
			assert_ok!(Agents::buy_inference(
				RuntimeOrigin::signed(OSCAR),
				0,
				GENERAL,
				50,
				hash(n)
			));
		}
		assert_noop!(
			Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, GENERAL, 50, hash(5)),
			Error::<Test>::TooManyInferences
		);
	});
}

#[test]
fn completing_pays_the_owner_its_fee_and_returns_the_rest() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)));
		assert_noop!(
			Agents::complete_task(RuntimeOrigin::signed(BOB), 0, hash(9)),
			Error::<Test>::NotOperator
		);
		run_to(20);
		assert_ok!(Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(9)));

		// Bob paid the inference and the agent's fee; everything else is his again.
		assert_eq!(held(HoldReason::TaskBudget, BOB), 0);
		assert_eq!(free(BOB), ENDOWMENT - MEDICAL_FEE - PRICE - TASK_DEPOSIT);
		assert_eq!(held(HoldReason::AgentFees, ALICE), PRICE);
		assert_eq!(Agents::claimable_fees(&ALICE), PRICE);
		assert_eq!(
			Agents::task(0).unwrap().status,
			TaskStatus::Completed { result_hash: hash(9), at: 20 }
		);
		let agent = Agents::agent(0).unwrap();
		assert_eq!(
			(agent.open_tasks, agent.reputation.completed, agent.reputation.earned),
			(0, 1, PRICE)
		);
		assert_eq!(
			events().last(),
			Some(&Event::TaskCompleted {
				task: 0,
				agent: 0,
				result_hash: hash(9),
				owner: ALICE,
				agent_fee: PRICE,
				user: BOB,
				refund: 1_000 - MEDICAL_FEE - PRICE
			})
		);
		assert_noop!(
			Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(9)),
			Error::<Test>::TaskClosed
		);

		assert_ok!(Agents::claim_fees(RuntimeOrigin::signed(ALICE)));
		assert_eq!(free(ALICE), ENDOWMENT - STAKE + PRICE);
		assert_eq!(events().last(), Some(&Event::FeesClaimed { owner: ALICE, amount: PRICE }));
		assert_noop!(
			Agents::claim_fees(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn a_task_cannot_be_completed_after_its_deadline() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		run_to(21);
		assert_noop!(
			Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(9)),
			Error::<Test>::DeadlinePassed
		);
		assert_noop!(
			Agents::decline_task(RuntimeOrigin::signed(OSCAR), 0),
			Error::<Test>::DeadlinePassed
		);
	});
}

#[test]
fn declining_returns_everything_unspent_and_pays_no_fee() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)));
		assert_noop!(
			Agents::decline_task(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::NotOperator
		);
		assert_ok!(Agents::decline_task(RuntimeOrigin::signed(OSCAR), 0));

		assert_eq!(free(BOB), ENDOWMENT - MEDICAL_FEE - TASK_DEPOSIT);
		assert_eq!(held(HoldReason::AgentFees, ALICE), 0);
		assert_eq!(held(HoldReason::AgentStake, ALICE), STAKE);
		assert_eq!(Agents::agent(0).unwrap().reputation.declined, 1);
		assert_eq!(
			events().last(),
			Some(&Event::TaskDeclined { task: 0, agent: 0, user: BOB, refund: 900 })
		);
	});
}

#[test]
fn a_closed_task_is_cleared_by_its_user_or_by_anyone_after_retention() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_noop!(
			Agents::clear_task(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::TaskStillOpen
		);
		run_to(5);
		assert_ok!(Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(9)));
		assert_noop!(
			Agents::clear_task(RuntimeOrigin::signed(CHARLIE), 0),
			Error::<Test>::TooEarly
		);
		run_to(5 + TASK_RETENTION);
		assert_ok!(Agents::clear_task(RuntimeOrigin::signed(CHARLIE), 0));
		assert_eq!(held(HoldReason::TaskDeposit, BOB), 0);
		assert!(Agents::task(0).is_none());
		assert_eq!(
			events().last(),
			Some(&Event::TaskCleared { task: 0, user: BOB, deposit: TASK_DEPOSIT })
		);
		assert_noop!(Agents::clear_task(RuntimeOrigin::signed(BOB), 0), Error::<Test>::UnknownTask);

		// Its user clears one at once.
		bob_opens(1_000, 20 + TASK_RETENTION);
		assert_ok!(Agents::decline_task(RuntimeOrigin::signed(OSCAR), 1));
		assert_ok!(Agents::clear_task(RuntimeOrigin::signed(BOB), 1));
	});
}

#[test]
fn an_agent_has_at_most_max_open_tasks() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		bob_opens(1_000, 20);
		assert_noop!(
			Agents::open_task(RuntimeOrigin::signed(CHARLIE), 0, 1_000, PRICE, hash(1), 20),
			Error::<Test>::TooManyOpenTasks
		);
		assert_ok!(Agents::decline_task(RuntimeOrigin::signed(OSCAR), 0));
		assert_ok!(Agents::open_task(RuntimeOrigin::signed(CHARLIE), 0, 1_000, PRICE, hash(1), 20));
	});
}

#[test]
fn epoch_volumes_sum_agents_work_and_keep_the_last_epochs() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)));
		assert_ok!(Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(9)));
		Epoch::set(1);
		bob_opens(1_000, 20);

		let epoch0 = AgentVolume {
			tasks_opened: 1,
			tasks_completed: 1,
			tasks_expired: 0,
			inferences: 1,
			inference_fees: MEDICAL_FEE,
			agent_fees: PRICE,
		};
		let epoch1 = AgentVolume { tasks_opened: 1, ..Default::default() };
		assert_eq!(Agents::epoch_volumes(), vec![(1, epoch1), (0, epoch0)]);

		// Two epochs of history and the current one: epoch 3 takes epoch 0's slot.
		Epoch::set(3);
		assert_eq!(Agents::epoch_volumes(), vec![(1, epoch1)]);
		assert_ok!(Agents::decline_task(RuntimeOrigin::signed(OSCAR), 1));
		bob_opens(1_000, 20);
		assert_eq!(Agents::epoch_volumes(), vec![(3, epoch1), (1, epoch1)]);
		assert_eq!(crate::EpochVolumes::<Test>::iter().count(), 2);
	});
}
