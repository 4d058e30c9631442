//! A runtime with System, Balances and this pallet, a stand-in for the Datanets pallet, and
//! helpers the tests share.

use crate::{self as pallet_models, LineageEntry, LineageOf, ModelId, ModelKind};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, LinearStoragePrice},
	BoundedVec,
};
use openledger_primitives::{
	AcceptedContribution, ContributionId, DatanetId, DatanetsInspect, VersionNumber,
};
use sp_core::H256;
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Models: pallet_models,
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
pub const EVE: u64 = 5;
/// Has too little to pay a model deposit.
pub const POOR: u64 = 6;

pub const ENDOWMENT: u64 = 10_000;
pub const MODEL_DEPOSIT: u64 = 100;
pub const FEE: u64 = 7;

parameter_types! {
	/// The storage deposit of a lasting record, per record and per encoded byte: zero unless a
	/// test sets them.
	pub static RecordBase: u64 = 0;
	pub static RecordByte: u64 = 0;
	/// The published Datanet versions, with how many contributions each holds: Datanet 0 has
	/// versions 1 (2 contributions) and 2 (3), Datanet 1 has version 1 (1).
	pub static PublishedVersions: BTreeMap<(DatanetId, VersionNumber), u64> =
		BTreeMap::from([((0, 1), 2), ((0, 2), 3), ((1, 1), 1)]);
	/// The accepted contributions: 10, 11, 12 in Datanet 0 (sequences 0, 1, 2, by Bob,
	/// Charlie, Dave) and 20 in Datanet 1 (sequence 0, by Eve).
	pub static AcceptedContributions: BTreeMap<ContributionId, AcceptedContribution<u64>> =
		BTreeMap::from([
			(10, AcceptedContribution { datanet: 0, contributor: BOB, sequence: 0 }),
			(11, AcceptedContribution { datanet: 0, contributor: CHARLIE, sequence: 1 }),
			(12, AcceptedContribution { datanet: 0, contributor: DAVE, sequence: 2 }),
			(20, AcceptedContribution { datanet: 1, contributor: EVE, sequence: 0 }),
		]);
}

/// The Datanets pallet as the tests set it up in [`PublishedVersions`] and
/// [`AcceptedContributions`].
pub struct TestDatanets;
impl DatanetsInspect<u64> for TestDatanets {
	fn version_exists(datanet: DatanetId, version: VersionNumber) -> bool {
		PublishedVersions::get().contains_key(&(datanet, version))
	}

	fn version_size(datanet: DatanetId, version: VersionNumber) -> Option<u64> {
		PublishedVersions::get().get(&(datanet, version)).copied()
	}

	fn accepted_contribution(id: ContributionId) -> Option<AcceptedContribution<u64>> {
		AcceptedContributions::get().get(&id).cloned()
	}

	fn content(id: ContributionId) -> Option<([u8; 32], u64)> {
		// The models pallet never asks what a contribution holds.
		AcceptedContributions::get().get(&id).map(|_| ([0; 32], 0))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_content_for_benchmark(_: ContributionId, _: [u8; 32], _: u64) {}

	#[cfg(feature = "runtime-benchmarks")]
	fn publish_version_for_benchmark(
		owner: &u64,
		contributions: u32,
		_contributors: u32,
	) -> (DatanetId, VersionNumber, Vec<ContributionId>) {
		let datanet = PublishedVersions::get()
			.keys()
			.map(|(d, _)| d.saturating_add(1))
			.max()
			.unwrap_or(0);
		let count = u64::from(contributions.max(1));
		let first = AcceptedContributions::get().keys().max().map_or(0, |c| c.saturating_add(1));
		let ids: Vec<ContributionId> = (first..first.saturating_add(count)).collect();
		PublishedVersions::mutate(|v| v.insert((datanet, 1), count));
		AcceptedContributions::mutate(|accepted| {
			for (sequence, id) in (0u64..).zip(&ids) {
				accepted
					.insert(*id, AcceptedContribution { datanet, contributor: *owner, sequence });
			}
		});
		(datanet, 1, ids)
	}
}

impl crate::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = TestDatanets;
	type ModelDeposit = ConstU64<MODEL_DEPOSIT>;
	type RecordDeposit = LinearStoragePrice<RecordBase, RecordByte, u64>;
	type MaxNameLength = ConstU32<16>;
	type MaxUriLength = ConstU32<16>;
	type MaxLineage = ConstU32<3>;
	type MaxProviders = ConstU32<2>;
	type WeightInfo = ();
}

/// Genesis: Alice to Eve hold [`ENDOWMENT`], Poor 50.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE, EVE]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(POOR, 50)])
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
		Models::do_try_state().expect("invariants hold after the test");
		assert_eq!(Balances::total_issuance(), issuance, "OPEN was created or destroyed");
	});
}

pub fn bounded<S: frame_support::traits::Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

/// A lineage of `(datanet, version)` pairs.
pub fn lineage(entries: &[(DatanetId, VersionNumber)]) -> LineageOf<Test> {
	entries
		.iter()
		.map(|&(datanet, version)| LineageEntry { datanet, version })
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

/// `owner` registers a model of `kind` on `entries`, with artifact hash `n`; returns its id.
pub fn register(
	owner: u64,
	kind: ModelKind,
	entries: &[(DatanetId, VersionNumber)],
	n: u8,
) -> ModelId {
	let id = crate::NextModelId::<Test>::get();
	assert_ok!(Models::register_model(
		RuntimeOrigin::signed(owner),
		bounded(b"model"),
		bounded(b"ipfs://card"),
		kind,
		H256::repeat_byte(n),
		bounded(b"ipfs://weights"),
		lineage(entries),
		FEE,
	));
	id
}

/// `owner` registers a base model trained on version 1 of Datanet 0; returns its id.
pub fn register_base(owner: u64) -> ModelId {
	register(owner, ModelKind::Base, &[(0, 1)], 1)
}

/// The events this pallet emitted, oldest first.
pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Models(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The last event this pallet emitted.
pub fn last_event() -> crate::Event<Test> {
	events().pop().expect("an event")
}

/// What `who` has on hold for models.
pub fn model_hold(who: u64) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&crate::HoldReason::ModelDeposit.into(), &who)
}

/// `who`'s free balance.
pub fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}
