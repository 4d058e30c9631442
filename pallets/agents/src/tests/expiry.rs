//! Tasks left open past their deadline: refunds, slashes, strikes.

use super::*;
use crate::{AgentStatus, Error, Event, PauseCause, TaskStatus};
use frame_support::{assert_noop, assert_ok};

#[test]
fn an_expired_task_refunds_the_user_and_slashes_the_stake_to_them_and_the_pool() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MEDICAL, 100, hash(2)));
		assert_noop!(
			Agents::expire_task(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::DeadlineNotPassed
		);
		run_to(20);
		assert_noop!(
			Agents::expire_task(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::DeadlineNotPassed
		);
		run_to(21);
		let pool = free(POOL);
		assert_ok!(Agents::expire_task(RuntimeOrigin::signed(BOB), 0));

		// 10 % of the 10,000 stake: half to Bob, half to the pool. Bob lost only the inference.
		assert_eq!(free(BOB), ENDOWMENT - MEDICAL_FEE - TASK_DEPOSIT + 500);
		assert_eq!(free(POOL), pool + 500);
		assert_eq!(held(HoldReason::AgentStake, ALICE), STAKE - 1_000);
		assert_eq!(Agents::task(0).unwrap().status, TaskStatus::Expired { slashed: 1_000, at: 21 });
		let agent = Agents::agent(0).unwrap();
		assert_eq!(agent.stake, STAKE - 1_000);
		assert_eq!(agent.status, AgentStatus::Active);
		assert_eq!(
			(agent.open_tasks, agent.reputation.expired, agent.reputation.strikes),
			(0, 1, 1)
		);
		assert_eq!(agent.reputation.slashed, 1_000);
		assert_eq!(
			events().last(),
			Some(&Event::TaskExpired {
				task: 0,
				agent: 0,
				user: BOB,
				refund: 900,
				to_user: 500,
				to_pool: 500
			})
		);
		assert_noop!(Agents::expire_task(RuntimeOrigin::signed(BOB), 0), Error::<Test>::TaskClosed);
	});
}

#[test]
fn only_the_user_expires_a_task_until_the_grace_period_is_over() {
	build_and_execute(|| {
		register_alices_agent();
		bob_opens(1_000, 20);
		run_to(20 + EXPIRY_GRACE);
		assert_noop!(
			Agents::expire_task(RuntimeOrigin::signed(CHARLIE), 0),
			Error::<Test>::NotUser
		);
		run_to(21 + EXPIRY_GRACE);
		assert_ok!(Agents::expire_task(RuntimeOrigin::signed(CHARLIE), 0));
		// The slash still goes to the user, not to whoever expired it.
		assert_eq!(free(BOB), ENDOWMENT - TASK_DEPOSIT + 500);
		assert_eq!(free(CHARLIE), ENDOWMENT);
	});
}

#[test]
fn max_strikes_expiries_pause_the_agent_until_its_owner_resumes_it() {
	build_and_execute(|| {
		register_alices_agent();
		for round in 0..MAX_STRIKES as u64 {
			let start = 1 + round * 30;
			run_to(start);
			bob_opens(1_000, start + 10);
			run_to(start + 11);
			assert_ok!(Agents::expire_task(RuntimeOrigin::signed(BOB), round));
		}
		let agent = Agents::agent(0).unwrap();
		assert_eq!(agent.status, AgentStatus::Paused(PauseCause::Expiries));
		assert_eq!(agent.reputation.strikes, MAX_STRIKES);
		assert_eq!(
			events().last(),
			Some(&Event::AgentPaused { agent: 0, cause: PauseCause::Expiries })
		);
		assert_noop!(
			Agents::open_task(RuntimeOrigin::signed(BOB), 0, 1_000, PRICE, hash(1), 200),
			Error::<Test>::AgentNotActive
		);

		assert_ok!(Agents::resume_agent(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(Agents::agent(0).unwrap().reputation.strikes, 0);
		assert_eq!(Agents::agent(0).unwrap().reputation.expired, MAX_STRIKES);
	});
}

#[test]
fn a_stake_slashed_below_the_minimum_pauses_the_agent_until_restaked() {
	build_and_execute(|| {
		// 5,500 staked against a minimum of 5,000: one expiry takes 550.
		assert_ok!(Agents::register_agent(
			RuntimeOrigin::signed(ALICE),
			OSCAR,
			metadata("thin"),
			models(&[MEDICAL]),
			PRICE,
			5_500,
		));
		bob_opens(1_000, 20);
		run_to(21);
		assert_ok!(Agents::expire_task(RuntimeOrigin::signed(BOB), 0));
		let agent = Agents::agent(0).unwrap();
		assert_eq!((agent.stake, agent.status), (4_950, AgentStatus::Paused(PauseCause::Stake)));

		assert_noop!(
			Agents::resume_agent(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::StakeBelowMinimum
		);
		assert_ok!(Agents::add_stake(RuntimeOrigin::signed(ALICE), 0, 50));
		assert_ok!(Agents::resume_agent(RuntimeOrigin::signed(ALICE), 0));
	});
}

#[test]
fn a_slash_never_takes_more_than_the_stake() {
	build_and_execute(|| {
		ExpirySlashOverride::set(true);
		register_alices_agent();
		bob_opens(1_000, 20);
		run_to(21);
		assert_ok!(Agents::expire_task(RuntimeOrigin::signed(BOB), 0));
		assert_eq!(held(HoldReason::AgentStake, ALICE), 0);
		assert_eq!(Agents::agent(0).unwrap().stake, 0);
		assert_eq!(free(BOB), ENDOWMENT - TASK_DEPOSIT + STAKE / 2);
	});
}
