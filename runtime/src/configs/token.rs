//! The OPEN token (`pallet-balances`) and transaction fees (`pallet-transaction-payment`).

use frame_support::{
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		ConstU128, ConstU32, ConstU8, Currency, Imbalance, OnUnbalanced, VariantCountOf,
	},
	weights::ConstantMultiplier,
	PalletId,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{
	traits::{AccountIdConversion, Bounded, One},
	FixedPointNumber, Perquintill,
};

use crate::{
	currency::{EXISTENTIAL_DEPOSIT, MICRO_OPEN},
	AccountId, Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	System,
};

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	// The dust of a reaped account (less than the existential deposit) goes to the rewards
	// pool: the supply is fixed, so nothing is burnt.
	type DustRemoval = ToRewardsPool;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// The community rewards pool: funded at genesis, paid into by transaction fees, and the
	/// source of contributor emissions.
	pub RewardsPool: AccountId = PalletId(*b"ol/rpool").into_account_truncating();

	/// Fees rise when blocks are more than a quarter full, and fall back when they are less.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the fee multiplier moves: at most about 2.3x per hour of full blocks.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// Fees never fall below the base price.
	pub MinimumMultiplier: Multiplier = Multiplier::one();
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// Sends transaction fees, tips and the dust of reaped accounts to the [`RewardsPool`], so that
/// OPEN is never burnt by use and the supply stays fixed.
pub struct ToRewardsPool;
impl OnUnbalanced<Credit<AccountId, Balances>> for ToRewardsPool {
	fn on_nonzero_unbalanced(amount: Credit<AccountId, Balances>) {
		// The pool is endowed at genesis, so it exists and can always take the credit.
		if let Err(unplaced) = Balances::resolve(&RewardsPool::get(), amount) {
			frame_support::defensive!("rewards pool could not take a credit", unplaced.peek());
		}
	}
}

/// The same for the `Currency` imbalances that `pallet-referenda` slashes deposits with.
impl OnUnbalanced<pallet_balances::NegativeImbalance<Runtime>> for ToRewardsPool {
	fn on_nonzero_unbalanced(amount: pallet_balances::NegativeImbalance<Runtime>) {
		<Balances as Currency<AccountId>>::resolve_creating(&RewardsPool::get(), amount);
	}
}

/// 10^6 of the smallest unit per picosecond of weight: one second of block computation costs
/// 1 OPEN, and a balance transfer (about 0.6 ms of benchmarked weight) well under 0.001 OPEN.
pub type WeightFee = ConstU128<{ MICRO_OPEN / 1_000_000 }>;
/// 0.000001 OPEN per byte of transaction.
pub type LengthFee = ConstU128<MICRO_OPEN>;

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ToRewardsPool>;
	// Operational transactions (for example sudo) pay 5x in priority, not in fee.
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = ConstantMultiplier<Balance, WeightFee>;
	type LengthToFee = ConstantMultiplier<Balance, LengthFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
