//! The runtime's integration tests: the real runtime in `TestExternalities`, one module a
//! concern. One test binary, not one per file: each binary would compile the runtime's generic
//! code (the executive, every pallet's dispatch) and link the runtime again, which in release
//! costs minutes of CI for nothing.
//!
//! Run one concern with a filter: `cargo test --release -p openledger-runtime --test runtime
//! fuzz::`.

mod common;

mod agents;
mod attribution;
mod bad_input;
mod challenges;
mod datanets;
mod economics;
mod fuzz;
mod genesis;
mod governance;
mod models;
mod state;
mod token;
mod validators;
