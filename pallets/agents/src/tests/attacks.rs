//! What someone gains by calling before or after someone else, by playing several roles, or by
//! griefing: each attack, refused.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};

#[test]
fn an_owner_or_operator_cannot_open_tasks_for_its_own_agent() {
	build_and_execute(|| {
		register_alices_agent();
		// Tasks of one's own would count completed work and earnings nobody asked for.
		for who in [ALICE, OSCAR] {
			assert_noop!(
				Agents::open_task(RuntimeOrigin::signed(who), 0, 1_000, PRICE, hash(1), 20),
				Error::<Test>::OwnAgent
			);
		}
	});
}

#[test]
fn a_price_raised_just_before_a_task_is_opened_is_refused() {
	build_and_execute(|| {
		register_alices_agent();
		// Alice sees Bob's `open_task` in the pool and raises her price ahead of it.
		assert_ok!(Agents::update_agent(RuntimeOrigin::signed(ALICE), 0, None, None, Some(900)));
		assert_noop!(
			Agents::open_task(RuntimeOrigin::signed(BOB), 0, 1_000, PRICE, hash(1), 20),
			Error::<Test>::PriceAboveMax
		);
	});
}

#[test]
fn a_model_fee_raised_just_before_a_purchase_is_refused() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		// The model's owner raises its fee ahead of the operator's purchase.
		ModelFees::mutate(|fees| fees.iter_mut().for_each(|(_, fee)| *fee = 800));
		assert_noop!(
			Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)),
			Error::<Test>::FeeAboveMax
		);
		// Whatever the operator accepts, the agent's fee stays in the budget.
		assert_noop!(
			Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 800, hash(2)),
			Error::<Test>::OverBudget
		);
	});
}

#[test]
fn a_task_its_user_forgets_does_not_keep_the_agent_from_retiring() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		// Bob never expires it. After the grace period Alice may, at the price of the slash.
		run_to(21 + EXPIRY_GRACE);
		assert_ok!(Agents::expire_task(RuntimeOrigin::signed(ALICE), 0));
		assert_ok!(Agents::retire_agent(RuntimeOrigin::signed(ALICE), 0));
	});
}

#[test]
fn tasks_an_agent_cannot_do_are_declined_without_a_slash() {
	build_and_execute(|| {
		register_alices_agent();
		// Charlie opens tasks hoping they expire and pay him half a slash each.
		assert_ok!(Agents::open_task(RuntimeOrigin::signed(CHARLIE), 0, 1_000, PRICE, hash(1), 20));
		assert_ok!(Agents::open_task(RuntimeOrigin::signed(CHARLIE), 0, 1_000, PRICE, hash(2), 20));
		assert_ok!(Agents::decline_task(RuntimeOrigin::signed(OSCAR), 0));
		assert_ok!(Agents::decline_task(RuntimeOrigin::signed(OSCAR), 1));
		run_to(100);
		assert_noop!(
			Agents::expire_task(RuntimeOrigin::signed(CHARLIE), 0),
			Error::<Test>::TaskClosed
		);
		assert_eq!(held(HoldReason::AgentStake, ALICE), STAKE);
		assert_eq!(free(CHARLIE), ENDOWMENT - 2 * TASK_DEPOSIT);
	});
}

#[test]
fn a_completion_and_an_expiry_are_never_both_allowed() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		// At the deadline the operator may complete and the user may not expire; after it, the
		// other way round. Neither can pre-empt the other.
		run_to(20);
		assert_noop!(
			Agents::expire_task(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::DeadlineNotPassed
		);
		run_to(21);
		assert_noop!(
			Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(9)),
			Error::<Test>::DeadlinePassed
		);
	});
}

#[test]
fn a_retried_step_never_pays_twice() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)));
		// The operator restarts and retries the step with the same request.
		assert_noop!(
			Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)),
			Error::<Test>::DuplicateRequest
		);
		assert_eq!(Sold::get().len(), 1);
	});
}
