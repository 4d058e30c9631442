//! A runtime with System, Balances and this pallet, a market of three models standing in for
//! `pallet-attribution`, and helpers the tests share.

use crate::{self as pallet_agents, AgentMetadata};
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::Mutate, tokens::Preservation, ConstU32, ConstU64},
	BoundedVec,
};
use openledger_primitives::{InferenceId, InferenceMarket, ModelId};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchError, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Agents: pallet_agents,
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
	type ExistentialDeposit = ConstU64<10>;
}

/// Owns agent 0.
pub const ALICE: u64 = 1;
/// Operates agent 0.
pub const OSCAR: u64 = 2;
/// A user.
pub const BOB: u64 = 3;
/// Another user, and a keeper expiring what users forget.
pub const CHARLIE: u64 = 4;
/// Another owner.
pub const DAVE: u64 = 5;
/// Holds little.
pub const POOR: u64 = 6;
/// Where the market keeps inference fees.
pub const ESCROW: u64 = 98;
/// The rewards pool.
pub const POOL: u64 = 99;

pub const ENDOWMENT: u64 = 1_000_000;
/// Models the market serves, and what each inference of them costs.
pub const MEDICAL: ModelId = 0;
pub const GENERAL: ModelId = 1;
pub const PRICEY: ModelId = 2;
/// A model the market does not serve (deprecated).
pub const DEPRECATED: ModelId = 9;
pub const MEDICAL_FEE: u64 = 100;
pub const GENERAL_FEE: u64 = 50;
pub const PRICEY_FEE: u64 = 5_000;

pub const STAKE: u64 = 10_000;
pub const PRICE: u64 = 300;
pub const TASK_DEPOSIT: u64 = 20;
pub const MAX_TASK_DURATION: u64 = 100;
pub const EXPIRY_GRACE: u64 = 10;
pub const UNBONDING_PERIOD: u64 = 200;
pub const TASK_RETENTION: u64 = 50;
pub const MAX_STRIKES: u32 = 3;

parameter_types! {
	/// The minimum stake, which governance may change.
	pub static MinStake: u64 = 5_000;
	/// The emission epoch in progress.
	pub static Epoch: u32 = 0;
	/// The models the market serves, with their fees.
	pub static ModelFees: Vec<(ModelId, u64)> =
		vec![(MEDICAL, MEDICAL_FEE), (GENERAL, GENERAL_FEE), (PRICEY, PRICEY_FEE)];
	/// The id the market gives its next inference.
	pub static NextInference: InferenceId = 0;
	/// The inferences the market sold: consumer, model, fee and request hash.
	pub static Sold: Vec<(u64, ModelId, u64, H256)> = vec![];
	pub const Pool: u64 = POOL;
	/// Whether an expiry takes the whole stake, not 10 % of it.
	pub static ExpirySlashOverride: bool = false;
	pub const SlashToUser: Perbill = Perbill::from_percent(50);
}

/// 10 % of an agent's stake, or all of it with [`ExpirySlashOverride`].
pub struct ExpirySlash;
impl frame_support::traits::Get<Perbill> for ExpirySlash {
	fn get() -> Perbill {
		if ExpirySlashOverride::get() {
			Perbill::one()
		} else {
			Perbill::from_percent(10)
		}
	}
}

/// `pallet-attribution` as agents see it: an inference's fee moves to the escrow.
pub struct Market;
impl InferenceMarket<u64, u64> for Market {
	fn fee(model: ModelId) -> Option<u64> {
		ModelFees::get().into_iter().find(|(m, _)| *m == model).map(|(_, fee)| fee)
	}

	fn request(
		consumer: &u64,
		model: ModelId,
		max_fee: u64,
		request_hash: H256,
	) -> Result<(InferenceId, u64), DispatchError> {
		let fee = Self::fee(model).ok_or(DispatchError::Other("model unavailable"))?;
		if fee > max_fee {
			return Err(DispatchError::Other("fee above max"));
		}
		Balances::transfer(consumer, &ESCROW, fee, Preservation::Preserve)?;
		let id = NextInference::get();
		NextInference::set(id.saturating_add(1));
		Sold::mutate(|sold| sold.push((*consumer, model, fee, request_hash)));
		Ok((id, fee))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for Market {
	/// A new model each time, at the medical model's fee.
	fn model(_: &u64) -> ModelId {
		let id = (ModelFees::get().len() as ModelId).saturating_add(100);
		ModelFees::mutate(|fees| fees.push((id, MEDICAL_FEE)));
		id
	}
}

impl crate::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Inferences = Market;
	type RewardsPool = Pool;
	type CurrentEpoch = Epoch;
	type MinStake = MinStake;
	type TaskDeposit = ConstU64<TASK_DEPOSIT>;
	type ExpirySlash = ExpirySlash;
	type SlashToUser = SlashToUser;
	type MaxStrikes = ConstU32<MAX_STRIKES>;
	type MaxTaskDuration = ConstU64<MAX_TASK_DURATION>;
	type ExpiryGrace = ConstU64<EXPIRY_GRACE>;
	type UnbondingPeriod = ConstU64<UNBONDING_PERIOD>;
	type TaskRetention = ConstU64<TASK_RETENTION>;
	type MaxTextLength = ConstU32<64>;
	type MaxModels = ConstU32<4>;
	type MaxTaskInferences = ConstU32<3>;
	type MaxOpenTasks = ConstU32<2>;
	type VolumeHistory = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Market;
}

/// Genesis: everyone endowed but Poor, who holds a little.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, ENDOWMENT),
			(OSCAR, ENDOWMENT),
			(BOB, ENDOWMENT),
			(CHARLIE, ENDOWMENT),
			(DAVE, ENDOWMENT),
			(POOR, 1_000),
			(ESCROW, ENDOWMENT),
			(POOL, ENDOWMENT),
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
		Agents::do_try_state().expect("invariants hold after the test");
		assert_eq!(Balances::total_issuance(), issuance, "OPEN was created or destroyed");
	});
}

/// The events this pallet emitted, oldest first.
pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Agents(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// A hash standing for a request or a result.
pub fn hash(n: u8) -> H256 {
	H256::repeat_byte(n)
}

/// What an agent called `name` says of itself.
pub fn metadata(name: &str) -> AgentMetadata<Test> {
	AgentMetadata {
		name: name.as_bytes().to_vec().try_into().unwrap(),
		description_uri: b"ipfs://agent".to_vec().try_into().unwrap(),
		endpoint_uri: b"https://gateway.example/v1/agents/0/tasks".to_vec().try_into().unwrap(),
	}
}

/// A list of models.
pub fn models(list: &[ModelId]) -> BoundedVec<ModelId, ConstU32<4>> {
	list.to_vec().try_into().unwrap()
}

/// Alice registers agent 0, operated by Oscar, calling the medical and general models at
/// `PRICE` a task with `STAKE`.
pub fn register_alices_agent() {
	frame_support::assert_ok!(Agents::register_agent(
		RuntimeOrigin::signed(ALICE),
		OSCAR,
		metadata("medic"),
		models(&[MEDICAL, GENERAL]),
		PRICE,
		STAKE,
	));
}

/// Bob opens a task for agent 0 with `budget`, due at block `deadline`.
pub fn bob_opens(budget: u64, deadline: u64) {
	frame_support::assert_ok!(Agents::open_task(
		RuntimeOrigin::signed(BOB),
		0,
		budget,
		PRICE,
		hash(1),
		deadline,
	));
}

/// Moves to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}
