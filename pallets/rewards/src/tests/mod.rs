//! Unit tests on the mock runtime. Each runs through `build_and_execute`, which checks the
//! pallet's invariants and total issuance afterwards.

mod challenges;
mod claims;
mod emission;
