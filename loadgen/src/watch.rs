//! Reads what each new block holds: its extrinsics by kind, their outcomes from the block's
//! events, its weight and length. Counts come from the chain, never from what was submitted.

use codec::Decode;
use frame_support::dispatch::{DispatchClass, PerDispatchClass};
use openledger_client::{Chain, Error};
use openledger_runtime::{Hash, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use sp_runtime::traits::Saturating;
use std::collections::BTreeMap;

/// What the load generator measures, by the call that carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
	/// `balances.transfer_keep_alive` / `transfer_allow_death`.
	Transfer,
	/// `datanets.contribute`.
	Contribution,
	/// `datanets.contribute_batch` (counted by the contributions it makes).
	BatchContribution,
	/// `attribution.request_inference`.
	Request,
	/// `attribution.settle_inference`.
	Settlement,
	/// `attribution.settle_batch` (counted by the inferences it settles).
	BatchSettlement,
	/// `agents.open_task`.
	TaskOpen,
	/// An agent's operator running a task: `utility.batch_all` of `agents.buy_inference` and
	/// `agents.complete_task` (counted by the tasks completed).
	TaskRun,
	/// Anything else (inherents, setup calls).
	Other,
}

impl Kind {
	/// The kind of `call`.
	pub fn of(call: &RuntimeCall) -> Kind {
		use pallet_attribution::Call as A;
		use pallet_balances::Call as B;
		match call {
			RuntimeCall::Balances(
				B::transfer_keep_alive { .. } | B::transfer_allow_death { .. },
			) => Kind::Transfer,
			RuntimeCall::Datanets(pallet_datanets::Call::contribute { .. }) => Kind::Contribution,
			RuntimeCall::Datanets(pallet_datanets::Call::contribute_batch { .. }) =>
				Kind::BatchContribution,
			RuntimeCall::Attribution(A::request_inference { .. }) => Kind::Request,
			RuntimeCall::Attribution(A::settle_inference { .. }) => Kind::Settlement,
			RuntimeCall::Attribution(A::settle_batch { .. }) => Kind::BatchSettlement,
			RuntimeCall::Agents(pallet_agents::Call::open_task { .. }) => Kind::TaskOpen,
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
				if matches!(
					calls.first(),
					Some(RuntimeCall::Agents(pallet_agents::Call::buy_inference { .. }))
				) =>
				Kind::TaskRun,
			_ => Kind::Other,
		}
	}

	/// The event that proves one unit of this kind's work was done.
	fn counts(self, event: &RuntimeEvent) -> bool {
		use pallet_attribution::Event as A;
		matches!(
			(self, event),
			(Kind::Transfer, RuntimeEvent::Balances(pallet_balances::Event::Transfer { .. })) |
				(
					Kind::Contribution | Kind::BatchContribution,
					RuntimeEvent::Datanets(pallet_datanets::Event::Contributed { .. })
				) | (Kind::Request, RuntimeEvent::Attribution(A::InferenceRequested { .. })) |
				(
					Kind::Settlement | Kind::BatchSettlement,
					RuntimeEvent::Attribution(A::InferenceSettled { .. })
				) | (Kind::TaskOpen, RuntimeEvent::Agents(pallet_agents::Event::TaskOpened { .. })) |
				(Kind::TaskRun, RuntimeEvent::Agents(pallet_agents::Event::TaskCompleted { .. }))
		)
	}
}

/// The tally of one kind in one block.
#[derive(Clone, Copy, Default, Debug)]
pub struct Tally {
	/// Extrinsics of this kind in the block.
	pub extrinsics: u64,
	/// Of those, how many failed.
	pub failed: u64,
	/// Units of work done (transfers, contributions, inferences settled), from events.
	pub units: u64,
}

/// One block's contents.
pub struct BlockStats {
	/// Its number.
	pub number: u64,
	/// Its timestamp (ms).
	pub timestamp: u64,
	/// Tallies by kind.
	pub kinds: BTreeMap<Kind, Tally>,
	/// Weight used by normal-class extrinsics, in parts of the class's maximum (0..=1).
	pub normal_weight_use: f64,
	/// Bytes of extrinsics.
	pub length: u64,
	/// The first failure's error, if any extrinsic failed.
	pub first_failure: Option<String>,
}

/// The largest weight normal extrinsics may use in a block.
fn normal_max_ref_time() -> u64 {
	let weights = <openledger_runtime::Runtime as frame_system::Config>::BlockWeights::get();
	weights
		.get(DispatchClass::Normal)
		.max_total
		.unwrap_or(weights.max_block)
		.ref_time()
}

/// Reads block `number` (which must exist) from the node.
pub fn read_block(chain: &Chain, number: u64) -> Result<(Hash, BlockStats), Error> {
	let hash = chain.block_hash(number)?.ok_or_else(|| format!("block {number} is gone"))?;
	let raw = chain.block_extrinsics(hash)?;
	let events = chain.events(hash)?;
	let mut kinds: Vec<Kind> = Vec::with_capacity(raw.len());
	let mut length = 0u64;
	for bytes in &raw {
		length = length.saturating_add(bytes.len() as u64);
		let xt = UncheckedExtrinsic::decode(&mut &bytes[..]).map_err(|e| {
			format!("block {number} holds an extrinsic this runtime cannot decode: {e}")
		})?;
		kinds.push(Kind::of(&xt.function));
	}
	let mut tallies: BTreeMap<Kind, Tally> = BTreeMap::new();
	for kind in &kinds {
		tallies.entry(*kind).or_default().extrinsics.saturating_inc();
	}
	let mut first_failure = None;
	for record in &events {
		let frame_system::Phase::ApplyExtrinsic(index) = record.phase else { continue };
		let Some(kind) = kinds.get(index as usize).copied() else { continue };
		let tally = tallies.entry(kind).or_default();
		if kind.counts(&record.event) {
			tally.units.saturating_inc();
		}
		if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error, ..
		}) = &record.event
		{
			tally.failed.saturating_inc();
			if first_failure.is_none() && kind != Kind::Other {
				first_failure = Some(openledger_client::chain::explain(*dispatch_error));
			}
		}
	}
	let weight: PerDispatchClass<frame_support::weights::Weight> =
		chain.storage_value(b"System", b"BlockWeight", hash)?.unwrap_or_default();
	let timestamp: u64 = chain.storage_value(b"Timestamp", b"Now", hash)?.unwrap_or_default();
	let normal_weight_use =
		weight.get(DispatchClass::Normal).ref_time() as f64 / normal_max_ref_time() as f64;
	Ok((
		hash,
		BlockStats { number, timestamp, kinds: tallies, normal_weight_use, length, first_failure },
	))
}
