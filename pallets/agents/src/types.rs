//! The records this pallet stores and returns through its runtime API.

use crate::{BalanceOf, Config};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{AgentId, InferenceId, ModelId};
use scale_info::TypeInfo;
use sp_core::H256;

/// Numbers the emission epochs of `pallet-rewards`, from 0.
pub type EpochIndex = u32;

/// A name, a description URI or an endpoint URI, at most [`Config::MaxTextLength`] bytes.
pub type Text<T> = BoundedVec<u8, <T as Config>::MaxTextLength>;

/// What an agent says of itself.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct AgentMetadata<T: Config> {
	/// Its name.
	pub name: Text<T>,
	/// Where it is described (an IPFS CID or a URL).
	pub description_uri: Text<T>,
	/// Where it takes tasks (its gateway's `/v1/agents/{id}/tasks`).
	pub endpoint_uri: Text<T>,
}

/// A model an agent may call, and how many inferences its tasks bought of it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct ModelUse {
	/// The model.
	pub model: ModelId,
	/// The inferences of it bought by the agent's tasks.
	pub inferences: u32,
}

/// Why an agent takes no tasks for now.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum PauseCause {
	/// Its owner paused it.
	Owner,
	/// [`Config::MaxStrikes`] of its tasks expired since its owner last acted.
	Expiries,
	/// Slashes left its stake below the minimum.
	Stake,
}

/// Where an agent stands.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum AgentStatus<BlockNumber> {
	/// It takes tasks.
	Active,
	/// It takes no new tasks; its open ones may still be completed, declined or expired. Its
	/// owner resumes it.
	Paused(PauseCause),
	/// It takes no tasks again; its stake may be released from `unbonds_at`, and the agent's
	/// record goes with it.
	Retired {
		/// The first block its stake may be released at.
		unbonds_at: BlockNumber,
	},
}

/// An agent's record of work: what users and indexers judge it by.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
pub struct Reputation<Balance> {
	/// Tasks it completed.
	pub completed: u32,
	/// Tasks that expired before it completed them.
	pub expired: u32,
	/// Tasks its operator declined.
	pub declined: u32,
	/// Expiries since it was registered or its owner last resumed it: at
	/// [`Config::MaxStrikes`] the agent is paused.
	pub strikes: u32,
	/// The agent fees its tasks paid its owners.
	pub earned: Balance,
	/// Inferences its tasks bought.
	pub inferences: u32,
	/// What those inferences cost.
	pub spent_on_inferences: Balance,
	/// What expiries took of its stake.
	pub slashed: Balance,
}

/// A registered agent.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Agent<T: Config> {
	/// Who owns it: holds its stake and earns its fees.
	pub owner: T::AccountId,
	/// The key that runs it: buys inferences for its tasks and completes them. Never the owner.
	pub operator: T::AccountId,
	/// What it says of itself.
	pub metadata: AgentMetadata<T>,
	/// The models its tasks may buy inferences of, with how many each bought.
	pub models: BoundedVec<ModelUse, T::MaxModels>,
	/// Its fee per task.
	pub price: BalanceOf<T>,
	/// What its owner holds at stake for it ([`crate::HoldReason::AgentStake`]).
	pub stake: BalanceOf<T>,
	/// Whether it takes tasks.
	pub status: AgentStatus<BlockNumberFor<T>>,
	/// Its tasks not yet completed, declined or expired.
	pub open_tasks: u32,
	/// Its record of work.
	pub reputation: Reputation<BalanceOf<T>>,
	/// Whom its owner offered it to, until they accept.
	pub offered_to: Option<T::AccountId>,
	/// The block it was registered in.
	pub registered_at: BlockNumberFor<T>,
}

/// One inference a task bought.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct TaskInference<Balance> {
	/// The inference (`pallet-attribution`'s id: its record says where the fee went).
	pub inference: InferenceId,
	/// The model it was bought of.
	pub model: ModelId,
	/// What it cost.
	pub fee: Balance,
	/// The request's commitment; a task buys one inference for each, so that an operator that
	/// retries a step never pays twice.
	pub request_hash: H256,
}

/// Where a task stands.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum TaskStatus<Balance, BlockNumber> {
	/// The agent is working on it.
	Open,
	/// The agent completed it with `result_hash`: its fee went to the owner, the rest back.
	Completed {
		/// The operator's commitment to the result.
		result_hash: H256,
		/// The block it was completed in.
		at: BlockNumber,
	},
	/// The operator declined it: everything unspent went back, and no fee was paid.
	Declined {
		/// The block it was declined in.
		at: BlockNumber,
	},
	/// It passed its deadline open: everything unspent went back and the agent's stake was
	/// slashed by `slashed`.
	Expired {
		/// What was taken from the agent's stake (to the user and the rewards pool).
		slashed: Balance,
		/// The block it expired in.
		at: BlockNumber,
	},
}

/// A task a user opened for an agent.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Task<T: Config> {
	/// The agent doing it.
	pub agent: AgentId,
	/// Who opened it and pays for it.
	pub user: T::AccountId,
	/// The most it may cost, agent fee included: held from the user while it is open
	/// ([`crate::HoldReason::TaskBudget`]), less what its inferences cost.
	pub budget: BalanceOf<T>,
	/// The agent's fee, fixed when it was opened (the agent's price then).
	pub agent_fee: BalanceOf<T>,
	/// The user's commitment to the request.
	pub request_hash: H256,
	/// The last block it may be completed in.
	pub deadline: BlockNumberFor<T>,
	/// The block it was opened in.
	pub opened_at: BlockNumberFor<T>,
	/// What its inferences cost so far.
	pub spent: BalanceOf<T>,
	/// The inferences it bought, in order.
	pub inferences: BoundedVec<TaskInference<BalanceOf<T>>, T::MaxTaskInferences>,
	/// Where it stands.
	pub status: TaskStatus<BalanceOf<T>, BlockNumberFor<T>>,
	/// What the user deposited for this record ([`crate::HoldReason::TaskDeposit`]): released
	/// when it is cleared.
	pub deposit: BalanceOf<T>,
}

impl<T: Config> Task<T> {
	/// What is still held of its budget: all of it but what its inferences cost.
	pub fn unspent(&self) -> BalanceOf<T> {
		sp_runtime::Saturating::saturating_sub(self.budget, self.spent)
	}
}

/// What agents did in one emission epoch of `pallet-rewards`.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
pub struct AgentVolume<Balance> {
	/// Tasks opened.
	pub tasks_opened: u32,
	/// Tasks completed.
	pub tasks_completed: u32,
	/// Tasks expired.
	pub tasks_expired: u32,
	/// Inferences bought by tasks.
	pub inferences: u32,
	/// What they cost: the part of the chain's inference fees that came through agents
	/// (`rewardsApi.currentEpoch`'s `fees_settled` is the whole, counted at settlement).
	pub inference_fees: Balance,
	/// Agent fees paid to owners.
	pub agent_fees: Balance,
}

/// One page of a listing: its items and the cursor of the next page, if any.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Page<Id, Item> {
	/// The items, in storage order.
	pub items: alloc::vec::Vec<(Id, Item)>,
	/// Pass it as the cursor to get the next page; `None` on the last one.
	pub next_cursor: Option<Id>,
}
