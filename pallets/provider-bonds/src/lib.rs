//! Provider bonds: the OPEN a model provider holds at stake while it settles inferences.
//!
//! ## Overview
//!
//! `pallet-attribution` lets an account settle inferences only while it is bonded
//! ([`ProviderBonds::is_bonded`]): it holds at least [`Config::MinBond`] here, active. A
//! settlement's credits stay in their challenge period for a while; a challenge that proves one
//! wrong takes part of the provider's bond ([`ProviderBonds::slash`]) for the challenger and the
//! rewards pool. So a provider who fabricates attributions risks its bond, not only the credits.
//!
//! 1. [`Pallet::bond`] holds OPEN from the caller (hold reason [`HoldReason::ProviderBond`]); a
//!    bond is at least `MinBond`, so that no record is dust.
//! 2. [`Pallet::unbond`] starts the release of part or all of it. What leaves stops counting
//!    towards the minimum at once but stays held, and slashable, for [`Config::UnbondingPeriod`],
//!    which outlasts [`Config::ChallengeWindow`] (the longest a settlement stays open to
//!    challenge): a provider cannot settle, unbond and take its bond away before the challenges of
//!    what it settled are decided.
//! 3. [`Pallet::withdraw_unbonded`] releases it once the period is over.
//!
//! Unbonding again while something is unbonding adds to it and restarts its period: one record
//! an account, and a withdrawal never comes earlier than the last unbond allows.
//!
//! `MinBond` is a parameter the `parameters` governance track sets. Raising it stops providers
//! below the new minimum from settling until they bond more; their bonds stay as they are.
//!
//! ## Example
//!
//! ```ignore
//! // From the tests: Eve bonds the minimum, unbonds it, and withdraws it a period later.
//! assert_ok!(ProviderBonds::bond(RuntimeOrigin::signed(EVE), MIN_BOND));
//! assert_ok!(ProviderBonds::unbond(RuntimeOrigin::signed(EVE), MIN_BOND));
//! run_to(UNBONDING_PERIOD + 1);
//! assert_ok!(ProviderBonds::withdraw_unbonded(RuntimeOrigin::signed(EVE)));
//! ```

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible;
use scale_info::TypeInfo;
use sp_runtime::traits::Zero;

/// The account id type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the currency bonds are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;
/// A bond of a runtime.
pub type BondOf<T> = Bond<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;

/// What one account holds as its provider bond. All of it is held under
/// [`HoldReason::ProviderBond`] and can be slashed.
#[derive(
	Clone,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Bond<Balance, BlockNumber> {
	/// What counts towards the minimum.
	pub active: Balance,
	/// What is leaving, if anything.
	pub unbonding: Option<Unbonding<Balance, BlockNumber>>,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy, BlockNumber>
	Bond<Balance, BlockNumber>
{
	/// Everything the bond holds, active and unbonding.
	pub fn held(&self) -> Balance {
		self.active
			.saturating_add(self.unbonding.as_ref().map_or_else(Zero::zero, |u| u.amount))
	}
}

/// Part of a bond on its way out.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Unbonding<Balance, BlockNumber> {
	/// How much.
	pub amount: Balance,
	/// The first block at which it may be withdrawn.
	pub unlocks_at: BlockNumber,
}

// FRAME's attribute macros expand to `expect()`s that carry our spans; the lint stays on for the
// code outside this module.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::Precision,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{CheckedAdd, CheckedSub, Saturating, Zero},
		ArithmeticError,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency bonds are held in (OPEN).
		type Currency: fungible::Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The least bond that lets an account settle inferences, and the least a bond may be.
		type MinBond: Get<BalanceOf<Self>>;

		/// How long unbonded OPEN stays held (and slashable) before it can be withdrawn.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// The longest a settlement stays open to a challenge that could slash its provider:
		/// `UnbondingPeriod` must be longer.
		#[pallet::constant]
		type ChallengeWindow: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, generated by its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A provider's bond, active or unbonding.
		#[codec(index = 0)]
		ProviderBond,
	}

	/// Each bonded account's bond.
	#[pallet::storage]
	pub type Bonds<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, BondOf<T>>;

	// The field names are the documentation: accounts, amounts and blocks.
	#[allow(missing_docs)]
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` bonded `amount` more; its active bond is now `active`.
		Bonded { who: T::AccountId, amount: BalanceOf<T>, active: BalanceOf<T> },
		/// `who` started unbonding `amount`; all it is unbonding (`unbonding`) may be withdrawn
		/// from `unlocks_at`.
		Unbonded {
			who: T::AccountId,
			amount: BalanceOf<T>,
			unbonding: BalanceOf<T>,
			unlocks_at: BlockNumberFor<T>,
		},
		/// `who`'s unbonded `amount` was released to it.
		Withdrawn { who: T::AccountId, amount: BalanceOf<T> },
		/// A challenge took `amount` of `who`'s bond and gave it to `to`.
		Slashed { who: T::AccountId, amount: BalanceOf<T>, to: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The amount is zero.
		ZeroAmount,
		/// The active bond would be below the minimum (and not zero, when unbonding).
		BelowMinimum,
		/// The account has no bond.
		NotBonded,
		/// The account's active bond is less than the amount.
		InsufficientBond,
		/// Nothing is unbonding.
		NothingUnbonding,
		/// The unbonding period is not over yet.
		StillUnbonding,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::UnbondingPeriod::get() > T::ChallengeWindow::get(),
				"a bond stays slashable until every settlement made before it unbonded is past \
				 challenge"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Holds `amount` more from the caller as its provider bond. The active bond after it
		/// must be at least [`Config::MinBond`].
		///
		/// Errors: `ZeroAmount`, `BelowMinimum`, or a token error if the caller cannot afford
		/// it. Emits `Bonded`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::bond())]
		pub fn bond(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut bond = Bonds::<T>::get(&who).unwrap_or_default();
			bond.active = bond.active.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			ensure!(bond.active >= T::MinBond::get(), Error::<T>::BelowMinimum);
			T::Currency::hold(&HoldReason::ProviderBond.into(), &who, amount)?;
			let active = bond.active;
			Bonds::<T>::insert(&who, bond);
			Self::deposit_event(Event::Bonded { who, amount, active });
			Ok(())
		}

		/// Starts the release of `amount` of the caller's active bond: it stops counting
		/// towards the minimum now and may be withdrawn after [`Config::UnbondingPeriod`]. What
		/// stays active must be zero or at least the minimum. Adds to anything already
		/// unbonding, whose period starts again.
		///
		/// Errors: `ZeroAmount`, `NotBonded`, `InsufficientBond`, `BelowMinimum`. Emits
		/// `Unbonded`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut bond = Bonds::<T>::get(&who).ok_or(Error::<T>::NotBonded)?;
			bond.active = bond.active.checked_sub(&amount).ok_or(Error::<T>::InsufficientBond)?;
			ensure!(
				bond.active.is_zero() || bond.active >= T::MinBond::get(),
				Error::<T>::BelowMinimum
			);
			let unbonding = bond
				.unbonding
				.map_or(Some(amount), |u| u.amount.checked_add(&amount))
				.ok_or(ArithmeticError::Overflow)?;
			let unlocks_at =
				frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
			bond.unbonding = Some(Unbonding { amount: unbonding, unlocks_at });
			Bonds::<T>::insert(&who, bond);
			Self::deposit_event(Event::Unbonded { who, amount, unbonding, unlocks_at });
			Ok(())
		}

		/// Releases what the caller unbonded once its period is over. An account left with no
		/// bond at all loses its record.
		///
		/// Errors: `NotBonded`, `NothingUnbonding`, `StillUnbonding`. Emits `Withdrawn`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut bond = Bonds::<T>::get(&who).ok_or(Error::<T>::NotBonded)?;
			let unbonding = bond.unbonding.take().ok_or(Error::<T>::NothingUnbonding)?;
			ensure!(
				unbonding.unlocks_at <= frame_system::Pallet::<T>::block_number(),
				Error::<T>::StillUnbonding
			);
			T::Currency::release(
				&HoldReason::ProviderBond.into(),
				&who,
				unbonding.amount,
				Precision::Exact,
			)?;
			Self::put(&who, bond);
			Self::deposit_event(Event::Withdrawn { who, amount: unbonding.amount });
			Ok(())
		}
	}
}
