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
	AcceptedContribution, ContributionId, DatanetId, DatanetsInspect, ModelId, ModelVersion,
	ModelsInspect, ProviderBonds, VersionNumber,
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
/// Eve's provider bond.
pub const BOND: u64 = 5_000;
/// What a challenger deposits.
pub const CHALLENGE_DEPOSIT: u64 = 200;
/// What an upheld challenge slashes.
pub const CHALLENGE_SLASH: u64 = 1_000;
/// Blocks to answer a challenge in.
pub const RESPONSE_PERIOD: u64 = 3;
/// The shortest span a witness shows.
pub const MIN_SPAN: u32 = 8;
/// What an output base holds from its provider.
pub const OUTPUT_BASE_DEPOSIT: u64 = 10;
/// Where Eve publishes outputs.
pub const EVE_OUTPUTS: &[u8] = b"https://eve.example/outputs/";

parameter_types! {
	/// Model 0's fee; `None` once deprecated.
	pub static ModelFee: Option<u64> = Some(FEE);
	/// Model 0's providers.
	pub static Providers: Vec<u64> = vec![EVE];
	/// The contributions inside the lineage of model 0 version 1, with their contributors.
	/// Contribution 12 (Dave's) exists but is outside it.
	pub static Lineage: BTreeMap<ContributionId, u64> = BTreeMap::from([(10, BOB), (11, CHARLIE)]);
	/// The models benchmarks registered, each marked whether it is an adapter.
	pub static BenchmarkModels: BTreeMap<ModelId, bool> = BTreeMap::new();
	/// The accounts holding the minimum provider bond.
	pub static Bonded: Vec<u64> = vec![EVE];
	/// What each provider's bond holds, which a slash moves (from its free balance here).
	pub static BondHeld: BTreeMap<u64, u64> = BTreeMap::from([(EVE, BOND)]);
	/// What contributions committed to: content root and size.
	pub static Contents: BTreeMap<ContributionId, ([u8; 32], u64)> = BTreeMap::new();
	/// The rewards' challenge period: 0 (claimable at once) unless a test sets it.
	pub static ChallengePeriod: u64 = 0;
	/// The Datanets benchmarks published, with the size of their version 1.
	pub static BenchmarkVersions: BTreeMap<DatanetId, u64> = BTreeMap::new();
	pub const RewardsPalletId: PalletId = PalletId(*b"ol/rwpot");
	pub const EscrowPalletId: PalletId = PalletId(*b"ol/escrw");
	pub const Pool: u64 = POOL;
	/// The pool takes at least 1 % of every fee.
	pub const MinPoolShare: Perbill = Perbill::from_percent(1);
	/// An epoch emits at most 90 % of its scores.
	pub const MaxEmissionRate: Perbill = Perbill::from_percent(90);
	/// Half of what the losing side forfeits goes to the winner.
	pub const WinnerShare: Perbill = Perbill::from_percent(50);
	/// 10 % pool, 20 % model, 20 % provider, 50 % data.
	pub const DefaultSplit: FeeSplit = FeeSplit {
		pool: Perbill::from_percent(10),
		model: Perbill::from_percent(20),
		provider: Perbill::from_percent(20),
		data: Perbill::from_percent(50),
	};
}

/// The models pallet as the tests set it up: model 0 at version 1, and the models benchmarks
/// register, each like model 0 (an adapter's lineage has its base's Datanet version too).
pub struct TestModels;
impl TestModels {
	fn exists(model: ModelId) -> bool {
		model == 0 || BenchmarkModels::get().contains_key(&model)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add(adapter: bool) -> ModelId {
		let id = BenchmarkModels::get().keys().max().map_or(1, |last| last.saturating_add(1));
		BenchmarkModels::mutate(|models| models.insert(id, adapter));
		id
	}
}

impl ModelsInspect<u64, u64> for TestModels {
	fn owner(model: ModelId) -> Option<u64> {
		Self::exists(model).then_some(ALICE)
	}

	fn inference_fee(model: ModelId) -> Option<u64> {
		if Self::exists(model) {
			ModelFee::get()
		} else {
			None
		}
	}

	fn latest_version(model: ModelId) -> Option<ModelVersion> {
		Self::exists(model).then_some(1)
	}

	fn is_provider(model: ModelId, who: &u64) -> bool {
		Self::exists(model) && Providers::get().contains(who)
	}

	// Version 1 is trained on Datanet 0's version 1, which holds every contribution in
	// `Lineage`.
	fn lineage(model: ModelId, version: ModelVersion) -> Option<openledger_primitives::Lineage> {
		let adapter = BenchmarkModels::get().get(&model).copied().unwrap_or(false);
		let versions = if adapter { vec![(0, 1), (0, 1)] } else { vec![(0, 1)] };
		(Self::exists(model) && version == 1).then_some(openledger_primitives::Lineage(versions))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn model_for_benchmark(
		_owner: &u64,
		provider: &u64,
		contributions: u32,
		_contributors: u32,
	) -> (ModelId, Vec<ContributionId>) {
		let ids = accept_for_benchmark(contributions, BOB);
		Providers::mutate(|p| p.push(*provider));
		(Self::add(false), ids)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn adapter_for_benchmark(_owner: &u64, provider: &u64) -> ModelId {
		Providers::mutate(|p| p.push(*provider));
		Self::add(true)
	}
}

/// Adds `count` contributions by `contributor` to `Lineage`, after the last one; returns them.
#[cfg(feature = "runtime-benchmarks")]
fn accept_for_benchmark(count: u32, contributor: u64) -> Vec<ContributionId> {
	let first = Lineage::get().keys().max().map_or(100, |last| last.saturating_add(1));
	let ids: Vec<ContributionId> = (first..first.saturating_add(count.into())).collect();
	Lineage::mutate(|lineage| lineage.extend(ids.iter().map(|id| (*id, contributor))));
	ids
}

/// The Datanets pallet as the tests set it up: version 1 of Datanet 0 holds every
/// contribution in `Lineage`; benchmarks publish more in `BenchmarkVersions`.
pub struct TestDatanets;
impl DatanetsInspect<u64> for TestDatanets {
	fn version_exists(datanet: DatanetId, version: VersionNumber) -> bool {
		Self::version_size(datanet, version).is_some()
	}

	fn version_size(datanet: DatanetId, version: VersionNumber) -> Option<u64> {
		match (datanet, version) {
			(0, 1) => Some(u64::MAX),
			_ => BenchmarkVersions::get().get(&datanet).copied().filter(|_| version == 1),
		}
	}

	fn accepted_contribution(id: ContributionId) -> Option<AcceptedContribution<u64>> {
		Lineage::get().get(&id).map(|contributor| AcceptedContribution {
			datanet: 0,
			contributor: *contributor,
			sequence: 0,
		})
	}

	fn content(id: ContributionId) -> Option<([u8; 32], u64)> {
		Contents::get().get(&id).copied()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_content_for_benchmark(id: ContributionId, root: [u8; 32], size: u64) {
		Contents::mutate(|contents| contents.insert(id, (root, size)));
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn publish_version_for_benchmark(
		owner: &u64,
		contributions: u32,
		_contributors: u32,
	) -> (DatanetId, VersionNumber, Vec<ContributionId>) {
		let datanet = BenchmarkVersions::get().keys().max().map_or(1, |d| d.saturating_add(1));
		let count = contributions.max(1);
		BenchmarkVersions::mutate(|versions| versions.insert(datanet, count.into()));
		(datanet, 1, accept_for_benchmark(count, *owner))
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
	type MaxEmissionRate = MaxEmissionRate;
	type MaxEmissionPerEpoch = ConstU64<1_000_000>;
	// Credits are claimable as soon as they are made, but in the challenge tests: their
	// challenge period is the rewards pallet's to test (and the runtime tests').
	type ChallengePeriod = ChallengePeriod;
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
	fn settle_batch(n: u32) -> Weight {
		<() as crate::WeightInfo>::settle_batch(n)
	}
	fn read_models(m: u32) -> Weight {
		<() as crate::WeightInfo>::read_models(m)
	}
	fn read_lineages(l: u32) -> Weight {
		<() as crate::WeightInfo>::read_lineages(l)
	}
	fn read_version_sizes(v: u32) -> Weight {
		<() as crate::WeightInfo>::read_version_sizes(v)
	}
	fn read_contributions(c: u32) -> Weight {
		<() as crate::WeightInfo>::read_contributions(c)
	}
	fn share_entries(e: u32) -> Weight {
		<() as crate::WeightInfo>::share_entries(e)
	}
	fn credit_accounts(k: u32) -> Weight {
		<() as crate::WeightInfo>::credit_accounts(k)
	}
	fn mature_credits(m: u32) -> Weight {
		<() as crate::WeightInfo>::mature_credits(m)
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
	// Not zero, so that a meter of one step's weight takes one step.
	fn migrate_v1_step() -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn migrate_v2_step() -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn set_output_base() -> Weight {
		<() as crate::WeightInfo>::set_output_base()
	}
	fn challenge(e: u32) -> Weight {
		<() as crate::WeightInfo>::challenge(e)
	}
	fn answer_challenge(o: u32, c: u32) -> Weight {
		<() as crate::WeightInfo>::answer_challenge(o, c)
	}
	fn decide_challenge() -> Weight {
		<() as crate::WeightInfo>::decide_challenge()
	}
	fn challenge_omission(o: u32, c: u32) -> Weight {
		<() as crate::WeightInfo>::challenge_omission(o, c)
	}
	fn answer_omission(o: u32, c: u32) -> Weight {
		<() as crate::WeightInfo>::answer_omission(o, c)
	}
}

/// Provider bonds as the tests set them in [`Bonded`] and [`BondHeld`]; the bond is part of
/// the provider's free balance here (holding it is `pallet-provider-bonds`' to test).
pub struct TestBonds;
impl ProviderBonds<u64, u64> for TestBonds {
	fn is_bonded(who: &u64) -> bool {
		Bonded::get().contains(who)
	}

	fn slash(who: &u64, amount: u64, to: &u64) -> u64 {
		let moved = amount.min(BondHeld::get().get(who).copied().unwrap_or(0));
		if moved > 0 {
			assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
				who,
				to,
				moved,
				frame_support::traits::tokens::Preservation::Expendable
			));
			BondHeld::mutate(|held| {
				if let Some(bond) = held.get_mut(who) {
					*bond = bond.saturating_sub(moved);
				}
			});
		}
		moved
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn bond_for_benchmark(who: &u64) {
		Bonded::mutate(|bonded| bonded.push(*who));
	}
}

impl crate::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = TestModels;
	type Datanets = TestDatanets;
	type Bonds = TestBonds;
	type Rewards = Rewards;
	type RewardsPool = Pool;
	type AdminOrigin = EnsureRoot<u64>;
	type DefaultFeeSplit = DefaultSplit;
	type MinPoolShare = MinPoolShare;
	type MaxAttribution = ConstU32<4>;
	type MaxBatch = ConstU32<3>;
	type RefundTimeout = ConstU64<REFUND_TIMEOUT>;
	type RequestLifetime = ConstU64<REQUEST_LIFETIME>;
	type MinInferenceFee = ConstU64<MIN_FEE>;
	type RetentionPeriod = ConstU64<RETENTION>;
	type PalletId = EscrowPalletId;
	type MinSpan = ConstU32<MIN_SPAN>;
	type MaxOutputBytes = ConstU32<4096>;
	type MaxWitnessBytes = ConstU32<4096>;
	type MaxProofHashes = ConstU32<64>;
	type ChallengeDeposit = ConstU64<CHALLENGE_DEPOSIT>;
	type ResponsePeriod = ConstU64<RESPONSE_PERIOD>;
	type ChallengeSlash = ConstU64<CHALLENGE_SLASH>;
	type WinnerShare = WinnerShare;
	type MaxOutputBaseBytes = ConstU32<64>;
	type OutputBaseDeposit = ConstU64<OUTPUT_BASE_DEPOSIT>;
	type WeightInfo = TestWeights;
}

/// Genesis: Alice to Eve hold [`ENDOWMENT`], Poor 50, the pool and the rewards pot their
/// existential deposit; Eve publishes outputs at [`EVE_OUTPUTS`], its deposit held.
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
	ext.execute_with(|| {
		System::set_block_number(1);
		// Without `set_output_base`, so that no test starts with an event.
		let reason = crate::HoldReason::OutputBase.into();
		assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<u64>>::hold(
			&reason,
			&EVE,
			OUTPUT_BASE_DEPOSIT
		));
		crate::OutputBases::<Test>::insert(
			EVE,
			crate::OutputBase::<Test>::truncate_from(EVE_OUTPUTS.to_vec()),
		);
	});
	ext
}

/// The genesis state for the benchmarks' tests: credits in a challenge period of 4 blocks, so
/// that settlements can be challenged.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ChallengePeriod::set(4);
	new_test_ext()
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
			share: Perbill::from_percent(percent),
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

/// What `who` has in escrow: the fees of its pending inferences, which `try_state` checks the
/// escrow account holds.
pub fn escrow(who: u64) -> u64 {
	crate::Inferences::<Test>::iter_values()
		.filter_map(crate::Inference::pending)
		.filter(|pending| pending.consumer == who)
		.map(|pending| pending.fee)
		.sum()
}

/// What the escrow account holds.
pub fn escrow_account() -> u64 {
	Balances::free_balance(Attribution::escrow())
}

/// `who`'s free balance.
pub fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}

/// The ids of the inferences waiting to be settled.
pub fn pending_ids() -> Vec<InferenceId> {
	crate::Inferences::<Test>::iter()
		.filter_map(|(id, i)| i.pending().map(|_| id))
		.collect()
}

/// How many settled inferences' records are kept.
pub fn settled_count() -> usize {
	crate::Inferences::<Test>::iter_values()
		.filter(|i| i.record().is_some())
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
