//! Block production and finality: timestamp, Aura, GRANDPA, and the session that rotates
//! the validator set kept by `pallet-validator-set`.

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::ConvertInto;

use crate::{
	currency::OPEN,
	time::{SESSION_PERIOD, SLOT_DURATION},
	AccountId, Aura, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, SessionKeys,
	ValidatorSet,
};

/// The most validators the chain supports; bounds the authority lists.
pub const MAX_VALIDATORS: u32 = 100;

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// Equivocation reports need session history and offences; not wired yet (see
	// docs/validator.md), so no key-ownership proof can be built.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

parameter_types! {
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	pub const SessionOffset: BlockNumber = 0;
	/// Held from an account that registers session keys, released when it purges them: a
	/// validator's keys take storage on every node.
	pub const SessionKeyDeposit: Balance = OPEN;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

/// Tells `pallet-validator-set` which accounts registered keys with `session.setKeys`.
pub struct SessionKeysOfValidators;
impl pallet_validator_set::SessionKeys<AccountId> for SessionKeysOfValidators {
	fn has_keys(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}

	fn purge_keys(who: &AccountId) -> sp_runtime::DispatchResult {
		use frame_support::traits::UnfilteredDispatchable;
		// `session.purgeKeys` itself, past the call filter that keeps validators from it.
		pallet_session::Call::<Runtime>::purge_keys {}
			.dispatch_bypass_filter(crate::RuntimeOrigin::signed(who.clone()))
			.map(|_| ())
			.map_err(|e| e.error)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_keys_for_benchmark(who: &AccountId) {
		use codec::Encode;
		use sp_core::{ed25519, sr25519};
		use sp_runtime::traits::{BlakeTwo256, Hash};
		// Only the presence of keys is checked, so any distinct public keys will do.
		let seed = BlakeTwo256::hash(&who.encode()).0;
		let keys = SessionKeys {
			aura: sr25519::Public::from_raw(seed).into(),
			grandpa: ed25519::Public::from_raw(seed).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

impl pallet_validator_set::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Root: a referendum on the slow `root` track (or sudo on development chains).
	type AdminOrigin = EnsureRoot<AccountId>;
	type SessionKeys = SessionKeysOfValidators;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	// One validator can run a chain; a network should have four or more (see docs/validator.md).
	type MinValidators = ConstU32<1>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
}
