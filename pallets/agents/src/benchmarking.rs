//! Benchmarks of every call, each in its worst case: the most models an agent lists, the most
//! inferences a task holds before the one bought, fees paid and stakes slashed rather than
//! skipped, and an agent paused by the expiry that slashes it.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::traits::{Bounded, One, Saturating};

/// A lot of OPEN: stakes, budgets and fees many times over.
fn plenty<T: Config>() -> BalanceOf<T> {
	T::MinStake::get()
		.saturating_add(T::TaskDeposit::get())
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(1_000u32.into())
}

/// An account called `name`, holding plenty.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::Currency::set_balance(&who, plenty::<T>());
	who
}

/// Text of the longest length.
fn text<T: Config>() -> Text<T> {
	BoundedVec::truncate_from(alloc::vec![b'a'; T::MaxTextLength::get() as usize])
}

fn metadata<T: Config>() -> AgentMetadata<T> {
	AgentMetadata { name: text::<T>(), description_uri: text::<T>(), endpoint_uri: text::<T>() }
}

/// `count` models that serve inferences.
fn models<T: Config>(owner: &T::AccountId, count: u32) -> BoundedVec<ModelId, T::MaxModels> {
	BoundedVec::truncate_from((0..count).map(|_| T::BenchmarkHelper::model(owner)).collect())
}

/// The fee an agent asks in these benchmarks: not zero, so that completing pays one.
fn price<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(10u32.into())
}

/// An agent owned by "owner" and run by "operator", listing the most models; returns it, its
/// owner and operator.
fn agent<T: Config>() -> Result<(AgentId, T::AccountId, T::AccountId), BenchmarkError> {
	let owner = funded::<T>("owner");
	let operator = funded::<T>("operator");
	let id = NextAgentId::<T>::get();
	Pallet::<T>::register_agent(
		RawOrigin::Signed(owner.clone()).into(),
		operator.clone(),
		metadata::<T>(),
		models::<T>(&owner, T::MaxModels::get()),
		price::<T>(),
		T::MinStake::get().saturating_mul(2u32.into()),
	)?;
	Ok((id, owner, operator))
}

/// A task for `agent` opened by "user" with plenty of budget, due as late as allowed.
fn task<T: Config>(agent: AgentId) -> Result<(TaskId, T::AccountId), BenchmarkError> {
	let user = funded::<T>("user");
	let id = NextTaskId::<T>::get();
	let deadline =
		frame_system::Pallet::<T>::block_number().saturating_add(T::MaxTaskDuration::get());
	Pallet::<T>::open_task(
		RawOrigin::Signed(user.clone()).into(),
		agent,
		// Room for the price and the most inferences a task buys.
		T::MinStake::get().saturating_mul(10u32.into()),
		price::<T>(),
		H256::zero(),
		deadline,
	)?;
	Ok((id, user))
}

/// Has the operator buy `count` inferences for `task`, of the agent's last model.
fn buy<T: Config>(
	operator: &T::AccountId,
	task: TaskId,
	model: ModelId,
	count: u32,
) -> Result<(), BenchmarkError> {
	for n in 0..count {
		Pallet::<T>::buy_inference(
			RawOrigin::Signed(operator.clone()).into(),
			task,
			model,
			BalanceOf::<T>::max_value(),
			H256::repeat_byte(u8::try_from(n).unwrap_or(u8::MAX).saturating_add(1)),
		)?;
	}
	Ok(())
}

/// The last model `agent` lists: found last.
fn last_model<T: Config>(agent: AgentId) -> Result<ModelId, BenchmarkError> {
	Pallet::<T>::agent(agent)
		.and_then(|a| a.models.last().map(|m| m.model))
		.ok_or(BenchmarkError::Stop("no agent"))
}

fn run_to<T: Config>(block: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(block);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// Each model listed is checked available.
	#[benchmark]
	fn register_agent(m: Linear<1, { T::MaxModels::get() }>) {
		let owner = funded::<T>("owner");
		let operator = funded::<T>("operator");
		let models = models::<T>(&owner, m);
		let stake = T::MinStake::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), operator, metadata::<T>(), models, price::<T>(), stake);

		assert!(Pallet::<T>::agent(0).is_some());
	}

	// Every part changes; each new model is checked, and looked up among the old ones.
	#[benchmark]
	fn update_agent(m: Linear<1, { T::MaxModels::get() }>) -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;
		let models = models::<T>(&owner, m);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, Some(metadata::<T>()), Some(models), Some(One::one()));

		assert_eq!(Pallet::<T>::agent(id).map(|a| a.models.len() as u32), Some(m));
		Ok(())
	}

	#[benchmark]
	fn pause_agent() -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(matches!(Pallet::<T>::agent(id).map(|a| a.status), Some(AgentStatus::Paused(_))));
		Ok(())
	}

	#[benchmark]
	fn resume_agent() -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;
		Pallet::<T>::pause_agent(RawOrigin::Signed(owner.clone()).into(), id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert_eq!(Pallet::<T>::agent(id).map(|a| a.status), Some(AgentStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn add_stake() -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, T::MinStake::get());

		Ok(())
	}

	#[benchmark]
	fn retire_agent() -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(Pallet::<T>::agent(id).is_some_and(|a| a.is_retired()));
		Ok(())
	}

	#[benchmark]
	fn release_stake() -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;
		Pallet::<T>::retire_agent(RawOrigin::Signed(owner.clone()).into(), id)?;
		run_to::<T>(
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get()),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(Pallet::<T>::agent(id).is_none());
		Ok(())
	}

	#[benchmark]
	fn offer_ownership() -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;
		let to = funded::<T>("new owner");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, Some(to.clone()));

		assert_eq!(Pallet::<T>::agent(id).and_then(|a| a.offered_to), Some(to));
		Ok(())
	}

	// The stake is held from the new owner and released to the old one.
	#[benchmark]
	fn accept_ownership() -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;
		let to = funded::<T>("new owner");
		Pallet::<T>::offer_ownership(RawOrigin::Signed(owner).into(), id, Some(to.clone()))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(to.clone()), id);

		assert_eq!(Pallet::<T>::agent(id).map(|a| a.owner), Some(to));
		Ok(())
	}

	#[benchmark]
	fn set_operator() -> Result<(), BenchmarkError> {
		let (id, owner, _) = agent::<T>()?;
		let operator = funded::<T>("new operator");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, operator.clone());

		assert_eq!(Pallet::<T>::agent(id).map(|a| a.operator), Some(operator));
		Ok(())
	}

	// A new epoch's volume slot is written over.
	#[benchmark]
	fn open_task() -> Result<(), BenchmarkError> {
		let (id, _, _) = agent::<T>()?;
		let user = funded::<T>("user");
		let deadline =
			frame_system::Pallet::<T>::block_number().saturating_add(T::MaxTaskDuration::get());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(user),
			id,
			price::<T>().saturating_mul(100u32.into()),
			price::<T>(),
			H256::zero(),
			deadline,
		);

		assert!(Pallet::<T>::task(0).is_some());
		Ok(())
	}

	// The agent's last model, a task holding all but one of the inferences it may buy (each
	// compared with the new request), and the inference requested for real.
	#[benchmark]
	fn buy_inference() -> Result<(), BenchmarkError> {
		let (agent_id, _, operator) = agent::<T>()?;
		let (id, _) = task::<T>(agent_id)?;
		let model = last_model::<T>(agent_id)?;
		let before = T::MaxTaskInferences::get().saturating_sub(1);
		buy::<T>(&operator, id, model, before)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(operator),
			id,
			model,
			BalanceOf::<T>::max_value(),
			H256::repeat_byte(0xff),
		);

		assert_eq!(
			Pallet::<T>::task(id).map(|t| t.inferences.len() as u32),
			Some(T::MaxTaskInferences::get())
		);
		Ok(())
	}

	// A fee paid to the owner and held there, and the rest released.
	#[benchmark]
	fn complete_task() -> Result<(), BenchmarkError> {
		let (agent_id, owner, operator) = agent::<T>()?;
		let (id, _) = task::<T>(agent_id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), id, H256::zero());

		assert_eq!(Pallet::<T>::claimable_fees(&owner), price::<T>());
		Ok(())
	}

	#[benchmark]
	fn decline_task() -> Result<(), BenchmarkError> {
		let (agent_id, _, operator) = agent::<T>()?;
		let (id, _) = task::<T>(agent_id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), id);

		Ok(())
	}

	// A slash to the user and to the pool, and the agent paused by it: its last strike.
	#[benchmark]
	fn expire_task() -> Result<(), BenchmarkError> {
		let (agent_id, _, _) = agent::<T>()?;
		let (id, user) = task::<T>(agent_id)?;
		crate::Agents::<T>::mutate(agent_id, |a| {
			if let Some(a) = a {
				a.reputation.strikes = T::MaxStrikes::get().saturating_sub(1);
			}
		});
		let deadline = Pallet::<T>::task(id)
			.map(|t| t.deadline)
			.ok_or(BenchmarkError::Stop("no task"))?;
		run_to::<T>(deadline.saturating_add(One::one()));

		#[extrinsic_call]
		_(RawOrigin::Signed(user), id);

		assert!(matches!(
			Pallet::<T>::agent(agent_id).map(|a| a.status),
			Some(AgentStatus::Paused(_))
		));
		Ok(())
	}

	#[benchmark]
	fn clear_task() -> Result<(), BenchmarkError> {
		let (agent_id, _, operator) = agent::<T>()?;
		let (id, user) = task::<T>(agent_id)?;
		Pallet::<T>::decline_task(RawOrigin::Signed(operator).into(), id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(user), id);

		assert!(Pallet::<T>::task(id).is_none());
		Ok(())
	}

	#[benchmark]
	fn claim_fees() -> Result<(), BenchmarkError> {
		let (agent_id, owner, operator) = agent::<T>()?;
		let (id, _) = task::<T>(agent_id)?;
		Pallet::<T>::complete_task(RawOrigin::Signed(operator).into(), id, H256::zero())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()));

		assert_eq!(Pallet::<T>::claimable_fees(&owner), 0u32.into());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
