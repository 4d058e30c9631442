//! Replaced by `scripts/benchmark.sh` with generated weights.
#![allow(missing_docs)]
use frame_support::weights::Weight;
pub trait WeightInfo {
	fn request_inference() -> Weight;
	fn settle_inference(a: u32) -> Weight;
	fn settle_batch(n: u32, a: u32) -> Weight;
	fn refund() -> Weight;
	fn set_fee_split() -> Weight;
	fn prune_record() -> Weight;
}
impl WeightInfo for () {
	fn request_inference() -> Weight {
		Weight::zero()
	}
	fn settle_inference(_: u32) -> Weight {
		Weight::zero()
	}
	fn settle_batch(_: u32, _: u32) -> Weight {
		Weight::zero()
	}
	fn refund() -> Weight {
		Weight::zero()
	}
	fn set_fee_split() -> Weight {
		Weight::zero()
	}
	fn prune_record() -> Weight {
		Weight::zero()
	}
}
