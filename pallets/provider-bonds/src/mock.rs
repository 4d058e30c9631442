//! A runtime with System, Balances and this pallet, and helpers the tests share.

use crate as pallet_provider_bonds;
use frame_support::{derive_impl, parameter_types, traits::ConstU64};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		ProviderBonds: pallet_provider_bonds,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// A provider.
pub const EVE: u64 = 5;
/// Another provider.
pub const FERDIE: u64 = 6;
/// A challenger.
pub const CHARLIE: u64 = 3;
/// The rewards pool.
pub const POOL: u64 = 99;
/// Holds less than the minimum bond.
pub const POOR: u64 = 7;

pub const ENDOWMENT: u64 = 100_000;
pub const UNBONDING_PERIOD: u64 = 10;

parameter_types! {
	/// The minimum bond, which governance may change.
	pub static MinBond: u64 = 1_000;
}

impl crate::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinBond;
	type UnbondingPeriod = ConstU64<UNBONDING_PERIOD>;
	type ChallengeWindow = ConstU64<8>;
	type WeightInfo = ();
}

/// Genesis: Eve, Ferdie, Charlie and the pool endowed, Poor with less than a bond.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(EVE, ENDOWMENT),
			(FERDIE, ENDOWMENT),
			(CHARLIE, ENDOWMENT),
			(POOL, ENDOWMENT),
			(POOR, 500),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on the genesis state, then checks the pallet's invariants and that no OPEN was
/// created or destroyed.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		test();
		ProviderBonds::do_try_state().expect("invariants hold after the test");
		assert_eq!(Balances::total_issuance(), issuance, "OPEN was created or destroyed");
	});
}

/// The events this pallet emitted, oldest first.
pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::ProviderBonds(e) => Some(e),
			_ => None,
		})
		.collect()
}
