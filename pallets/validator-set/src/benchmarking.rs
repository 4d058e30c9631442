//! Benchmarks of the validator-set calls, at their worst case: the list scan covers `n` members.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::*, traits::EnsureOrigin};

/// Fills the set with `n` validators that have keys.
fn fill<T: Config>(n: u32) -> Result<Vec<T::AccountId>, BenchmarkError> {
	let validators: Vec<T::AccountId> = (0..n).map(|i| account("validator", i, 0)).collect();
	for v in &validators {
		T::SessionKeys::register_keys_for_benchmark(v);
	}
	let bounded: BoundedVec<_, T::MaxValidators> = validators
		.clone()
		.try_into()
		.map_err(|_| BenchmarkError::Stop("more validators than MaxValidators"))?;
	Validators::<T>::put(bounded);
	Ok(validators)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case: the new member is checked against `n` members and appended last.
	#[benchmark]
	fn add_validator(
		n: Linear<{ T::MinValidators::get() }, { T::MaxValidators::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		fill::<T>(n)?;
		let who: T::AccountId = account("candidate", 0, 0);
		T::SessionKeys::register_keys_for_benchmark(&who);
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	// Worst case: the member removed is the last one, so the scan covers the whole list.
	#[benchmark]
	fn remove_validator(
		n: Linear<{ T::MinValidators::get().saturating_add(1) }, { T::MaxValidators::get() }>,
	) -> Result<(), BenchmarkError> {
		let validators = fill::<T>(n)?;
		let who = validators.last().cloned().ok_or(BenchmarkError::Stop("no validator"))?;
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	// Worst case: the caller is checked against a full set, then its keys are purged.
	#[benchmark]
	fn purge_keys(n: Linear<1, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		fill::<T>(n)?;
		let who: T::AccountId = whitelisted_caller();
		T::SessionKeys::register_keys_for_benchmark(&who);

		#[extrinsic_call]
		_(frame_system::RawOrigin::Signed(who.clone()));

		assert!(!T::SessionKeys::has_keys(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
