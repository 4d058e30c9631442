//! A runtime with System, Balances and this pallet, and helpers the tests share.

use crate::{self as pallet_datanets, Access, ContributionId, DatanetId, Policy};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, LinearStoragePrice},
	BoundedVec,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Datanets: pallet_datanets,
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

pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
pub const DAVE: u64 = 4;
/// Has too little to pay a Datanet deposit.
pub const POOR: u64 = 5;
/// Receives slashed spam deposits.
pub const POOL: u64 = 99;

pub const ENDOWMENT: u64 = 10_000;
pub const DATANET_DEPOSIT: u64 = 1_000;
pub const MIN_CONTRIBUTION_DEPOSIT: u64 = 10;
/// The contribution deposit of [`open_policy`].
pub const CONTRIBUTION_DEPOSIT: u64 = 20;
pub const MAX_BYTES: u64 = 1_000;
pub const COMMITMENT_DEPOSIT: u64 = 5;
pub const WITHDRAWAL_DELAY: u64 = 3;

parameter_types! {
	pub const Pool: u64 = POOL;
	pub const SpamSlash: Perbill = Perbill::from_percent(50);
	/// The storage deposit of a lasting record, per record and per encoded byte: zero unless a
	/// test sets them, so that other tests count review deposits only.
	pub static RecordBase: u64 = 0;
	pub static RecordByte: u64 = 0;
}

impl crate::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type SpamSlashBeneficiary = Pool;
	type DatanetDeposit = ConstU64<DATANET_DEPOSIT>;
	type MinContributionDeposit = ConstU64<MIN_CONTRIBUTION_DEPOSIT>;
	type RecordDeposit = LinearStoragePrice<RecordBase, RecordByte, u64>;
	type SpamSlash = SpamSlash;
	type MaxNameLength = ConstU32<8>;
	type MaxUriLength = ConstU32<16>;
	type MaxTagLength = ConstU32<4>;
	type MaxTags = ConstU32<2>;
	type MaxCurators = ConstU32<2>;
	type MaxMetadataLength = ConstU32<8>;
	type MaxContributionBatch = ConstU32<4>;
	// Half of the counters' range, so that three accepted contributions of this size would
	// overflow them.
	type MaxContributionBytes = ConstU64<{ u64::MAX / 2 }>;
	type CommitmentDeposit = ConstU64<COMMITMENT_DEPOSIT>;
	type WithdrawalDelay = ConstU64<WITHDRAWAL_DELAY>;
	type WeightInfo = ();
}

/// Genesis: Alice to Dave hold [`ENDOWMENT`], Poor 50, the pool its existential deposit.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, ENDOWMENT),
			(BOB, ENDOWMENT),
			(CHARLIE, ENDOWMENT),
			(DAVE, ENDOWMENT),
			(POOR, 50),
			(POOL, 1),
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
		Datanets::do_try_state().expect("invariants hold after the test");
		assert_eq!(Balances::total_issuance(), issuance, "OPEN was created or destroyed");
	});
}

pub fn bounded<S: frame_support::traits::Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

pub fn open_policy() -> Policy<u64> {
	Policy {
		access: Access::Open,
		contribution_deposit: CONTRIBUTION_DEPOSIT,
		max_contribution_bytes: MAX_BYTES,
	}
}

/// `owner` creates a Datanet named "med" with `policy`; returns its id.
pub fn create_with(owner: u64, policy: Policy<u64>) -> DatanetId {
	let id = crate::NextDatanetId::<Test>::get();
	assert_ok!(Datanets::create_datanet(
		RuntimeOrigin::signed(owner),
		bounded(b"med"),
		bounded(b"ipfs://desc"),
		vec![bounded(b"en")].try_into().unwrap(),
		policy,
	));
	id
}

/// `owner` creates an open Datanet; returns its id.
pub fn create(owner: u64) -> DatanetId {
	create_with(owner, open_policy())
}

/// The content hash the tests use for data number `n`.
pub fn hash(n: u8) -> H256 {
	H256::repeat_byte(n)
}

/// Data number `n` of `size` bytes, as `contribute_batch` takes it.
pub fn input(n: u8, size: u64) -> crate::ContributionInput<Test> {
	crate::ContributionInput {
		content_hash: hash(n),
		size_bytes: size,
		uri: bounded(b"ipfs://data"),
		metadata: bounded(b"csv"),
	}
}

/// `who` contributes data number `n` (`n * 10` bytes) to `datanet`; returns its id.
pub fn contribute(who: u64, datanet: DatanetId, n: u8) -> ContributionId {
	let id = crate::NextContributionId::<Test>::get();
	assert_ok!(Datanets::contribute(
		RuntimeOrigin::signed(who),
		datanet,
		hash(n),
		u64::from(n) * 10,
		bounded(b"ipfs://data"),
		bounded(b"csv"),
		u64::MAX,
	));
	id
}

/// Moves the chain `blocks` blocks on.
pub fn advance(blocks: u64) {
	System::set_block_number(System::block_number().saturating_add(blocks));
}

/// `who` asks to withdraw `contribution`, waits out the delay and withdraws it.
pub fn withdraw(who: u64, contribution: ContributionId) {
	assert_ok!(Datanets::withdraw(RuntimeOrigin::signed(who), contribution));
	advance(WITHDRAWAL_DELAY);
	assert_ok!(Datanets::withdraw(RuntimeOrigin::signed(who), contribution));
}

/// The commitment `who` makes to contributing `hashes` to `datanet`.
pub fn commitment(who: u64, datanet: DatanetId, hashes: &[H256]) -> H256 {
	Datanets::commitment(&who, datanet, hashes)
}

/// The events this pallet emitted, oldest first.
pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Datanets(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The last event this pallet emitted.
pub fn last_event() -> crate::Event<Test> {
	events().pop().expect("an event")
}

/// What `who` has on hold for contributions.
pub fn contribution_hold(who: u64) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&crate::HoldReason::ContributionDeposit.into(), &who)
}

/// What `who` has on hold for Datanets.
pub fn datanet_hold(who: u64) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&crate::HoldReason::DatanetDeposit.into(), &who)
}

/// `who`'s free balance.
pub fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}
