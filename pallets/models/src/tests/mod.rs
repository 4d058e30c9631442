//! Unit tests on the mock runtime. Each runs through `build_and_execute`, which checks the
//! pallet's invariants and total issuance afterwards.

mod lineage;
mod owner;
mod queries;
mod registry;
mod storage;
