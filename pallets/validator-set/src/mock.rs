//! A minimal runtime for the validator-set tests: System and this pallet only.

use crate as pallet_validator_set;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	/// Accounts that have registered session keys.
	pub static KeyHolders: Vec<u64> = vec![1, 2, 3, 4, 5, 6];
}

/// Session keys as the tests set them in [`KeyHolders`].
pub struct TestSessionKeys;
impl crate::SessionKeys<u64> for TestSessionKeys {
	fn has_keys(who: &u64) -> bool {
		KeyHolders::get().contains(who)
	}

	fn purge_keys(who: &u64) -> sp_runtime::DispatchResult {
		frame_support::ensure!(Self::has_keys(who), sp_runtime::DispatchError::Other("no keys"));
		KeyHolders::mutate(|k| k.retain(|holder| holder != who));
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_keys_for_benchmark(who: &u64) {
		KeyHolders::mutate(|k| k.push(*who));
	}
}

impl crate::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type AdminOrigin = EnsureRoot<u64>;
	type SessionKeys = TestSessionKeys;
	type MaxValidators = ConstU32<4>;
	type MinValidators = ConstU32<2>;
	type WeightInfo = ();
}

/// Genesis: validators 1 and 2.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_validator_set::GenesisConfig::<Test> { initial_validators: vec![1, 2] }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on the genesis state, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("invariants hold after the test");
	});
}
