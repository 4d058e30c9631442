//! Agents: registered AI agents that do tasks for users with the chain's models, paid from a
//! budget the user holds, staked by their owners, with an on-chain record of their work.
//!
//! ## Overview
//!
//! An **agent** is a program that does tasks for people by calling models: "answer with the
//! medical model, then summarise with the general one". Its **owner** registers it
//! ([`Pallet::register_agent`]) with an **operator** key (the key its gateway runs it with,
//! never the owner's), what it says of itself, the models it may call, its **price** per task
//! and a **stake** held from the owner: at least [`Config::MinStake`], which the `parameters`
//! governance track sets.
//!
//! 1. A user opens a **task** ([`Pallet::open_task`]) with a **budget**, held from them, the most
//!    agent fee they accept, a commitment to the request and a deadline.
//! 2. The operator buys inferences for it ([`Pallet::buy_inference`]): each is an ordinary
//!    attributed inference of `pallet-attribution` ([`Config::Inferences`]), paid from the task's
//!    budget, whose consumer is the user who opened the task. So its provider settles it, its fee
//!    is split down to the data, and anyone may challenge its record, like any other; and a refund
//!    of one nobody settled goes back to the user.
//! 3. The operator completes the task with a commitment to the result ([`Pallet::complete_task`]):
//!    the agent's fee goes to its owner as a claimable reward ([`Pallet::claim_fees`]), the unspent
//!    budget back to the user. Or it declines it ([`Pallet::decline_task`]): everything unspent
//!    goes back, and no fee is paid.
//! 4. A task still open after its deadline may be expired ([`Pallet::expire_task`]) by its user,
//!    and by anyone [`Config::ExpiryGrace`] later: the unspent budget goes back, and
//!    [`Config::ExpirySlash`] of the agent's stake is slashed, to the user
//!    ([`Config::SlashToUser`]) and the rewards pool. After [`Config::MaxStrikes`] expiries the
//!    agent is paused until its owner resumes it.
//! 5. The agent's record ([`Reputation`]) counts its tasks completed, expired and declined, what it
//!    earned, the inferences it bought and of which models; [`EpochVolumes`] sums agents' work per
//!    emission epoch, against which the chain's whole inference volume is compared.
//!
//! Everything an agent or task puts in state is paid for: an agent's record by its stake, a
//! task's by [`Config::TaskDeposit`] held from its user until the closed task is cleared
//! ([`Pallet::clear_task`]). Nothing is created or destroyed: budgets, stakes and fees move
//! between accounts and holds.
//!
//! ## Example
//!
//! ```ignore
//! // From the tests: Alice's agent (operated by Oscar) does a task for Bob with one inference.
//! assert_ok!(Agents::open_task(RuntimeOrigin::signed(BOB), 0, 1_000, PRICE, hash(1), 20));
//! assert_ok!(Agents::buy_inference(RuntimeOrigin::signed(OSCAR), 0, MODEL, 100, hash(2)));
//! assert_ok!(Agents::complete_task(RuntimeOrigin::signed(OSCAR), 0, hash(3)));
//! assert_ok!(Agents::claim_fees(RuntimeOrigin::signed(ALICE)));
//! ```
//!
//! ## Design notes
//!
//! - The consumer of a task's inferences is its user, not an account of the task's: a refund of one
//!   nobody settled then reaches the user directly whenever it comes, and the user may refund and
//!   challenge it like any inference they paid for. The task lists its inferences, which is how its
//!   budget is followed down to the data.
//! - An agent fee is held on the owner ([`HoldReason::AgentFees`]) until claimed, rather than
//!   credited through `pallet-rewards`: nothing can dispute it, so it has no challenge period, and
//!   it earns no emission, which scores data only.
//! - A task buys one inference per request hash: an operator that restarts in the middle of a task
//!   and retries a step is refused (`DuplicateRequest`) rather than paying twice.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(any(feature = "std", feature = "try-runtime"))]
mod invariants;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use frame_support::traits::fungible;
pub use openledger_primitives::{AgentId, InferenceId, ModelId, TaskId};

/// The account id type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of OPEN.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;

/// What benchmarks need of the rest of the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// A model that serves inferences, owned by `owner`.
	fn model(owner: &AccountId) -> ModelId;
}

// FRAME's attribute macros expand to `expect()`s that carry our spans; the lint stays on for the
// code outside this module.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{InspectHold, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use openledger_primitives::InferenceMarket;
	use sp_core::H256;
	use sp_runtime::{traits::Saturating, Perbill};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency stakes, budgets and fees are in (OPEN).
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Where tasks buy inferences: `pallet-attribution`.
		type Inferences: InferenceMarket<Self::AccountId, BalanceOf<Self>>;

		/// The community rewards pool: receives the pool's part of every slash.
		type RewardsPool: Get<Self::AccountId>;

		/// The emission epoch in progress (`pallet-rewards`'), which agents' volume is summed by.
		type CurrentEpoch: Get<EpochIndex>;

		/// The least stake an agent holds to take tasks: a parameter the `parameters` governance
		/// track sets. A raised minimum applies to new agents and to resuming paused ones.
		type MinStake: Get<BalanceOf<Self>>;

		/// What a user deposits for each task's record, released when it is cleared.
		type TaskDeposit: Get<BalanceOf<Self>>;

		/// The part of an agent's stake an expired task takes.
		#[pallet::constant]
		type ExpirySlash: Get<Perbill>;

		/// The part of a slash that goes to the task's user; the rest goes to the rewards pool.
		#[pallet::constant]
		type SlashToUser: Get<Perbill>;

		/// Expiries, since its owner last acted, after which an agent is paused.
		#[pallet::constant]
		type MaxStrikes: Get<u32>;

		/// The furthest a task's deadline may be from when it is opened.
		#[pallet::constant]
		type MaxTaskDuration: Get<BlockNumberFor<Self>>;

		/// How long after a task's deadline only its user may expire it; anyone may after that,
		/// so that a task its user forgets cannot keep its agent from retiring.
		#[pallet::constant]
		type ExpiryGrace: Get<BlockNumberFor<Self>>;

		/// How long a retired agent's stake stays held (and its record kept) before its owner
		/// may release it.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// How long a closed task stays before anyone may clear it (its user may at once).
		#[pallet::constant]
		type TaskRetention: Get<BlockNumberFor<Self>>;

		/// The longest name, description URI or endpoint URI, in bytes.
		#[pallet::constant]
		type MaxTextLength: Get<u32>;

		/// The most models an agent may call.
		#[pallet::constant]
		type MaxModels: Get<u32>;

		/// The most inferences one task may buy.
		#[pallet::constant]
		type MaxTaskInferences: Get<u32>;

		/// The most tasks an agent may have open at once.
		#[pallet::constant]
		type MaxOpenTasks: Get<u32>;

		/// How many epochs' agent volumes are kept.
		#[pallet::constant]
		type VolumeHistory: Get<u32>;

		/// Weights of this pallet's calls, generated by its benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need of the rest of the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An agent's stake, held from its owner.
		#[codec(index = 0)]
		AgentStake,
		/// What is unspent of an open task's budget, held from its user.
		#[codec(index = 1)]
		TaskBudget,
		/// The deposit for a task's record, held from its user until it is cleared.
		#[codec(index = 2)]
		TaskDeposit,
		/// Agent fees earned and not yet claimed, held on the owner they were paid to.
		#[codec(index = 3)]
		AgentFees,
	}

	/// The id the next agent gets.
	#[pallet::storage]
	pub type NextAgentId<T> = StorageValue<_, AgentId, ValueQuery>;

	/// Registered agents, until their stake is released after retirement.
	#[pallet::storage]
	pub type Agents<T: Config> = StorageMap<_, Twox64Concat, AgentId, Agent<T>>;

	/// The id the next task gets.
	#[pallet::storage]
	pub type NextTaskId<T> = StorageValue<_, TaskId, ValueQuery>;

	/// Tasks, open and closed, until they are cleared.
	#[pallet::storage]
	pub type Tasks<T: Config> = StorageMap<_, Twox64Concat, TaskId, types::Task<T>>;

	/// What agents did in each of the last [`Config::VolumeHistory`] epochs and the current one:
	/// a ring of `VolumeHistory + 1` slots, each with the epoch it holds.
	#[pallet::storage]
	pub type EpochVolumes<T: Config> =
		StorageMap<_, Twox64Concat, u32, (EpochIndex, AgentVolume<BalanceOf<T>>)>;

	// The field names are the documentation: ids, accounts, amounts and blocks.
	#[allow(missing_docs)]
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An agent was registered, `stake` held from its owner.
		AgentRegistered {
			agent: AgentId,
			owner: T::AccountId,
			operator: T::AccountId,
			price: BalanceOf<T>,
			stake: BalanceOf<T>,
		},
		/// An agent's owner changed what it says of itself, its models or its price.
		AgentUpdated { agent: AgentId, price: BalanceOf<T>, models: u32 },
		/// An agent takes no new tasks, for `cause`.
		AgentPaused { agent: AgentId, cause: PauseCause },
		/// An agent takes tasks again.
		AgentResumed { agent: AgentId },
		/// An agent's owner added `amount` to its stake, now `stake`.
		StakeAdded { agent: AgentId, amount: BalanceOf<T>, stake: BalanceOf<T> },
		/// An agent retired: its stake may be released from `unbonds_at`.
		AgentRetired { agent: AgentId, unbonds_at: BlockNumberFor<T> },
		/// A retired agent's stake went back to its owner, and its record was removed.
		StakeReleased { agent: AgentId, owner: T::AccountId, amount: BalanceOf<T> },
		/// An agent's owner offered it to `to` (`None`: withdrew the offer).
		OwnershipOffered { agent: AgentId, to: Option<T::AccountId> },
		/// An agent changed owner; its stake moved from the old owner's hold to the new one's.
		OwnershipTransferred { agent: AgentId, from: T::AccountId, to: T::AccountId },
		/// An agent's owner gave it a new operator key.
		OperatorChanged { agent: AgentId, operator: T::AccountId },
		/// A user opened a task, `budget` held from them.
		TaskOpened {
			task: TaskId,
			agent: AgentId,
			user: T::AccountId,
			budget: BalanceOf<T>,
			agent_fee: BalanceOf<T>,
			request_hash: H256,
			deadline: BlockNumberFor<T>,
		},
		/// A task bought `inference` of `model` for `fee` from its budget; `spent` so far.
		InferenceBought {
			task: TaskId,
			agent: AgentId,
			inference: InferenceId,
			model: ModelId,
			fee: BalanceOf<T>,
			spent: BalanceOf<T>,
		},
		/// A task was completed: `agent_fee` to `owner` (claimable), `refund` to `user`.
		TaskCompleted {
			task: TaskId,
			agent: AgentId,
			result_hash: H256,
			owner: T::AccountId,
			agent_fee: BalanceOf<T>,
			user: T::AccountId,
			refund: BalanceOf<T>,
		},
		/// The operator declined a task: `refund` went back to `user`.
		TaskDeclined { task: TaskId, agent: AgentId, user: T::AccountId, refund: BalanceOf<T> },
		/// A task expired open: `refund` went back to `user`, and the agent's stake was slashed
		/// by `to_user` (to the user) and `to_pool` (to the rewards pool).
		TaskExpired {
			task: TaskId,
			agent: AgentId,
			user: T::AccountId,
			refund: BalanceOf<T>,
			to_user: BalanceOf<T>,
			to_pool: BalanceOf<T>,
		},
		/// A closed task's record was removed and its deposit released to its user.
		TaskCleared { task: TaskId, user: T::AccountId, deposit: BalanceOf<T> },
		/// An owner claimed the agent fees it earned.
		FeesClaimed { owner: T::AccountId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No agent has this id (or it retired and its stake was released).
		UnknownAgent,
		/// The caller is not the agent's owner.
		NotOwner,
		/// The caller is not the agent's operator.
		NotOperator,
		/// The operator key must not be the owner's: the key a gateway runs with is not the key
		/// that holds the stake.
		OperatorIsOwner,
		/// The stake is below the minimum (`MinStake`): stake more.
		StakeBelowMinimum,
		/// A model does not exist or is deprecated.
		ModelUnavailable,
		/// The list names a model twice.
		DuplicateModel,
		/// An agent calls at least one model.
		NoModels,
		/// The agent does not take tasks: it is paused or retired.
		AgentNotActive,
		/// The agent is not paused.
		NotPaused,
		/// The agent is already paused.
		AlreadyPaused,
		/// The agent has retired.
		Retired,
		/// The agent has not retired.
		NotRetired,
		/// The agent still has open tasks: they must be completed, declined or expired first.
		OpenTasks,
		/// The unbonding period is not over yet.
		StillUnbonding,
		/// Nobody was offered the agent, or not the caller.
		NotOffered,
		/// The agent has `MaxOpenTasks` tasks open: try later.
		TooManyOpenTasks,
		/// The agent's owner or operator cannot open a task for it: its record would count
		/// work nobody asked for.
		OwnAgent,
		/// The agent's price is above the most agent fee the user accepts.
		PriceAboveMax,
		/// The budget does not cover the agent's price.
		BudgetBelowPrice,
		/// The deadline has passed already (or is this block).
		DeadlineInPast,
		/// The deadline is further than `MaxTaskDuration` away.
		DeadlineTooFar,
		/// No task has this id (or it was cleared).
		UnknownTask,
		/// The task is no longer open.
		TaskClosed,
		/// The task is still open.
		TaskStillOpen,
		/// The task's deadline has passed: it can only be expired.
		DeadlinePassed,
		/// The task's deadline has not passed yet.
		DeadlineNotPassed,
		/// Only the task's user may expire it until `ExpiryGrace` after its deadline.
		NotUser,
		/// The agent may not call this model.
		ModelNotAllowed,
		/// The inference's fee is above the most the operator accepted.
		FeeAboveMax,
		/// The inference would spend budget that the agent's fee needs.
		OverBudget,
		/// The task has bought `MaxTaskInferences` inferences.
		TooManyInferences,
		/// The task already bought an inference for this request hash.
		DuplicateRequest,
		/// Only the user may clear the task before `TaskRetention` after it closed.
		TooEarly,
		/// The caller has no agent fees to claim.
		NothingToClaim,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxModels::get() > 0, "an agent may call a model");
			assert!(T::MaxTaskInferences::get() > 0, "a task may buy an inference");
			assert!(T::MaxOpenTasks::get() > 0, "an agent may have a task open");
			assert!(
				T::UnbondingPeriod::get() >
					T::MaxTaskDuration::get().saturating_add(T::ExpiryGrace::get()),
				"a retired agent's stake outlasts any task"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers an agent owned by the caller, run by `operator`, that may call `models`,
		/// asks `price` per task, and holds `stake` from the caller ([`HoldReason::AgentStake`]).
		///
		/// Errors: `OperatorIsOwner`, `NoModels`, `DuplicateModel`, `ModelUnavailable`,
		/// `StakeBelowMinimum`, or the stake unaffordable. Emits `AgentRegistered` with the new
		/// id.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_agent(models.len() as u32))]
		pub fn register_agent(
			origin: OriginFor<T>,
			operator: T::AccountId,
			metadata: AgentMetadata<T>,
			models: BoundedVec<ModelId, T::MaxModels>,
			price: BalanceOf<T>,
			stake: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register(owner, operator, metadata, models, price, stake)
		}

		/// Changes what an agent says of itself, the models it may call (their counts of use
		/// kept) and its price; `None` leaves each as it is. The owner only; open tasks keep the
		/// fee they were opened with.
		///
		/// Errors: `UnknownAgent`, `NotOwner`, `Retired`, `NoModels`, `DuplicateModel`,
		/// `ModelUnavailable`. Emits `AgentUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_agent(T::MaxModels::get()))]
		pub fn update_agent(
			origin: OriginFor<T>,
			agent: AgentId,
			metadata: Option<AgentMetadata<T>>,
			models: Option<BoundedVec<ModelId, T::MaxModels>>,
			price: Option<BalanceOf<T>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_update(owner, agent, metadata, models, price)
		}

		/// Stops an agent taking new tasks; its open ones carry on. The owner only.
		///
		/// Errors: `UnknownAgent`, `NotOwner`, `Retired`, `AlreadyPaused`. Emits `AgentPaused`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::pause_agent())]
		pub fn pause_agent(origin: OriginFor<T>, agent: AgentId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_pause(owner, agent)
		}

		/// Lets a paused agent take tasks again, whatever paused it, and clears its strikes.
		/// The owner only; its stake must be at least the minimum.
		///
		/// Errors: `UnknownAgent`, `NotOwner`, `NotPaused`, `StakeBelowMinimum`. Emits
		/// `AgentResumed`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::resume_agent())]
		pub fn resume_agent(origin: OriginFor<T>, agent: AgentId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_resume(owner, agent)
		}

		/// Holds `amount` more from the owner for an agent's stake. The owner only.
		///
		/// Errors: `UnknownAgent`, `NotOwner`, `Retired`, or the amount unaffordable. Emits
		/// `StakeAdded`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_stake())]
		pub fn add_stake(
			origin: OriginFor<T>,
			agent: AgentId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_add_stake(owner, agent, amount)
		}

		/// Retires an agent for good: it takes no tasks again, and its stake may be released
		/// [`Config::UnbondingPeriod`] later. The owner only, once it has no open task.
		///
		/// Errors: `UnknownAgent`, `NotOwner`, `Retired`, `OpenTasks`. Emits `AgentRetired`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::retire_agent())]
		pub fn retire_agent(origin: OriginFor<T>, agent: AgentId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_retire(owner, agent)
		}

		/// Releases a retired agent's stake to its owner once its unbonding period is over, and
		/// removes its record (its history stays in the events). The owner only.
		///
		/// Errors: `UnknownAgent`, `NotOwner`, `NotRetired`, `StillUnbonding`. Emits
		/// `StakeReleased`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::release_stake())]
		pub fn release_stake(origin: OriginFor<T>, agent: AgentId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_release_stake(owner, agent)
		}

		/// Offers an agent to `to`, who becomes its owner by accepting
		/// ([`Pallet::accept_ownership`]); `None` withdraws the offer. The owner only. Nothing
		/// is held from anyone until they accept.
		///
		/// Errors: `UnknownAgent`, `NotOwner`, `Retired`. Emits `OwnershipOffered`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::offer_ownership())]
		pub fn offer_ownership(
			origin: OriginFor<T>,
			agent: AgentId,
			to: Option<T::AccountId>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_offer(owner, agent, to)
		}

		/// Accepts the agent offered to the caller: its stake is held from the caller and
		/// released to the old owner, and the caller owns it from now on.
		///
		/// Errors: `UnknownAgent`, `NotOffered`, `Retired`, `OperatorIsOwner`, or the stake
		/// unaffordable. Emits `OwnershipTransferred`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::accept_ownership())]
		pub fn accept_ownership(origin: OriginFor<T>, agent: AgentId) -> DispatchResult {
			let new_owner = ensure_signed(origin)?;
			Self::do_accept(new_owner, agent)
		}

		/// Gives an agent a new operator key; its open tasks are the new key's to finish. The
		/// owner only.
		///
		/// Errors: `UnknownAgent`, `NotOwner`, `Retired`, `OperatorIsOwner`. Emits
		/// `OperatorChanged`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_operator())]
		pub fn set_operator(
			origin: OriginFor<T>,
			agent: AgentId,
			operator: T::AccountId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_set_operator(owner, agent, operator)
		}

		/// Opens a task for `agent`: `budget` (its price and the inferences it buys) and the
		/// task's deposit are held from the caller until it closes. The agent's fee is its price
		/// now, at most `max_agent_fee`; the task must be completed by block `deadline`.
		/// `request_hash` commits to the request.
		///
		/// Errors: `UnknownAgent`, `AgentNotActive`, `OwnAgent`, `PriceAboveMax`,
		/// `BudgetBelowPrice`, `DeadlineInPast`, `DeadlineTooFar`, `TooManyOpenTasks`, or the
		/// budget and deposit unaffordable. Emits `TaskOpened` with the new id.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::open_task())]
		pub fn open_task(
			origin: OriginFor<T>,
			agent: AgentId,
			budget: BalanceOf<T>,
			max_agent_fee: BalanceOf<T>,
			request_hash: H256,
			deadline: BlockNumberFor<T>,
		) -> DispatchResult {
			let user = ensure_signed(origin)?;
			Self::do_open_task(user, agent, budget, max_agent_fee, request_hash, deadline)
		}

		/// Buys an inference of `model` for an open task, paid from its budget, as
		/// `attribution.requestInference` would with the task's user as consumer; its fee must
		/// be at most `max_fee` and leave the agent's fee in the budget. One inference per
		/// `request_hash` and task. The agent's operator only, until the deadline.
		///
		/// Errors: `UnknownTask`, `TaskClosed`, `NotOperator`, `DeadlinePassed`,
		/// `ModelNotAllowed`, `ModelUnavailable`, `FeeAboveMax`, `OverBudget`,
		/// `DuplicateRequest`, `TooManyInferences`. Emits `InferenceBought` (and attribution's
		/// `InferenceRequested`).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::buy_inference())]
		pub fn buy_inference(
			origin: OriginFor<T>,
			task: TaskId,
			model: ModelId,
			max_fee: BalanceOf<T>,
			request_hash: H256,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			Self::do_buy_inference(operator, task, model, max_fee, request_hash)
		}

		/// Completes an open task with `result_hash`, a commitment to its result: the agent's
		/// fee goes to its owner (held until [`Pallet::claim_fees`]), the unspent budget back to
		/// the user. The agent's operator only, until the deadline.
		///
		/// Errors: `UnknownTask`, `TaskClosed`, `NotOperator`, `DeadlinePassed`. Emits
		/// `TaskCompleted`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::complete_task())]
		pub fn complete_task(
			origin: OriginFor<T>,
			task: TaskId,
			result_hash: H256,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			Self::do_complete(operator, task, result_hash)
		}

		/// Declines an open task: its unspent budget goes back to the user, and no fee is paid
		/// or stake slashed. The agent's operator only, until the deadline: an agent need not
		/// take every task, but must say so in time.
		///
		/// Errors: `UnknownTask`, `TaskClosed`, `NotOperator`, `DeadlinePassed`. Emits
		/// `TaskDeclined`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::decline_task())]
		pub fn decline_task(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			Self::do_decline(operator, task)
		}

		/// Expires a task still open after its deadline: its unspent budget goes back to the
		/// user, and [`Config::ExpirySlash`] of the agent's stake is slashed, to the user and
		/// the rewards pool. The task's user, or anyone [`Config::ExpiryGrace`] after the
		/// deadline.
		///
		/// Errors: `UnknownTask`, `TaskClosed`, `DeadlineNotPassed`, `NotUser`. Emits
		/// `TaskExpired`, and `AgentPaused` if the agent reached `MaxStrikes` or its stake fell
		/// below the minimum.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::expire_task())]
		pub fn expire_task(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_expire(caller, task)
		}

		/// Removes a closed task's record and releases its deposit to its user. The user, or
		/// anyone [`Config::TaskRetention`] after it closed.
		///
		/// Errors: `UnknownTask`, `TaskStillOpen`, `TooEarly`. Emits `TaskCleared`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::clear_task())]
		pub fn clear_task(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_clear(caller, task)
		}

		/// Releases the agent fees the caller earned as an owner.
		///
		/// Errors: `NothingToClaim`. Emits `FeesClaimed`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::claim_fees())]
		pub fn claim_fees(origin: OriginFor<T>) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_claim_fees(owner)
		}
	}
}
