//! Block production and finality: timestamp, Aura, GRANDPA, and the session that rotates
//! the validator set kept by `pallet-validator-set`; and the punishment of equivocation: GRANDPA's
//! and `pallet-aura-equivocation`'s reports, proven against `pallet-session`'s historical
//! validator sets and recorded by `pallet-offences`, which hands the offender to the validator
//! set to be removed.

use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::{Convert, ConvertInto};
use sp_staking::SessionIndex;

use crate::{
	currency::OPEN,
	time::{SESSION_PERIOD, SLOT_DURATION},
	AccountId, Aura, Balance, Balances, BlockNumber, Historical, Offences, Runtime, RuntimeCall,
	RuntimeEvent, SessionKeys, UncheckedExtrinsic, ValidatorSet,
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
	// Which session each GRANDPA set belonged to, for as long as sessions are remembered.
	type MaxSetIdSessionEntries = ConstU64<{ HISTORY_DEPTH as u64 }>;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

/// How many past sessions' validator sets are kept, so that an equivocation can be proven
/// against the set it happened in: 24 sessions (4 hours). Nodes report what they see at once;
/// the depth covers a node that catches up.
pub const HISTORY_DEPTH: u32 = 24;

parameter_types! {
	/// How long an equivocation report may wait in a pool: as long as its session is remembered.
	pub const ReportLongevity: u64 = (HISTORY_DEPTH as u64).saturating_mul(SESSION_PERIOD as u64);
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
	// Every 10 minutes, and at once, twice, after an offender left the set.
	type ShouldEndSession = pallet_validator_set::EndSessionEarlyAfterOffence<
		Runtime,
		pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>,
	>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Self, ValidatorSessions>;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

/// The validator set's sessions, with the historical roots older than [`HISTORY_DEPTH`]
/// sessions pruned as each session starts (one root a session), so that the history stays bounded.
pub struct ValidatorSessions;
impl pallet_session::SessionManager<AccountId> for ValidatorSessions {
	fn new_session(new_index: SessionIndex) -> Option<Vec<AccountId>> {
		<ValidatorSet as pallet_session::SessionManager<_>>::new_session(new_index)
	}
	fn start_session(start_index: SessionIndex) {
		Historical::prune_up_to(start_index.saturating_sub(HISTORY_DEPTH));
	}
	fn end_session(_end_index: SessionIndex) {}
}
impl pallet_session::historical::SessionManager<AccountId, ()> for ValidatorSessions {
	fn new_session(new_index: SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<ValidatorSet as pallet_session::historical::SessionManager<_, _>>::new_session(new_index)
	}
	fn start_session(start_index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::start_session(start_index)
	}
	fn end_session(_end_index: SessionIndex) {}
}

/// Every validator is identified by its account alone: there is no stake to record.
pub struct AccountOnly;
impl Convert<AccountId, Option<()>> for AccountOnly {
	fn convert(_validator: AccountId) -> Option<()> {
		Some(())
	}
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = AccountOnly;
}

impl pallet_authorship::Config for Runtime {
	// GRANDPA's unsigned reports name the block author as reporter.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = ();
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	// Offenders leave the validator set (nobody is slashed: validators hold no stake).
	type OnOffenceHandler = ValidatorSet;
}

impl pallet_aura_equivocation::Config for Runtime {
	type AuthorityId = AuraId;
	type KeyOwnerProof = sp_session::MembershipProof;
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type EquivocationReportSystem = pallet_aura_equivocation::EquivocationReportSystem<
		Self,
		Offences,
		Historical,
		ReportLongevity,
	>;
	type WeightInfo = pallet_aura_equivocation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::AuraEquivocationEvidence;
}

/// Unsigned transactions the runtime builds itself: the equivocation reports.
impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
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
