//! The calls' logic: every check first, then the holds and transfers, then storage.

use crate::{
	Agent, AgentMetadata, AgentStatus, AgentVolume, Agents, BalanceOf, Config, EpochVolumes, Error,
	Event, HoldReason, ModelUse, NextAgentId, NextTaskId, Pallet, PauseCause, Reputation, Task,
	TaskInference, TaskStatus, Tasks,
};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{AgentId, InferenceMarket, ModelId, TaskId};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	ArithmeticError, DispatchError,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register(
		owner: T::AccountId,
		operator: T::AccountId,
		metadata: AgentMetadata<T>,
		models: BoundedVec<ModelId, T::MaxModels>,
		price: BalanceOf<T>,
		stake: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(operator != owner, Error::<T>::OperatorIsOwner);
		let models = Self::checked_models(&models, &BoundedVec::new())?;
		ensure!(stake >= T::MinStake::get(), Error::<T>::StakeBelowMinimum);
		let id = NextAgentId::<T>::get();
		let next_id = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		T::Currency::hold(&HoldReason::AgentStake.into(), &owner, stake)?;

		Agents::<T>::insert(
			id,
			Agent {
				owner: owner.clone(),
				operator: operator.clone(),
				metadata,
				models,
				price,
				stake,
				status: AgentStatus::Active,
				open_tasks: 0,
				reputation: Reputation::default(),
				offered_to: None,
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		NextAgentId::<T>::put(next_id);
		Self::deposit_event(Event::AgentRegistered { agent: id, owner, operator, price, stake });
		Ok(())
	}

	pub(crate) fn do_update(
		owner: T::AccountId,
		id: AgentId,
		metadata: Option<AgentMetadata<T>>,
		models: Option<BoundedVec<ModelId, T::MaxModels>>,
		price: Option<BalanceOf<T>>,
	) -> DispatchResult {
		let mut agent = Self::owned_agent(&owner, id)?;
		ensure!(!agent.is_retired(), Error::<T>::Retired);
		if let Some(models) = models {
			agent.models = Self::checked_models(&models, &agent.models)?;
		}
		if let Some(metadata) = metadata {
			agent.metadata = metadata;
		}
		if let Some(price) = price {
			agent.price = price;
		}
		let (price, models) = (agent.price, agent.models.len() as u32);
		Agents::<T>::insert(id, agent);
		Self::deposit_event(Event::AgentUpdated { agent: id, price, models });
		Ok(())
	}

	pub(crate) fn do_pause(owner: T::AccountId, id: AgentId) -> DispatchResult {
		let mut agent = Self::owned_agent(&owner, id)?;
		match agent.status {
			AgentStatus::Active => {},
			AgentStatus::Paused(_) => return Err(Error::<T>::AlreadyPaused.into()),
			AgentStatus::Retired { .. } => return Err(Error::<T>::Retired.into()),
		}
		agent.status = AgentStatus::Paused(PauseCause::Owner);
		Agents::<T>::insert(id, agent);
		Self::deposit_event(Event::AgentPaused { agent: id, cause: PauseCause::Owner });
		Ok(())
	}

	pub(crate) fn do_resume(owner: T::AccountId, id: AgentId) -> DispatchResult {
		let mut agent = Self::owned_agent(&owner, id)?;
		ensure!(matches!(agent.status, AgentStatus::Paused(_)), Error::<T>::NotPaused);
		ensure!(agent.stake >= T::MinStake::get(), Error::<T>::StakeBelowMinimum);
		agent.status = AgentStatus::Active;
		agent.reputation.strikes = 0;
		Agents::<T>::insert(id, agent);
		Self::deposit_event(Event::AgentResumed { agent: id });
		Ok(())
	}

	pub(crate) fn do_add_stake(
		owner: T::AccountId,
		id: AgentId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut agent = Self::owned_agent(&owner, id)?;
		ensure!(!agent.is_retired(), Error::<T>::Retired);
		let stake = agent.stake.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		T::Currency::hold(&HoldReason::AgentStake.into(), &owner, amount)?;
		agent.stake = stake;
		Agents::<T>::insert(id, agent);
		Self::deposit_event(Event::StakeAdded { agent: id, amount, stake });
		Ok(())
	}

	pub(crate) fn do_retire(owner: T::AccountId, id: AgentId) -> DispatchResult {
		let mut agent = Self::owned_agent(&owner, id)?;
		ensure!(!agent.is_retired(), Error::<T>::Retired);
		ensure!(agent.open_tasks == 0, Error::<T>::OpenTasks);
		let unbonds_at = Self::now().saturating_add(T::UnbondingPeriod::get());
		agent.status = AgentStatus::Retired { unbonds_at };
		agent.offered_to = None;
		Agents::<T>::insert(id, agent);
		Self::deposit_event(Event::AgentRetired { agent: id, unbonds_at });
		Ok(())
	}

	pub(crate) fn do_release_stake(owner: T::AccountId, id: AgentId) -> DispatchResult {
		let agent = Self::owned_agent(&owner, id)?;
		let AgentStatus::Retired { unbonds_at } = agent.status else {
			return Err(Error::<T>::NotRetired.into());
		};
		ensure!(Self::now() >= unbonds_at, Error::<T>::StillUnbonding);
		let amount = T::Currency::release(
			&HoldReason::AgentStake.into(),
			&owner,
			agent.stake,
			Precision::BestEffort,
		)?;
		Agents::<T>::remove(id);
		Self::deposit_event(Event::StakeReleased { agent: id, owner, amount });
		Ok(())
	}

	pub(crate) fn do_offer(
		owner: T::AccountId,
		id: AgentId,
		to: Option<T::AccountId>,
	) -> DispatchResult {
		let mut agent = Self::owned_agent(&owner, id)?;
		ensure!(!agent.is_retired(), Error::<T>::Retired);
		agent.offered_to = to.clone();
		Agents::<T>::insert(id, agent);
		Self::deposit_event(Event::OwnershipOffered { agent: id, to });
		Ok(())
	}

	pub(crate) fn do_accept(new_owner: T::AccountId, id: AgentId) -> DispatchResult {
		let mut agent = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(agent.offered_to.as_ref() == Some(&new_owner), Error::<T>::NotOffered);
		ensure!(!agent.is_retired(), Error::<T>::Retired);
		ensure!(agent.operator != new_owner, Error::<T>::OperatorIsOwner);
		let reason = HoldReason::AgentStake.into();
		T::Currency::hold(&reason, &new_owner, agent.stake)?;
		T::Currency::release(&reason, &agent.owner, agent.stake, Precision::Exact)?;
		let from = core::mem::replace(&mut agent.owner, new_owner.clone());
		agent.offered_to = None;
		Agents::<T>::insert(id, agent);
		Self::deposit_event(Event::OwnershipTransferred { agent: id, from, to: new_owner });
		Ok(())
	}

	pub(crate) fn do_set_operator(
		owner: T::AccountId,
		id: AgentId,
		operator: T::AccountId,
	) -> DispatchResult {
		let mut agent = Self::owned_agent(&owner, id)?;
		ensure!(!agent.is_retired(), Error::<T>::Retired);
		ensure!(operator != owner, Error::<T>::OperatorIsOwner);
		agent.operator = operator.clone();
		Agents::<T>::insert(id, agent);
		Self::deposit_event(Event::OperatorChanged { agent: id, operator });
		Ok(())
	}

	pub(crate) fn do_open_task(
		user: T::AccountId,
		agent_id: AgentId,
		budget: BalanceOf<T>,
		max_agent_fee: BalanceOf<T>,
		request_hash: H256,
		deadline: BlockNumberFor<T>,
	) -> DispatchResult {
		let mut agent = Agents::<T>::get(agent_id).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(agent.status == AgentStatus::Active, Error::<T>::AgentNotActive);
		ensure!(user != agent.owner && user != agent.operator, Error::<T>::OwnAgent);
		ensure!(agent.price <= max_agent_fee, Error::<T>::PriceAboveMax);
		ensure!(budget >= agent.price, Error::<T>::BudgetBelowPrice);
		let now = Self::now();
		ensure!(deadline > now, Error::<T>::DeadlineInPast);
		ensure!(
			deadline <= now.saturating_add(T::MaxTaskDuration::get()),
			Error::<T>::DeadlineTooFar
		);
		ensure!(agent.open_tasks < T::MaxOpenTasks::get(), Error::<T>::TooManyOpenTasks);
		let id = NextTaskId::<T>::get();
		let next_id = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let deposit = T::TaskDeposit::get();
		T::Currency::hold(&HoldReason::TaskBudget.into(), &user, budget)?;
		T::Currency::hold(&HoldReason::TaskDeposit.into(), &user, deposit)?;

		let agent_fee = agent.price;
		agent.open_tasks.saturating_inc();
		Agents::<T>::insert(agent_id, agent);
		Tasks::<T>::insert(
			id,
			Task {
				agent: agent_id,
				user: user.clone(),
				budget,
				agent_fee,
				request_hash,
				deadline,
				opened_at: now,
				spent: Zero::zero(),
				inferences: BoundedVec::new(),
				status: TaskStatus::Open,
				deposit,
			},
		);
		NextTaskId::<T>::put(next_id);
		Self::note_volume(|v| v.tasks_opened.saturating_inc());
		Self::deposit_event(Event::TaskOpened {
			task: id,
			agent: agent_id,
			user,
			budget,
			agent_fee,
			request_hash,
			deadline,
		});
		Ok(())
	}

	pub(crate) fn do_buy_inference(
		operator: T::AccountId,
		task_id: TaskId,
		model: ModelId,
		max_fee: BalanceOf<T>,
		request_hash: H256,
	) -> DispatchResult {
		let (mut task, mut agent) = Self::open_task_of_operator(&operator, task_id)?;
		let model_use = agent
			.models
			.iter_mut()
			.find(|m| m.model == model)
			.ok_or(Error::<T>::ModelNotAllowed)?;
		let fee = T::Inferences::fee(model).ok_or(Error::<T>::ModelUnavailable)?;
		ensure!(fee <= max_fee, Error::<T>::FeeAboveMax);
		let spent = task.spent.checked_add(&fee).ok_or(ArithmeticError::Overflow)?;
		ensure!(spent.saturating_add(task.agent_fee) <= task.budget, Error::<T>::OverBudget);
		ensure!(
			!task.inferences.iter().any(|i| i.request_hash == request_hash),
			Error::<T>::DuplicateRequest
		);
		// The fee leaves the budget's hold and, in the same call, the user's free balance.
		T::Currency::release(&HoldReason::TaskBudget.into(), &task.user, fee, Precision::Exact)?;
		let (inference, paid) = T::Inferences::request(&task.user, model, fee, request_hash)?;
		task.inferences
			.try_push(TaskInference { inference, model, fee: paid, request_hash })
			.map_err(|_| Error::<T>::TooManyInferences)?;

		task.spent = spent;
		model_use.inferences.saturating_inc();
		let reputation = &mut agent.reputation;
		reputation.inferences.saturating_inc();
		reputation.spent_on_inferences.saturating_accrue(paid);
		let agent_id = task.agent;
		Agents::<T>::insert(agent_id, agent);
		Tasks::<T>::insert(task_id, task);
		Self::note_volume(|v| {
			v.inferences.saturating_inc();
			v.inference_fees.saturating_accrue(paid);
		});
		Self::deposit_event(Event::InferenceBought {
			task: task_id,
			agent: agent_id,
			inference,
			model,
			fee: paid,
			spent,
		});
		Ok(())
	}

	pub(crate) fn do_complete(
		operator: T::AccountId,
		task_id: TaskId,
		result_hash: H256,
	) -> DispatchResult {
		let (mut task, mut agent) = Self::open_task_of_operator(&operator, task_id)?;
		let fee = task.agent_fee;
		let refund = task.unspent().saturating_sub(fee);
		if !fee.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::TaskBudget.into(),
				&task.user,
				&agent.owner,
				fee,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
			T::Currency::hold(&HoldReason::AgentFees.into(), &agent.owner, fee)?;
		}
		Self::release_budget(&task.user, refund)?;

		let now = Self::now();
		task.status = TaskStatus::Completed { result_hash, at: now };
		agent.open_tasks.saturating_dec();
		agent.reputation.completed.saturating_inc();
		agent.reputation.earned.saturating_accrue(fee);
		let (agent_id, owner, user) = (task.agent, agent.owner.clone(), task.user.clone());
		Agents::<T>::insert(agent_id, agent);
		Tasks::<T>::insert(task_id, task);
		Self::note_volume(|v| {
			v.tasks_completed.saturating_inc();
			v.agent_fees.saturating_accrue(fee);
		});
		Self::deposit_event(Event::TaskCompleted {
			task: task_id,
			agent: agent_id,
			result_hash,
			owner,
			agent_fee: fee,
			user,
			refund,
		});
		Ok(())
	}

	pub(crate) fn do_decline(operator: T::AccountId, task_id: TaskId) -> DispatchResult {
		let (mut task, mut agent) = Self::open_task_of_operator(&operator, task_id)?;
		let refund = task.unspent();
		Self::release_budget(&task.user, refund)?;

		task.status = TaskStatus::Declined { at: Self::now() };
		agent.open_tasks.saturating_dec();
		agent.reputation.declined.saturating_inc();
		let (agent_id, user) = (task.agent, task.user.clone());
		Agents::<T>::insert(agent_id, agent);
		Tasks::<T>::insert(task_id, task);
		Self::deposit_event(Event::TaskDeclined { task: task_id, agent: agent_id, user, refund });
		Ok(())
	}

	pub(crate) fn do_expire(caller: T::AccountId, task_id: TaskId) -> DispatchResult {
		let mut task = Tasks::<T>::get(task_id).ok_or(Error::<T>::UnknownTask)?;
		ensure!(task.status == TaskStatus::Open, Error::<T>::TaskClosed);
		let now = Self::now();
		ensure!(now > task.deadline, Error::<T>::DeadlineNotPassed);
		ensure!(
			caller == task.user || now > task.deadline.saturating_add(T::ExpiryGrace::get()),
			Error::<T>::NotUser
		);
		// An open task's agent is on record: it cannot retire, so its stake stays, until then.
		let mut agent = Agents::<T>::get(task.agent).ok_or(Error::<T>::UnknownAgent)?;
		let refund = task.unspent();
		Self::release_budget(&task.user, refund)?;
		let slash = T::ExpirySlash::get().mul_floor(agent.stake);
		let to_user =
			Self::slash(&agent.owner, T::SlashToUser::get().mul_floor(slash), &task.user)?;
		let to_pool =
			Self::slash(&agent.owner, slash.saturating_sub(to_user), &T::RewardsPool::get())?;
		let slashed = to_user.saturating_add(to_pool);

		task.status = TaskStatus::Expired { slashed, at: now };
		agent.stake.saturating_reduce(slashed);
		agent.open_tasks.saturating_dec();
		let reputation = &mut agent.reputation;
		reputation.expired.saturating_inc();
		reputation.strikes.saturating_inc();
		reputation.slashed.saturating_accrue(slashed);
		let pause = if agent.status != AgentStatus::Active {
			None
		} else if agent.reputation.strikes >= T::MaxStrikes::get() {
			Some(PauseCause::Expiries)
		} else if agent.stake < T::MinStake::get() {
			Some(PauseCause::Stake)
		} else {
			None
		};
		if let Some(cause) = pause {
			agent.status = AgentStatus::Paused(cause);
		}
		let (agent_id, user) = (task.agent, task.user.clone());
		Agents::<T>::insert(agent_id, agent);
		Tasks::<T>::insert(task_id, task);
		Self::note_volume(|v| v.tasks_expired.saturating_inc());
		Self::deposit_event(Event::TaskExpired {
			task: task_id,
			agent: agent_id,
			user,
			refund,
			to_user,
			to_pool,
		});
		if let Some(cause) = pause {
			Self::deposit_event(Event::AgentPaused { agent: agent_id, cause });
		}
		Ok(())
	}

	pub(crate) fn do_clear(caller: T::AccountId, task_id: TaskId) -> DispatchResult {
		let task = Tasks::<T>::get(task_id).ok_or(Error::<T>::UnknownTask)?;
		let closed_at = match task.status {
			TaskStatus::Open => return Err(Error::<T>::TaskStillOpen.into()),
			TaskStatus::Completed { at, .. } |
			TaskStatus::Declined { at } |
			TaskStatus::Expired { at, .. } => at,
		};
		ensure!(
			caller == task.user || Self::now() >= closed_at.saturating_add(T::TaskRetention::get()),
			Error::<T>::TooEarly
		);
		let deposit = T::Currency::release(
			&HoldReason::TaskDeposit.into(),
			&task.user,
			task.deposit,
			Precision::BestEffort,
		)?;
		Tasks::<T>::remove(task_id);
		Self::deposit_event(Event::TaskCleared { task: task_id, user: task.user, deposit });
		Ok(())
	}

	pub(crate) fn do_claim_fees(owner: T::AccountId) -> DispatchResult {
		let reason = HoldReason::AgentFees.into();
		let amount = T::Currency::balance_on_hold(&reason, &owner);
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		T::Currency::release(&reason, &owner, amount, Precision::Exact)?;
		Self::deposit_event(Event::FeesClaimed { owner, amount });
		Ok(())
	}

	/// The agent `id`, if `who` owns it.
	fn owned_agent(who: &T::AccountId, id: AgentId) -> Result<Agent<T>, DispatchError> {
		let agent = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(&agent.owner == who, Error::<T>::NotOwner);
		Ok(agent)
	}

	/// Open task `id` and its agent, if `who` operates the agent and the deadline has not
	/// passed.
	fn open_task_of_operator(
		who: &T::AccountId,
		id: TaskId,
	) -> Result<(Task<T>, Agent<T>), DispatchError> {
		let task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		ensure!(task.status == TaskStatus::Open, Error::<T>::TaskClosed);
		let agent = Agents::<T>::get(task.agent).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(&agent.operator == who, Error::<T>::NotOperator);
		ensure!(Self::now() <= task.deadline, Error::<T>::DeadlinePassed);
		Ok((task, agent))
	}

	/// `models` as an agent's list: each once and available, keeping the counts `old` has of
	/// those it keeps.
	fn checked_models(
		models: &BoundedVec<ModelId, T::MaxModels>,
		old: &BoundedVec<ModelUse, T::MaxModels>,
	) -> Result<BoundedVec<ModelUse, T::MaxModels>, DispatchError> {
		ensure!(!models.is_empty(), Error::<T>::NoModels);
		let mut uses = BoundedVec::<ModelUse, T::MaxModels>::new();
		for &model in models {
			ensure!(!uses.iter().any(|u| u.model == model), Error::<T>::DuplicateModel);
			ensure!(T::Inferences::fee(model).is_some(), Error::<T>::ModelUnavailable);
			let inferences = old.iter().find(|u| u.model == model).map_or(0, |u| u.inferences);
			// As many entries as `models`, which has the same bound.
			uses.try_push(ModelUse { model, inferences })
				.map_err(|_| Error::<T>::DuplicateModel)?;
		}
		Ok(uses)
	}

	/// Releases `amount` of `user`'s held budget to them.
	fn release_budget(user: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&HoldReason::TaskBudget.into(), user, amount, Precision::Exact)?;
		}
		Ok(())
	}

	/// Moves `amount` of `owner`'s agent stake to `to`, free; returns how much moved.
	fn slash(
		owner: &T::AccountId,
		amount: BalanceOf<T>,
		to: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		if amount.is_zero() {
			return Ok(amount);
		}
		T::Currency::transfer_on_hold(
			&HoldReason::AgentStake.into(),
			owner,
			to,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
	}

	/// Adds to the current epoch's agent volume, in a ring of `VolumeHistory + 1` slots: the
	/// slot's older epoch, if any, is overwritten.
	fn note_volume(add: impl FnOnce(&mut AgentVolume<BalanceOf<T>>)) {
		let epoch = T::CurrentEpoch::get();
		EpochVolumes::<T>::mutate(Self::volume_slot(epoch), |slot| {
			let mut volume = match slot {
				Some((at, volume)) if *at == epoch => *volume,
				_ => AgentVolume::default(),
			};
			add(&mut volume);
			*slot = Some((epoch, volume));
		});
	}

	/// Where `epoch`'s volume is kept.
	pub(crate) fn volume_slot(epoch: crate::EpochIndex) -> u32 {
		epoch.checked_rem(T::VolumeHistory::get().saturating_add(1)).unwrap_or_default()
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}
}

impl<T: Config> Agent<T> {
	/// Whether it retired.
	pub fn is_retired(&self) -> bool {
		matches!(self.status, AgentStatus::Retired { .. })
	}
}
