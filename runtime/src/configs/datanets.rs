//! Datanets (`pallet-datanets`): deposits, the spam slash, the size bounds and the withdrawal
//! delay.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64, LinearStoragePrice},
};
use sp_runtime::Perbill;

use crate::{
	configs::{parameters::deposits, AtPace, RewardsPool},
	time::MINUTES,
	Balances, Runtime, RuntimeEvent, RuntimeHoldReason,
};

/// The storage deposit of a record that stays (accepted data, spam, an archived Datanet, a
/// model's versions, a deprecated model): `deposits.RecordBase` plus `deposits.RecordByte` per
/// encoded byte, held for as long as the record lives.
pub type StoragePrice =
	LinearStoragePrice<deposits::RecordBase, deposits::RecordByte, crate::Balance>;

parameter_types! {
	/// Half of a spam contribution's deposit goes to the rewards pool: costly enough to
	/// deter flooding, lenient enough that an honest mistake is cheap.
	pub const SpamSlash: Perbill = Perbill::from_percent(50);
}

impl pallet_datanets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type SpamSlashBeneficiary = RewardsPool;
	// Set by referendum on the `parameters` track.
	type DatanetDeposit = deposits::Datanet;
	type MinContributionDeposit = deposits::MinContribution;
	type RecordDeposit = StoragePrice;
	type SpamSlash = SpamSlash;
	type MaxNameLength = ConstU32<64>;
	// Long enough for an https URL or an IPFS CID with a path.
	type MaxUriLength = ConstU32<256>;
	type MaxTagLength = ConstU32<32>;
	type MaxTags = ConstU32<8>;
	type MaxCurators = ConstU32<16>;
	type MaxMetadataLength = ConstU32<256>;
	type MaxContributionBatch = ConstU32<64>;
	// 1 TiB: above any file a Datanet takes, and far below what overflows the byte counters.
	type MaxContributionBytes = ConstU64<{ 1 << 40 }>;
	// A commitment holds what the cheapest contribution does: both are a record of about the
	// same size waiting for its next step.
	type CommitmentDeposit = deposits::MinContribution;
	type WithdrawalDelay = WithdrawalDelay;
	type WeightInfo = pallet_datanets::weights::SubstrateWeight<Runtime>;
}

/// How long a contributor who asks to withdraw waits for the deposit: 10 minutes, time for any
/// review already sent to land and for curators to catch spam being pulled back; 2 blocks at the
/// fast pace of development chains.
pub type WithdrawalDelay = AtPace<ConstU32<{ 10 * MINUTES }>, ConstU32<2>>;
