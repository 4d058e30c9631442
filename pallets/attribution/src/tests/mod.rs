//! Unit tests on the mock runtime, with the real rewards pallet. Each runs through
//! `build_and_execute`, which checks both pallets' invariants and total issuance afterwards.

mod records;
mod requests;
mod settlement;
