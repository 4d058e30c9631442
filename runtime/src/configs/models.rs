//! The model registry (`pallet-models`): its deposit (a governance parameter) and bounds, and
//! lineage checked against `pallet-datanets`.

use frame_support::traits::ConstU32;

use crate::{
	configs::parameters::deposits, Balances, Datanets, Runtime, RuntimeEvent, RuntimeHoldReason,
};

impl pallet_models::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = Datanets;
	// Set by referendum on the `parameters` track.
	type ModelDeposit = deposits::Model;
	type RecordDeposit = super::datanets::StoragePrice;
	type MaxNameLength = ConstU32<64>;
	type MaxUriLength = ConstU32<256>;
	type MaxLineage = ConstU32<16>;
	type MaxProviders = ConstU32<16>;
	type WeightInfo = pallet_models::weights::SubstrateWeight<Runtime>;
}
