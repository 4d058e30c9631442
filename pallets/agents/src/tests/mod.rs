//! The pallet's tests, by concern. Each runs in `build_and_execute`, which checks the invariants
//! and that no OPEN was created or destroyed.

mod attacks;
mod expiry;
mod registry;
mod tasks;

use crate::{mock::*, HoldReason};
use frame_support::traits::fungible::{Inspect, InspectHold};

/// What `who` holds for `reason`.
fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Agents(reason), &who)
}

/// What `who` can spend.
fn free(who: u64) -> u64 {
	Balances::balance(&who)
}
