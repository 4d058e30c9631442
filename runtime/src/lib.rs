//! The OpenLedger runtime: the state transition function of the OpenLedger chain.
//!
//! This file only declares the runtime's types, version and pallets. Pallet configurations live
//! in [`configs`], runtime APIs in [`apis`], and the genesis presets in
//! [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` of this many pallets nests its macros deeper than the default 128.
#![recursion_limit = "256"]
// `construct_runtime` and `impl_runtime_apis` generate undocumented public items.
#![allow(missing_docs)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(feature = "std")]
pub mod signing;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types that the node uses without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
}

impl_opaque_keys! {
	/// The keys a validator registers with `session.setKeys`: one for authoring, one for
	/// finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// Declares [`VERSION`] with the given `spec_version`; its other fields are the same in both.
macro_rules! runtime_version_with_spec {
	($spec_version:tt) => {
		#[runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("openledger"),
			impl_name: alloc::borrow::Cow::Borrowed("openledger-node"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			// Bump when the encoding of existing calls or of the transaction extensions changes.
			transaction_version: 2,
			system_version: 1,
		};
	};
}

// Bump on every change of the runtime's logic (both numbers); nodes switch to the on-chain wasm
// by it. The `next-spec-version` feature builds the wasm that rehearses an upgrade.
#[cfg(not(feature = "next-spec-version"))]
runtime_version_with_spec!(112);
#[cfg(feature = "next-spec-version")]
runtime_version_with_spec!(113);

/// The OPEN token's units. OPEN has 18 decimals, like most EVM tokens, so amounts bridge 1:1.
pub mod currency {
	use super::Balance;

	/// Decimals of OPEN, as in the chain properties (`tokenDecimals`).
	pub const DECIMALS: u8 = 18;
	/// One OPEN in its smallest unit.
	pub const OPEN: Balance = 1_000_000_000_000_000_000;
	/// 0.001 OPEN.
	pub const MILLI_OPEN: Balance = OPEN / 1_000;
	/// 0.000001 OPEN.
	pub const MICRO_OPEN: Balance = OPEN / 1_000_000;
	/// The whole supply, minted at genesis: 1,000,000,000 OPEN. There is no inflation.
	pub const TOTAL_SUPPLY: Balance = 1_000_000_000 * OPEN;
	/// The smallest balance an account may hold: 0.01 OPEN. Below it the account is reaped,
	/// which keeps dust accounts from bloating state.
	pub const EXISTENTIAL_DEPOSIT: Balance = 10 * MILLI_OPEN;

	/// An amount of OPEN written in decimal ("1000", "0.5", at most 18 decimals) in its
	/// smallest unit; `None` for anything else or more than a `Balance` holds.
	pub fn parse_open(amount: &str) -> Option<Balance> {
		let (whole, fraction) = match amount.split_once('.') {
			Some((_, "")) => return None,
			Some(parts) => parts,
			None => (amount, ""),
		};
		let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
		if whole.is_empty() ||
			fraction.len() > DECIMALS as usize ||
			!digits(whole) ||
			!digits(fraction)
		{
			return None;
		}
		let scale = 10u128.checked_pow(u32::from(DECIMALS).checked_sub(fraction.len() as u32)?)?;
		let fraction: Balance = if fraction.is_empty() { 0 } else { fraction.parse().ok()? };
		whole
			.parse::<Balance>()
			.ok()?
			.checked_mul(OPEN)?
			.checked_add(fraction.checked_mul(scale)?)
	}

	#[cfg(test)]
	mod tests {
		use super::*;

		#[test]
		fn amounts_of_open_parse_exactly() {
			assert_eq!(parse_open("1"), Some(OPEN));
			assert_eq!(parse_open("0.5"), Some(OPEN / 2));
			assert_eq!(parse_open("0.000000000000000001"), Some(1));
			assert_eq!(parse_open("1000000000"), Some(TOTAL_SUPPLY));
			for bad in ["", ".5", "1.", "1e3", "-1", "1.0000000000000000001", "abc", "1 000"] {
				assert_eq!(parse_open(bad), None, "{bad}");
			}
			assert_eq!(parse_open("999999999999999999999999"), None, "over a Balance");
		}
	}
}

/// Block time and the units of time derived from it.
pub mod time {
	use super::BlockNumber;

	/// The target block time. Changing it after genesis would stall Aura.
	pub const MILLISECS_PER_BLOCK: u64 = 6000;
	/// Aura's slot length: one block per slot.
	pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
	/// One minute in blocks.
	pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
	/// One hour in blocks.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// One day in blocks.
	pub const DAYS: BlockNumber = HOURS * 24;
	/// A session (validator set rotation period): 10 minutes.
	pub const SESSION_PERIOD: BlockNumber = 10 * MINUTES;
}

/// The SS58 address format of OpenLedger accounts. 2729 is unregistered, and with it every
/// account address starts with "op" (for OPEN), so an OpenLedger address is told apart at a glance.
pub const SS58_PREFIX: u16 = 2729;

/// A block number.
pub type BlockNumber = u32;
/// A transaction signature.
pub type Signature = MultiSignature;
/// An account: the public key of the signature scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// An amount of OPEN, in its smallest unit (10^-18 OPEN).
pub type Balance = u128;
/// A transaction counter of an account.
pub type Nonce = u32;
/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;
/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block identifier.
pub type BlockId = generic::BlockId<Block>;

/// The checks and charges applied to every signed transaction.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Single-block migrations to run on the next runtime upgrade, besides the pallets' own. Those
/// that may not fit in one block are multi-block ones, in `pallet_migrations::Config`
/// (`configs::system`).
#[allow(unused_parens)]
type Migrations = (pallet_rewards::migrations::v1::MigrateToV1<Runtime>,);

/// Executive: dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(4)]
	pub type MultiBlockMigrations = pallet_migrations;

	// Consensus. `ValidatorSet` feeds `Session`, which sets the `Aura` and `Grandpa` authorities.
	#[runtime::pallet_index(10)]
	pub type ValidatorSet = pallet_validator_set;
	#[runtime::pallet_index(11)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(12)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(13)]
	pub type Grandpa = pallet_grandpa;
	// Equivocation: who authored (GRANDPA's reporter), past sessions' sets to prove an
	// offender's key against, the offences on record, and Aura's reports.
	#[runtime::pallet_index(14)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(15)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(16)]
	pub type Offences = pallet_offences;
	#[runtime::pallet_index(17)]
	pub type AuraEquivocation = pallet_aura_equivocation;

	// Administration.
	#[runtime::pallet_index(20)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(21)]
	pub type Utility = pallet_utility;

	// OPEN-holder governance: proposals, their enactment, referenda, votes, the origins
	// referenda dispatch with, and the parameters they set.
	#[runtime::pallet_index(22)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(23)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(24)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(25)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(26)]
	pub type Origins = pallet_governance_origins;
	#[runtime::pallet_index(27)]
	pub type Parameters = pallet_parameters;

	// OpenLedger's own pallets, from 30: data, then models, attribution, rewards and the bonds
	// of those who settle.
	#[runtime::pallet_index(30)]
	pub type Datanets = pallet_datanets;
	#[runtime::pallet_index(31)]
	pub type Models = pallet_models;
	#[runtime::pallet_index(32)]
	pub type Attribution = pallet_attribution;
	#[runtime::pallet_index(33)]
	pub type Rewards = pallet_rewards;
	#[runtime::pallet_index(34)]
	pub type ProviderBonds = pallet_provider_bonds;
	// Agents, which buy attributed inferences for their users' tasks.
	#[runtime::pallet_index(35)]
	pub type Agents = pallet_agents;
}
