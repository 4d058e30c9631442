//! Inference attribution (`pallet-attribution`), OPEN rewards (`pallet-rewards`) and provider
//! bonds (`pallet-provider-bonds`): the fee split, the escrow, retention, challenge and unbonding
//! periods, the emission epoch, and who may change them.

use frame_support::{
	parameter_types,
	traits::{ConstU32, Get},
	PalletId,
};
use pallet_attribution::FeeSplit;
use sp_runtime::{traits::AccountIdConversion, Perbill};

use crate::{
	configs::{governance::ParametersAdmin, AtPace, RewardsPool},
	currency::{MILLI_OPEN, OPEN},
	time::{DAYS, HOURS},
	AccountId, Balance, Balances, BlockNumber, Datanets, Models, ProviderBonds, Rewards, Runtime,
	RuntimeEvent, RuntimeHoldReason,
};

parameter_types! {
	/// Derives the escrow account, where every pending inference's fee waits.
	pub const AttributionPalletId: PalletId = PalletId(*b"ol/escrw");
	/// Derives the rewards pot, which holds every claimable reward.
	pub const RewardsPalletId: PalletId = PalletId(*b"ol/rwpot");
	/// The rewards pot's account (endowed with the existential deposit at genesis).
	pub RewardsPot: AccountId = RewardsPalletId::get().into_account_truncating();
	/// Until governance changes it: half of every fee to the data, a fifth each to the model's
	/// owner and the provider, a tenth to the rewards pool.
	pub const DefaultFeeSplit: FeeSplit = FeeSplit {
		pool: Perbill::from_percent(10),
		model: Perbill::from_percent(20),
		provider: Perbill::from_percent(20),
		data: Perbill::from_percent(50),
	};
	/// Attribution records stay queryable for 30 days; the events keep them for indexers.
	pub const RetentionPeriod: BlockNumber = 30 * DAYS;
	/// Whatever split governance sets, at least 1 % of every fee goes to the rewards pool: what
	/// data credits score by, and what trading with oneself loses (docs/economics.md).
	pub const MinPoolShare: Perbill = Perbill::from_percent(1);
	/// An epoch emits at most 90 % of its scores (the pool share its data credits stand for):
	/// whoever pays for inferences to credit their own data gets at most 90 % of the pool's part
	/// back, and loses the rest.
	pub const MaxEmissionRate: Perbill = Perbill::from_percent(90);
	/// The most one epoch may emit: 10,000 OPEN, under 9 % of the supply a year at hourly epochs.
	pub const MaxEmissionPerEpoch: Balance = 10_000 * OPEN;
	/// A challenger puts down 10 OPEN: enough that challenging honest settlements for sport
	/// costs, little beside the slash an upheld challenge earns.
	pub const ChallengeDeposit: Balance = 10 * OPEN;
	/// An upheld challenge takes 100 OPEN of the provider's bond, a tenth of the genesis minimum:
	/// ten fabricated credits proven cost a provider its whole minimum bond.
	pub const ChallengeSlash: Balance = 100 * OPEN;
	/// Half of what the losing side of a challenge forfeits goes to the winner, half to the pool.
	pub const WinnerShare: Perbill = Perbill::from_percent(50);
	/// A provider's output base is at most 200 bytes and its entry about 0.25 KB with its key:
	/// 3.5 milli-OPEN at the record deposits' genesis rates, rounded up to 10.
	pub const OutputBaseDeposit: Balance = 10 * MILLI_OPEN;
}

/// How long a provider has to answer a challenge with a span witness: an hour; 4 blocks at the
/// fast pace.
pub type ResponsePeriod = AtPace<ConstU32<HOURS>, ConstU32<4>>;

/// How long a provider has to settle before the consumer may take the fee back: an hour; 10
/// blocks at the fast pace of development chains, so that a refund can be tried in a minute.
pub type RefundTimeout = AtPace<ConstU32<HOURS>, ConstU32<10>>;

/// How long an unsettled inference request lives before `on_idle` refunds it: a day; 100
/// blocks (10 minutes) at the fast pace, which outlasts the load generator's backlog of requests.
pub type RequestLifetime = AtPace<ConstU32<DAYS>, ConstU32<100>>;

/// Emission epochs last an hour; 50 blocks (5 minutes) at the fast pace.
pub type EpochLength = AtPace<ConstU32<HOURS>, ConstU32<50>>;

/// A settlement's credits stay open to challenge for at least an hour (claimable one to two
/// hours after it); 4 blocks at the fast pace (claimable 24 to 42 seconds after it), long enough
/// for a watcher's challenge to be included.
pub type ChallengePeriod = AtPace<ConstU32<HOURS>, ConstU32<4>>;

/// The longest a provider's bond must answer for a settlement: a credit matures one to two
/// challenge periods after it is made, and a challenge opened just before then has its response
/// period to be answered.
pub struct ChallengeWindow;
impl Get<BlockNumber> for ChallengeWindow {
	fn get() -> BlockNumber {
		ChallengePeriod::get().saturating_mul(2).saturating_add(ResponsePeriod::get())
	}
}

/// Unbonded OPEN stays held, and slashable, for two days; 30 blocks (3 minutes) at the fast
/// pace. Both outlast the challenge window with room for a challenge's answer.
pub type UnbondingPeriod = AtPace<ConstU32<{ 2 * DAYS }>, ConstU32<30>>;

impl pallet_attribution::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = Models;
	type Datanets = Datanets;
	type Bonds = ProviderBonds;
	type Rewards = Rewards;
	type RewardsPool = RewardsPool;
	type AdminOrigin = ParametersAdmin;
	type DefaultFeeSplit = DefaultFeeSplit;
	type MinPoolShare = MinPoolShare;
	type MaxAttribution = ConstU32<32>;
	// A full batch of 16-entry settlements is about 60 ms of a block's 1.5 s: big enough that
	// what a batch reads and credits once is shared by many settlements.
	type MaxBatch = ConstU32<256>;
	type RefundTimeout = RefundTimeout;
	type RequestLifetime = RequestLifetime;
	type MinInferenceFee = super::parameters::deposits::MinInferenceFee;
	type RetentionPeriod = RetentionPeriod;
	type PalletId = AttributionPalletId;
	// The engine's shortest span (`openledger-attribute`'s default `--min-span`).
	type MinSpan = ConstU32<8>;
	// 16 KiB of output (a few thousand words) and 8 KiB of a contribution: a witness fits a
	// block many times over, and its check is priced per byte (docs/performance.md).
	type MaxOutputBytes = ConstU32<{ 16 * 1024 }>;
	type MaxWitnessBytes = ConstU32<{ 8 * 1024 }>;
	type MaxProofHashes = ConstU32<64>;
	type ChallengeDeposit = ChallengeDeposit;
	type ResponsePeriod = ResponsePeriod;
	type ChallengeSlash = ChallengeSlash;
	type WinnerShare = WinnerShare;
	// Room for a gateway's address and path (`https://gateway.example/v1/outputs/`).
	type MaxOutputBaseBytes = ConstU32<200>;
	type OutputBaseDeposit = OutputBaseDeposit;
	type WeightInfo = pallet_attribution::weights::SubstrateWeight<Runtime>;
}

impl pallet_rewards::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type PalletId = RewardsPalletId;
	type RewardsPool = RewardsPool;
	type AdminOrigin = ParametersAdmin;
	type EpochLength = EpochLength;
	// A week of hourly epochs (14 hours of fast ones).
	type SummaryHistory = ConstU32<168>;
	type MaxEmissionRate = MaxEmissionRate;
	type MaxEmissionPerEpoch = MaxEmissionPerEpoch;
	type ChallengePeriod = ChallengePeriod;
	type WeightInfo = pallet_rewards::weights::SubstrateWeight<Runtime>;
}

impl pallet_provider_bonds::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = super::parameters::bonds::MinProviderBond;
	type UnbondingPeriod = UnbondingPeriod;
	type ChallengeWindow = ChallengeWindow;
	type WeightInfo = pallet_provider_bonds::weights::SubstrateWeight<Runtime>;
}
