//! PROVISIONAL: replaced by `scripts/benchmark.sh` output before commit.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};
pub trait WeightInfo {
	fn add_validator(n: u32) -> Weight;
	fn remove_validator(n: u32) -> Weight;
}
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_validator(_n: u32) -> Weight {
		Weight::zero()
	}
	fn remove_validator(_n: u32) -> Weight {
		Weight::zero()
	}
}
impl WeightInfo for () {
	fn add_validator(_n: u32) -> Weight {
		Weight::zero()
	}
	fn remove_validator(_n: u32) -> Weight {
		Weight::zero()
	}
}
