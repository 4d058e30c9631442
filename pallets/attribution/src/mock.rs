//! A runtime with System, Balances, the real Rewards pallet and this pallet, a stand-in for
//! the models pallet, and helpers the tests share.

use crate::{self as pallet_attribution, AttributionEntry, AttributionOf, FeeSplit, InferenceId};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Get, Hooks},
	weights::Weight,
	PalletId,
};
use frame_system::EnsureRoot;
use openledger_primitives::{
	AcceptedContribution, ContributionId, DatanetId, ModelId, ModelVersion, ModelsInspect,
	VersionNumber,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, Perbill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Rewards: pallet_rewards,
		Attribution: pallet_attribution,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
	// Real database weights, so that the refunds of repeated accesses are visible.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Owns model 0.
pub const ALICE: u64 = 1;
/// Contributed 10.
pub const BOB: u64 = 2;
/// Contributed 11.
pub const CHARLIE: u64 = 3;
/// Pays for inferences.
pub const DAVE: u64 = 4;
/// Serves model 0.
pub const EVE: u64 = 5;
/// Has too little to pay a fee.
pub const POOR: u64 = 6;
/// The rewards pool.
pub const POOL: u64 = 99;

pub const ENDOWMENT: u64 = 100_000;
/// Model 0's inference fee.
pub const FEE: u64 = 1_000;
pub const REFUND_TIMEOUT: u64 = 10;
/// How long an unsettled request lives.
pub const REQUEST_LIFETIME: u64 = 15;
/// The least an inference costs.
pub const MIN_FEE: u64 = 100;
pub const RETENTION: u64 = 20;

parameter_types! {
	/// Model 0's fee; `None` once deprecated.
	pub static ModelFee: Option<u64> = Some(FEE);
	/// Model 0's providers.
	pub static Providers: Vec<u64> = vec![EVE];
	/// The contributions inside the lineage of model 0 version 1, with their contributors.
	/// Contribution 12 (Dave's) exists but is outside it.
	pub static Lineage: BTreeMap<ContributionId, u64> = BTreeMap::from([(10, BOB), (11, CHARLIE)]);
	pub const RewardsPalletId: PalletId = PalletId(*b"ol/rwpot");
	pub const Pool: u64 = POOL;
	/// 10 % pool, 20 % model, 20 % provider, 50 % data.
	pub const DefaultSplit: FeeSplit = FeeSplit {
		pool: Perbill::from_percent(10),
		model: Perbill::from_percent(20),
		provider: Perbill::from_percent(20),
		data: Perbill::from_percent(50),
	};
}

/// The models pallet as the tests set it up: one model, 0, at version 1.
pub struct TestModels;
impl ModelsInspect<u64, u64> for TestModels {
	fn owner(model: ModelId) -> Option<u64> {
		(model == 0).then_some(ALICE)
	}

	fn inference_fee(model: ModelId) -> Option<u64> {
		if model == 0 {
			ModelFee::get()
		} else {
			None
		}
	}

	fn latest_version(model: ModelId) -> Option<ModelVersion> {
		(model == 0).then_some(1)
	}

	fn is_provider(model: ModelId, who: &u64) -> bool {
		model == 0 && Providers::get().contains(who)
	}

	// Model 0's version 1 is trained on Datanet 0, where every contribution in `Lineage` was
	// accepted.
	fn lineage(model: ModelId, version: ModelVersion) -> Option<openledger_primitives::Lineage> {
		(model == 0 && version == 1).then(|| openledger_primitives::Lineage(vec![(0, 1)]))
	}

	fn version_size(datanet: DatanetId, version: VersionNumber) -> Option<u64> {
		(datanet == 0 && version == 1).then_some(u64::MAX)
	}

	fn accepted_contribution(id: ContributionId) -> Option<AcceptedContribution<u64>> {
		Lineage::get().get(&id).map(|contributor| AcceptedContribution {
			datanet: 0,
			contributor: *contributor,
			sequence: 0,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn model_for_benchmark(
		_owner: &u64,
		provider: &u64,
		contributions: u32,
		_contributors: u32,
	) -> (ModelId, Vec<ContributionId>) {
		let ids: Vec<ContributionId> = (100..100u64.saturating_add(contributions.into())).collect();
		Lineage::mutate(|lineage| lineage.extend(ids.iter().map(|id| (*id, BOB))));
		Providers::mutate(|p| p.push(*provider));
		(0, ids)
	}
}

impl pallet_rewards::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type PalletId = RewardsPalletId;
	type RewardsPool = Pool;
	type AdminOrigin = EnsureRoot<u64>;
	type EpochLength = ConstU64<1_000>;
	type SummaryHistory = ConstU32<3>;
	type WeightInfo = ();
}

/// What pruning one record costs in the tests.
pub const PRUNE_WEIGHT: Weight = Weight::from_parts(1_000, 0);

/// Idle weight for reading the queue's bounds and pruning `n` single-record queue entries, and
/// a little to spare: the pass starts each entry only with room for a full batch's.
pub fn room_for_prunes(n: u64) -> Weight {
	let bounds = <Test as frame_system::Config>::DbWeight::get().reads(1);
	let full_batch = u64::from(<<Test as crate::Config>::MaxBatch as Get<u32>>::get());
	PRUNE_WEIGHT
		.saturating_mul(n.saturating_add(full_batch).saturating_sub(1))
		.saturating_add(bounds)
		.saturating_add(PRUNE_WEIGHT.saturating_div(2))
}

/// The weights of `()`, except that pruning a record costs [`PRUNE_WEIGHT`], so that tests can
/// give `on_idle` room for a given number of records.
pub struct TestWeights;
impl crate::WeightInfo for TestWeights {
	fn request_inference() -> Weight {
		<() as crate::WeightInfo>::request_inference()
	}
	fn settle_inference(a: u32) -> Weight {
		<() as crate::WeightInfo>::settle_inference(a)
	}
	fn settle_batch(n: u32) -> Weight {
		<() as crate::WeightInfo>::settle_batch(n)
	}
	fn settle_batch_one_model(n: u32) -> Weight {
		<() as crate::WeightInfo>::settle_batch_one_model(n)
	}
	fn settle_repeated(e: u32) -> Weight {
		<() as crate::WeightInfo>::settle_repeated(e)
	}
	fn settle_shared_contributor(a: u32) -> Weight {
		<() as crate::WeightInfo>::settle_shared_contributor(a)
	}
	fn refund() -> Weight {
		<() as crate::WeightInfo>::refund()
	}
	fn set_fee_split() -> Weight {
		<() as crate::WeightInfo>::set_fee_split()
	}
	fn prune_settlements(n: u32) -> Weight {
		PRUNE_WEIGHT.saturating_mul(n.into())
	}
}

impl crate::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = TestModels;
	type Rewards = Rewards;
	type RewardsPool = Pool;
	type AdminOrigin = EnsureRoot<u64>;
	type DefaultFeeSplit = DefaultSplit;
	type MaxAttribution = ConstU32<4>;
	type MaxBatch = ConstU32<3>;
	type RefundTimeout = ConstU64<REFUND_TIMEOUT>;
	type RequestLifetime = ConstU64<REQUEST_LIFETIME>;
	type MinInferenceFee = ConstU64<MIN_FEE>;
	type RetentionPeriod = ConstU64<RETENTION>;
	type WeightInfo = TestWeights;
}

/// Genesis: Alice to Eve hold [`ENDOWMENT`], Poor 50, the pool and the rewards pot their
/// existential deposit.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE, EVE]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(POOR, 50), (POOL, 1), (Rewards::pot(), 1)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on the genesis state, then checks both pallets' invariants and that no OPEN
/// was created or destroyed.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		test();
		Attribution::do_try_state().expect("attribution invariants hold after the test");
		Rewards::do_try_state().expect("rewards invariants hold after the test");
		assert_eq!(Balances::total_issuance(), issuance, "OPEN was created or destroyed");
	});
}

/// An attribution of `(contribution, percent)` pairs.
pub fn attribution(entries: &[(ContributionId, u32)]) -> AttributionOf<Test> {
	entries
		.iter()
		.map(|&(contribution, percent)| AttributionEntry {
			contribution,
			weight: Perbill::from_percent(percent),
		})
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

/// Dave pays for an inference of model 0; returns its id.
pub fn request() -> InferenceId {
	let id = crate::NextInferenceId::<Test>::get();
	assert_ok!(Attribution::request_inference(RuntimeOrigin::signed(DAVE), 0, FEE, H256::zero()));
	id
}

/// Eve settles inference `id` with all of its data share to contribution 10.
pub fn settle(id: InferenceId) {
	assert_ok!(Attribution::settle_inference(
		RuntimeOrigin::signed(EVE),
		id,
		H256::zero(),
		attribution(&[(10, 100)])
	));
}

/// Produces blocks up to `n`, running `on_idle` with `idle` weight in each.
pub fn run_to_block(n: u64, idle: Weight) {
	while System::block_number() < n {
		let next = System::block_number().saturating_add(1);
		System::set_block_number(next);
		Attribution::on_idle(next, idle);
	}
}

/// The events this pallet emitted, oldest first.
pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Attribution(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// What `who` has in escrow.
pub fn escrow(who: u64) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&crate::HoldReason::InferenceEscrow.into(), &who)
}

/// `who`'s free balance.
pub fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}

/// The ids of the inferences waiting to be settled.
pub fn pending_ids() -> Vec<InferenceId> {
	crate::Inferences::<Test>::iter()
		.filter_map(|(id, i)| matches!(i, crate::Inference::Pending(_)).then_some(id))
		.collect()
}

/// How many settled inferences' records are kept.
pub fn settled_count() -> usize {
	crate::Inferences::<Test>::iter_values()
		.filter(|i| matches!(i, crate::Inference::Settled(_)))
		.count()
}

/// A batch settling each of `inferences` with the same attribution.
pub fn batch_of(
	inferences: &[InferenceId],
	entries: &[(ContributionId, u32)],
) -> frame_support::BoundedVec<crate::Settlement<Test>, <Test as crate::Config>::MaxBatch> {
	inferences
		.iter()
		.map(|inference| crate::Settlement {
			inference: *inference,
			output_hash: H256::zero(),
			attribution: attribution(entries),
		})
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}
