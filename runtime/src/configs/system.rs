//! `frame_system`: block limits, account types and the chain's SS58 format.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU32, Contains},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

use crate::{
	weights::{BlockExecutionWeight, ExtrinsicBaseWeight, ParityDbWeight},
	AccountId, Balance, Block, BlockNumber, Hash, MultiBlockMigrations, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, RuntimeTask, SS58_PREFIX, VERSION,
};

/// Up to 75% of a block goes to normal transactions; the rest is kept for operational ones
/// (for example a runtime upgrade) so that they get in even when the chain is congested.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Two seconds of computation per six-second block, leaving time to import and gossip it.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(2 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);
/// The share of a block that `on_initialize` hooks are expected to use, kept free for them.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(10);

/// `ratio` of the block's weight, rounded down.
pub fn share_of_block(ratio: Perbill) -> Weight {
	let part = |w: u64| ratio.mul_floor(w);
	Weight::from_parts(
		part(MAXIMUM_BLOCK_WEIGHT.ref_time()),
		part(MAXIMUM_BLOCK_WEIGHT.proof_size()),
	)
}

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// [`MAXIMUM_BLOCK_WEIGHT`] per block, [`NORMAL_DISPATCH_RATIO`] of it for normal
	/// transactions; the base costs of a block and of an extrinsic are this machine's
	/// (`benchmark overhead`, in `crate::weights`).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| {
			class.max_total = Some(share_of_block(NORMAL_DISPATCH_RATIO));
		})
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational transactions get in even when normal ones filled their share.
			class.reserved = Some(MAXIMUM_BLOCK_WEIGHT.saturating_sub(share_of_block(NORMAL_DISPATCH_RATIO)));
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	/// Blocks of at most 5 MiB, of which normal transactions may fill 75%.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO.mul_floor(*max)
		})
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// The calls no origin may make. `balances.burn` would destroy OPEN, and the supply is fixed
/// (docs/economics.md): every fee, slash and reaped account's dust goes to the rewards pool
/// instead, so the total issuance stays exactly at genesis. A batch or a referendum cannot
/// reach it either: the filter applies to each call they dispatch with a signed origin, and
/// `burn` takes no other.
///
/// `session.purgeKeys` goes through `validatorSet.purgeKeys`, which refuses members of the
/// validator set: their keys are their vote in GRANDPA.
pub struct CallFilter;

impl Contains<RuntimeCall> for CallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(
			call,
			RuntimeCall::Balances(pallet_balances::Call::burn { .. }) |
				RuntimeCall::Session(pallet_session::Call::purge_keys { .. })
		)
	}
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = CallFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// Nodes store state in ParityDB; its read and write costs, measured here by
	// `benchmark storage`, price storage access.
	type DbWeight = ParityDbWeight;
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type MultiBlockMigrator = MultiBlockMigrations;
}

parameter_types! {
	/// What multi-block migrations may use of each block while they run: the whole normal
	/// share, since blocks take no transactions meanwhile.
	pub MigrationServiceWeight: Weight = share_of_block(NORMAL_DISPATCH_RATIO);
}

/// Multi-block migrations: storage migrations too large for one block run a bounded step each
/// block, and blocks take no transactions until they are done.
impl pallet_migrations::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// The migrations of the next runtime upgrade. Each checks its pallet's storage version
	/// (and `pallet-migrations` its identifier), so it runs once and never again.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type Migrations = (
		pallet_datanets::migrations::v1::MigrateToV1<Runtime>,
		pallet_attribution::migrations::v1::MigrateToV1<Runtime>,
		pallet_attribution::migrations::v2::MigrateToV2<Runtime>,
	);
	#[cfg(feature = "runtime-benchmarks")]
	type Migrations = pallet_migrations::mock_helpers::MockedMigrations;
	type CursorMaxLen = ConstU32<65_536>;
	type IdentifierMaxLen = ConstU32<256>;
	type MigrationStatusHandler = ();
	/// A migration that fails lets transactions in again, so that governance can repair it
	/// with another upgrade. (Freezing instead would stop referenda too: only new code in
	/// every node's chain spec could then repair the chain.) The migrations here leave the
	/// pallets working at every step; attribution's version 2 leaves the records it has not
	/// reached unreadable until it is done, but a step of it cannot fail (it appends a byte).
	type FailedMigrationHandler = frame_support::migrations::ForceUnstuckOnFailedMigration;
	type MaxServiceWeight = MigrationServiceWeight;
	type WeightInfo = crate::weights::pallet_migrations::WeightInfo<Runtime>;
}
