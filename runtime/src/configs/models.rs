//! The model registry (`pallet-models`): its deposit and bounds, and lineage checked against
//! `pallet-datanets`.

use frame_support::traits::{ConstU128, ConstU32};

use crate::{currency::OPEN, Balances, Datanets, Runtime, RuntimeEvent, RuntimeHoldReason};

impl pallet_models::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = Datanets;
	// A model record is at most about 0.9 KB (name, card URI, 16 providers), each version
	// about 0.4 KB.
	type ModelDeposit = ConstU128<{ 10 * OPEN }>;
	type MaxNameLength = ConstU32<64>;
	type MaxUriLength = ConstU32<256>;
	type MaxLineage = ConstU32<16>;
	type MaxProviders = ConstU32<16>;
	type WeightInfo = pallet_models::weights::SubstrateWeight<Runtime>;
}
