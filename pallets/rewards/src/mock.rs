//! A runtime with System, Balances and this pallet, and helpers that credit rewards the way
//! the attribution pallet does.

use crate::{self as pallet_rewards, RewardSource};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{fungible::Mutate, tokens::Preservation, ConstU32, ConstU64, Hooks},
	PalletId,
};
use frame_system::EnsureRoot;
use openledger_primitives::RewardsCredit;
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Rewards: pallet_rewards,
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
}

pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
pub const DAVE: u64 = 4;
/// Pays the fees that get credited.
pub const CONSUMER: u64 = 7;
/// The rewards pool, which pays the emission.
pub const POOL: u64 = 99;

pub const ENDOWMENT: u64 = 10_000;
pub const POOL_FUNDS: u64 = 1_000_000;
pub const EPOCH_LENGTH: u64 = 10;
/// A credit made at block `b` is claimable from the first even block after `b + 1`.
pub const CHALLENGE_PERIOD: u64 = 2;
/// The most `set_emission` sets.
pub const MAX_EMISSION: u64 = 10 * POOL_FUNDS;

parameter_types! {
	pub const RewardsPalletId: PalletId = PalletId(*b"ol/rwpot");
	pub const Pool: u64 = POOL;
	/// An epoch emits at most 90 % of its scores.
	pub const MaxEmissionRate: Perbill = Perbill::from_percent(90);
}

impl crate::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type PalletId = RewardsPalletId;
	type RewardsPool = Pool;
	type AdminOrigin = EnsureRoot<u64>;
	type EpochLength = ConstU64<EPOCH_LENGTH>;
	type SummaryHistory = ConstU32<3>;
	type MaxEmissionRate = MaxEmissionRate;
	type MaxEmissionPerEpoch = ConstU64<MAX_EMISSION>;
	type ChallengePeriod = ConstU64<CHALLENGE_PERIOD>;
	type WeightInfo = ();
}

/// Genesis: Alice to Dave and the consumer hold [`ENDOWMENT`], the pool [`POOL_FUNDS`], the pot
/// its existential deposit.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE, CONSUMER]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(POOL, POOL_FUNDS), (Rewards::pot(), 1)])
			.collect(),
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
		Rewards::do_try_state().expect("invariants hold after the test");
		assert_eq!(Balances::total_issuance(), issuance, "OPEN was created or destroyed");
	});
}

/// Moves `amount` of the consumer's fees into the pot, as the attribution pallet does before
/// crediting it.
pub fn pay_in(amount: u64) {
	assert_ok!(Balances::transfer(&CONSUMER, &Rewards::pot(), amount, Preservation::Preserve));
}

/// What the attribution pallet does for a model owner or a provider: moves `amount` of the
/// consumer's fee into the pot, then credits it to `who`, without a score.
pub fn credit(who: u64, amount: u64, source: RewardSource) {
	pay_in(amount);
	assert_ok!(<Rewards as RewardsCredit<u64, u64, u64>>::credit(&who, amount, source, 0));
}

/// What it does for a contributor: credits `amount` of data rewards with `score` (the pool
/// share the credit stands for).
pub fn credit_data(who: u64, amount: u64, score: u64) {
	pay_in(amount);
	assert_ok!(<Rewards as RewardsCredit<u64, u64, u64>>::credit(
		&who,
		amount,
		RewardSource::Data,
		score
	));
}

/// Sets the emission per epoch, as the admin origin.
pub fn set_emission(amount: u64) {
	assert_ok!(Rewards::set_emission(RuntimeOrigin::root(), amount));
}

/// Produces blocks up to `n`, running this pallet's `on_initialize` in each.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number().saturating_add(1);
		System::set_block_number(next);
		Rewards::on_initialize(next);
	}
}

/// The events this pallet emitted, oldest first.
pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Rewards(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// `who`'s free balance.
pub fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}
