//! Benchmark of a report, at its worst case: a real equivocation of a validator among `n`, its
//! key-ownership proof checked against the session's validator trie, and the offence recorded
//! and handed to the validator set. The runtime builds the evidence ([`BenchmarkHelper`]), since
//! only it has the session and offences pallets.

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

/// Makes a valid report in a set of `validators` validators.
pub trait BenchmarkHelper<Proof, KeyOwnerProof> {
	/// An equivocation of one of `validators` validators, and its key-ownership proof.
	fn equivocation(validators: u32) -> (Proof, KeyOwnerProof);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn report_equivocation(n: Linear<4, 100>) {
		let (proof, key_owner_proof) = T::BenchmarkHelper::equivocation(n);

		#[extrinsic_call]
		report_equivocation_unsigned(RawOrigin::None, Box::new(proof), key_owner_proof);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
