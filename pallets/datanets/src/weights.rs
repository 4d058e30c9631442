//! Replaced by `scripts/benchmark.sh` with generated weights.
#![allow(missing_docs)]
use frame_support::weights::Weight;
pub trait WeightInfo {
	fn create_datanet(n: u32, d: u32, t: u32) -> Weight;
	fn update_metadata(n: u32, d: u32, t: u32) -> Weight;
	fn set_policy() -> Weight;
	fn add_curator() -> Weight;
	fn remove_curator() -> Weight;
	fn pause() -> Weight;
	fn resume() -> Weight;
	fn archive() -> Weight;
	fn transfer_ownership() -> Weight;
	fn contribute(u: u32, m: u32) -> Weight;
	fn review_accept() -> Weight;
	fn review_reject() -> Weight;
	fn withdraw() -> Weight;
	fn publish_version() -> Weight;
}
impl WeightInfo for () {
	fn create_datanet(_: u32, _: u32, _: u32) -> Weight {
		Weight::zero()
	}
	fn update_metadata(_: u32, _: u32, _: u32) -> Weight {
		Weight::zero()
	}
	fn set_policy() -> Weight {
		Weight::zero()
	}
	fn add_curator() -> Weight {
		Weight::zero()
	}
	fn remove_curator() -> Weight {
		Weight::zero()
	}
	fn pause() -> Weight {
		Weight::zero()
	}
	fn resume() -> Weight {
		Weight::zero()
	}
	fn archive() -> Weight {
		Weight::zero()
	}
	fn transfer_ownership() -> Weight {
		Weight::zero()
	}
	fn contribute(_: u32, _: u32) -> Weight {
		Weight::zero()
	}
	fn review_accept() -> Weight {
		Weight::zero()
	}
	fn review_reject() -> Weight {
		Weight::zero()
	}
	fn withdraw() -> Weight {
		Weight::zero()
	}
	fn publish_version() -> Weight {
		Weight::zero()
	}
}
