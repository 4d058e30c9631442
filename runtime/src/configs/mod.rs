//! The configuration of every pallet in the runtime, one file per concern.

mod administration;
mod consensus;
mod datanets;
mod models;
mod system;
mod token;

pub use consensus::SessionKeysOfValidators;
pub use system::{BlockHashCount, RuntimeBlockLength, RuntimeBlockWeights};
pub use token::{FeesToRewardsPool, RewardsPool};
