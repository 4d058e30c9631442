//! The `AgentsApi` runtime API: agents with their reputation, tasks with the inferences their
//! budgets bought and where each one's fee went, and agents' share of each epoch (from
//! polkadot.js: `api.call.agentsApi.*`).

#![cfg_attr(not(feature = "std"), no_std)]
// `decl_runtime_apis!` expands to items without docs.
#![allow(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_agents::{AgentId, AgentVolume, EpochIndex, InferenceId, Page, TaskId};

sp_api::decl_runtime_apis! {
	/// Reads agents, tasks and agents' volume.
	pub trait AgentsApi<Agent, Task, Outcome, AccountId, Balance> where
		Agent: Codec,
		Task: Codec,
		Outcome: Codec,
		AccountId: Codec,
		Balance: Codec,
	{
		/// Agent `id`, with its reputation; `None` if it is unknown or its stake was released.
		fn agent(id: AgentId) -> Option<Agent>;

		/// A page of agents, in storage order. Start with `cursor = None`; pass the returned
		/// `next_cursor` to get the next page. At most `MAX_PAGE_SIZE` (256) items.
		fn agents(cursor: Option<AgentId>, limit: u32) -> Page<AgentId, Agent>;

		/// Task `id`, open or closed, with the inferences it bought; `None` once cleared.
		fn task(id: TaskId) -> Option<Task>;

		/// Where the fee of each inference task `id` bought went, in the order they were bought:
		/// waiting in escrow, or divided among the model's owner, the provider, the
		/// contributions credited and the rewards pool (`None`: refunded to the user, or its
		/// record pruned). Empty for an unknown task.
		fn task_outcomes(id: TaskId) -> Vec<(InferenceId, Option<Outcome>)>;

		/// What agents did in each epoch still kept, the current one first.
		fn epoch_volumes() -> Vec<(EpochIndex, AgentVolume<Balance>)>;

		/// The agent fees `owner` earned and can claim now (`agents.claimFees`).
		fn claimable_fees(owner: AccountId) -> Balance;
	}
}
