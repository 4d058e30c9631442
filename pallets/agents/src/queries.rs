//! Reads for the `AgentsApi` runtime API. None of them is used by extrinsics.

use crate::{
	Agent, AgentVolume, Agents, BalanceOf, Config, EpochIndex, EpochVolumes, HoldReason, Page,
	Pallet, Task, Tasks,
};
use alloc::vec::Vec;
use frame_support::traits::{fungible::InspectHold, Get};
use openledger_primitives::{take_page, AgentId, TaskId};

impl<T: Config> Pallet<T> {
	/// Agent `id`, with its reputation.
	pub fn agent(id: AgentId) -> Option<Agent<T>> {
		Agents::<T>::get(id)
	}

	/// A page of agents, in storage order. Start with `cursor = None`; pass the returned
	/// `next_cursor` to get the next page.
	pub fn agents(cursor: Option<AgentId>, limit: u32) -> Page<AgentId, Agent<T>> {
		let ids = match cursor {
			Some(after) => Agents::<T>::iter_keys_from(Agents::<T>::hashed_key_for(after)),
			None => Agents::<T>::iter_keys(),
		};
		let (ids, next_cursor) = take_page(ids, limit);
		let items =
			ids.into_iter().filter_map(|id| Agents::<T>::get(id).map(|a| (id, a))).collect();
		Page { items, next_cursor }
	}

	/// Task `id`, open or closed, with the inferences it bought.
	pub fn task(id: TaskId) -> Option<Task<T>> {
		Tasks::<T>::get(id)
	}

	/// What agents did in the epochs still kept, the current one first.
	pub fn epoch_volumes() -> Vec<(EpochIndex, AgentVolume<BalanceOf<T>>)> {
		let current = T::CurrentEpoch::get();
		let oldest = current.saturating_sub(T::VolumeHistory::get());
		let mut volumes: Vec<_> = EpochVolumes::<T>::iter_values()
			.filter(|(epoch, _)| (oldest..=current).contains(epoch))
			.collect();
		volumes.sort_unstable_by_key(|(epoch, _)| core::cmp::Reverse(*epoch));
		volumes
	}

	/// The agent fees `owner` earned and can claim now.
	pub fn claimable_fees(owner: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::AgentFees.into(), owner)
	}
}
