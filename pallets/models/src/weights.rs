//! Replaced by `scripts/benchmark.sh` with generated weights.
#![allow(missing_docs)]
use frame_support::weights::Weight;
pub trait WeightInfo {
	fn register_model(l: u32) -> Weight;
	fn publish_version(l: u32) -> Weight;
	fn set_inference_fee() -> Weight;
	fn authorize_provider() -> Weight;
	fn revoke_provider() -> Weight;
	fn deprecate() -> Weight;
	fn transfer_ownership() -> Weight;
}
impl WeightInfo for () {
	fn register_model(_: u32) -> Weight {
		Weight::zero()
	}
	fn publish_version(_: u32) -> Weight {
		Weight::zero()
	}
	fn set_inference_fee() -> Weight {
		Weight::zero()
	}
	fn authorize_provider() -> Weight {
		Weight::zero()
	}
	fn revoke_provider() -> Weight {
		Weight::zero()
	}
	fn deprecate() -> Weight {
		Weight::zero()
	}
	fn transfer_ownership() -> Weight {
		Weight::zero()
	}
}
