//! Unit tests on the mock runtime, with the real rewards pallet. Each runs through
//! `build_and_execute`, which checks both pallets' invariants and total issuance afterwards.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

mod challenges;
mod outputs;
mod records;
mod requests;
mod sequences;
mod settlement;
