//! Agents (`pallet-agents`): the least stake (a governance parameter), the task deposit priced
//! like every other record, the expiry slash, and how long tasks and retired stakes last.

use frame_support::{
	parameter_types,
	traits::{ConstU32, Get},
};
use sp_runtime::{traits::Convert, Perbill};

use crate::{
	configs::{parameters::agents, AtPace, RewardsPool},
	time::{DAYS, HOURS},
	Attribution, Balance, Balances, Runtime, RuntimeEvent, RuntimeHoldReason,
};

parameter_types! {
	/// An expired task takes a tenth of its agent's stake (of what is left of it), and three
	/// expiries pause the agent (`MaxStrikes`) until its owner resumes it.
	pub const ExpirySlash: Perbill = Perbill::from_percent(10);
	/// Half of a slash goes to the user whose task expired, half to the rewards pool: the user is
	/// paid for the wait, and nobody gains more by letting tasks expire than the agent loses.
	pub const SlashToUser: Perbill = Perbill::from_percent(50);
}

/// A task's deadline is at most a day away; 100 blocks at the fast pace.
pub type MaxTaskDuration = AtPace<ConstU32<DAYS>, ConstU32<100>>;

/// Only a task's user may expire it for an hour after its deadline; 10 blocks at the fast pace.
pub type ExpiryGrace = AtPace<ConstU32<HOURS>, ConstU32<10>>;

/// A retired agent's stake stays held two days; 200 blocks at the fast pace. Both outlast the
/// longest task and its grace period.
pub type UnbondingPeriod = AtPace<ConstU32<{ 2 * DAYS }>, ConstU32<200>>;

/// A closed task's record stays a week unless its user clears it; 100 blocks at the fast pace.
pub type TaskRetention = AtPace<ConstU32<{ 7 * DAYS }>, ConstU32<100>>;

/// The deposit of a task's record, at its largest encoding (16 inferences): priced like every
/// record that stays ([`super::datanets::StoragePrice`]).
pub struct TaskDeposit;
impl Get<Balance> for TaskDeposit {
	fn get() -> Balance {
		use codec::MaxEncodedLen;
		let bytes = pallet_agents::Task::<Runtime>::max_encoded_len();
		super::datanets::StoragePrice::convert(frame_support::traits::Footprint::from_parts(
			1, bytes,
		))
	}
}

/// The emission epoch in progress, which agents' volume is summed by.
pub struct RewardsEpoch;
impl Get<pallet_agents::EpochIndex> for RewardsEpoch {
	fn get() -> pallet_agents::EpochIndex {
		pallet_rewards::CurrentEpoch::<Runtime>::get()
	}
}

impl pallet_agents::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Inferences = Attribution;
	type RewardsPool = RewardsPool;
	type CurrentEpoch = RewardsEpoch;
	// Set by referendum on the `parameters` track.
	type MinStake = agents::MinAgentStake;
	type TaskDeposit = TaskDeposit;
	type ExpirySlash = ExpirySlash;
	type SlashToUser = SlashToUser;
	type MaxStrikes = ConstU32<3>;
	type MaxTaskDuration = MaxTaskDuration;
	type ExpiryGrace = ExpiryGrace;
	type UnbondingPeriod = UnbondingPeriod;
	type TaskRetention = TaskRetention;
	// An https URL or an IPFS CID with a path.
	type MaxTextLength = ConstU32<256>;
	type MaxModels = ConstU32<8>;
	// A pipeline of a few steps, each retried a few times at most.
	type MaxTaskInferences = ConstU32<16>;
	type MaxOpenTasks = ConstU32<64>;
	// As many epochs as `pallet-rewards` keeps summaries of.
	type VolumeHistory = ConstU32<168>;
	type WeightInfo = pallet_agents::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ModelForBenchmark;
}

/// Registers a model through `pallet-models`' benchmark helper.
#[cfg(feature = "runtime-benchmarks")]
pub struct ModelForBenchmark;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_agents::BenchmarkHelper<crate::AccountId> for ModelForBenchmark {
	fn model(owner: &crate::AccountId) -> pallet_agents::ModelId {
		use openledger_primitives::ModelsInspect;
		crate::Models::model_for_benchmark(owner, owner, 1, 1).0
	}
}
