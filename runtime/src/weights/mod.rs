//! Weights of the runtime's FRAME pallets, of blocks and extrinsics, and of database access,
//! all generated on this project's reference machine by `scripts/benchmark.sh` (our own pallets
//! keep theirs in their crates). Do not edit the files: regenerate them.
//!
//! - `block_weights`, `extrinsic_weights`: `benchmark overhead` (an empty block; a signed `remark`,
//!   with its signature check and transaction extensions).
//! - `paritydb_weights`: `benchmark storage` on a ParityDB chain database filled by
//!   `openledger-loadgen`.
//! - the others: `benchmark pallet`, one file per pallet.

// The generated files carry no docs of their own.
#![allow(missing_docs)]

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_conviction_voting;
pub mod pallet_migrations;
pub mod pallet_parameters;
pub mod pallet_preimage;
pub mod pallet_referenda;
pub mod pallet_scheduler;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;
// The storage template documents the fields of a struct expression.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
