//! Unit tests on the mock runtime. Each runs through `build_and_execute`, which checks the
//! pallet's invariants and total issuance afterwards.

mod attacks;
mod contributions;
mod datanets;
mod queries;
mod storage;
mod versions;
