//! `try_state`: the pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	Agents, BalanceOf, Config, HoldReason, NextAgentId, NextTaskId, Pallet, TaskStatus, Tasks,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use openledger_primitives::AgentId;
use sp_runtime::{traits::Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Checks that each agent's stake is held from its owner, each open task's unspent budget
	/// and each task's deposit from its user, that open-task counts match the tasks, and that
	/// no task spent what its agent's fee needs. Linear in the pallet's storage: never called
	/// by extrinsics.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut open = BTreeMap::<AgentId, u32>::new();
		let mut budgets = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let next_task = NextTaskId::<T>::get();
		for (id, task) in Tasks::<T>::iter() {
			ensure!(id < next_task, "a task id is not below NextTaskId");
			let spent = task
				.inferences
				.iter()
				.fold(BalanceOf::<T>::default(), |sum, i| sum.saturating_add(i.fee));
			ensure!(spent == task.spent, "a task's spending is not the sum of its inferences");
			ensure!(
				task.spent.saturating_add(task.agent_fee) <= task.budget,
				"a task spent the agent's fee"
			);
			if task.status == TaskStatus::Open {
				ensure!(Agents::<T>::contains_key(task.agent), "an open task's agent is gone");
				open.entry(task.agent).or_default().saturating_inc();
				budgets.entry(task.user.clone()).or_default().saturating_accrue(task.unspent());
			}
			deposits.entry(task.user).or_default().saturating_accrue(task.deposit);
		}

		let mut stakes = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let next_agent = NextAgentId::<T>::get();
		for (id, agent) in Agents::<T>::iter() {
			ensure!(id < next_agent, "an agent id is not below NextAgentId");
			ensure!(agent.operator != agent.owner, "an agent's operator is its owner");
			ensure!(!agent.models.is_empty(), "an agent calls no model");
			ensure!(
				agent.open_tasks == open.remove(&id).unwrap_or_default(),
				"an agent's open-task count does not match its open tasks"
			);
			ensure!(agent.open_tasks <= T::MaxOpenTasks::get(), "an agent has too many open tasks");
			ensure!(!agent.is_retired() || agent.open_tasks == 0, "a retired agent has open tasks");
			stakes.entry(agent.owner).or_default().saturating_accrue(agent.stake);
		}
		ensure!(open.is_empty(), "open tasks of agents not on record");

		let held = |reason: HoldReason, who: &T::AccountId| {
			T::Currency::balance_on_hold(&reason.into(), who)
		};
		for (owner, stake) in stakes {
			ensure!(held(HoldReason::AgentStake, &owner) == stake, "stakes and holds differ");
		}
		for (user, budget) in budgets {
			ensure!(held(HoldReason::TaskBudget, &user) == budget, "budgets and holds differ");
		}
		for (user, deposit) in deposits {
			ensure!(
				held(HoldReason::TaskDeposit, &user) == deposit,
				"task deposits and holds differ"
			);
		}
		Ok(())
	}
}
