//! The configuration of every pallet in the runtime, one file per concern.

mod administration;
mod agents;
pub mod consensus;
mod datanets;
pub mod governance;
mod models;
pub mod parameters;
mod rewards;
mod system;
mod token;

pub use consensus::SessionKeysOfValidators;
pub use governance::AtPace;
pub use rewards::RewardsPot;
pub use system::{share_of_block, BlockHashCount, RuntimeBlockLength, RuntimeBlockWeights};
pub use token::{RewardsPool, ToRewardsPool};
