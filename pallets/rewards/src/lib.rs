//! Claimable OPEN rewards: credits from settled inferences, and an epoch emission from the
//! rewards pool shared by attributed fee volume.
//!
//! ## Overview
//!
//! When an inference is settled, the attribution pallet moves the fee shares of the data
//! contributors, the model owner and the provider into this pallet's pot and credits them here
//! ([`openledger_primitives::RewardsCredit`]). A credit is **pending** for its challenge period
//! ([`Config::ChallengePeriod`]: it matures between one and two periods after the settlement),
//! in which a challenge may still take it back; then it is claimable. Nobody is paid on the
//! spot: each account [`Pallet::claim`]s what has matured when it likes, in one transfer.
//!
//! On top of fees, an admin origin sets an **emission per epoch** ([`Pallet::set_emission`], at
//! most [`Config::MaxEmissionPerEpoch`]). When an epoch ends (every [`Config::EpochLength`]
//! blocks) that amount, capped by what the rewards pool can spare, moves from the pool to the pot
//! and is shared among the data contributors by their **scores** in that epoch: a data credit's
//! score is the part of the fee's pool share that it stands for, and it counts in the epoch the
//! credit matures in, so a credit taken back in its challenge period earns nothing. An epoch emits
//! at most [`Config::MaxEmissionRate`] (below 100 %) of its scores, so emission never pays back the
//! pool share that earned it: whoever pays for inferences to credit their own data loses OPEN on
//! every one of them (docs/economics.md).
//!
//! ## Example
//!
//! ```ignore
//! // From the tests: scores of 300 and 100 in epoch 0 share an emission of 200.
//! set_emission(200);
//! credit_data(BOB, 3_000, 300); // at block 1: matures at block 4, in epoch 0
//! credit_data(CHARLIE, 1_000, 100);
//! assert_eq!(Rewards::rewards_of(BOB).in_challenge.data, 3_000);
//! run_to_block(EPOCH_LENGTH); // matured, and epoch 0 closes
//! assert_eq!(Rewards::pending(BOB).emission, 150);
//! assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB)));
//! ```
//!
//! ## Design notes
//!
//! - **No loop over accounts.** Closing an epoch computes one rate, emission per unit of score, and
//!   stores it ([`EpochRates`]). An account's score belongs to the one epoch its credits last
//!   matured in; the next time the account is credited or claims, its score times that epoch's rate
//!   becomes emission. Both steps are O(1).
//! - **No loop over settlements.** Pending credits sit in at most two buckets an account
//!   ([`PendingCredits`], by the block they mature at, see [`pending`]); the scores they carry are
//!   added up by the epoch they will count in ([`CurrentScore`], [`FutureScores`]). Maturing is
//!   moving a bucket into the claimable amounts, done whenever the account is touched: a claim
//!   reads two entries whatever the number of settlements that credited it.
//! - **The pot always covers what is owed.** [`TotalOwed`] rises with every credit and emission and
//!   falls with every claim; `try_state` checks the pot holds it, and that the accounts' pending
//!   and claimable rewards add up to no more than it (shares are rounded down, so a little dust
//!   stays in the pot).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(any(feature = "std", feature = "try-runtime"))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod pending;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use frame_support::traits::fungible;
pub use openledger_primitives::RewardSource;

/// The most inferences settled to the claimer, and the most other contributors credited, in the
/// `claim` benchmark. The weight of `claim` is taken at the top of both ranges; the benchmark
/// shows that it does not grow with either (docs/performance.md).
pub const CLAIM_BENCHMARK_HISTORY: u32 = 1_000;
/// The most contributors credited in the epoch that the epoch-close benchmark closes; its
/// weight is taken there, and does not grow with them either.
pub const EPOCH_BENCHMARK_CONTRIBUTORS: u32 = 100_000;

/// The account id type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the currency rewards are paid in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;
/// An account's credits in their challenge period.
pub type PendingOf<T> =
	pending::Pending<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;

// FRAME's attribute macros expand to `expect()`s that carry our spans; the lint stays on for the
// code outside this module.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, PalletId};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::Zero, FixedU128, Perbill};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency rewards are paid in (OPEN).
		type Currency: fungible::Inspect<Self::AccountId> + fungible::Mutate<Self::AccountId>;

		/// Derives the pot: the account holding every claimable reward. It must hold the
		/// existential deposit from genesis on, beyond what it owes.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The community rewards pool, which pays the emission.
		type RewardsPool: Get<Self::AccountId>;

		/// May set the emission per epoch: Root, later a governance track.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The length of an emission epoch, in blocks; an epoch closes at every multiple.
		#[pallet::constant]
		type EpochLength: Get<BlockNumberFor<Self>>;

		/// How many closed epochs keep their summary.
		#[pallet::constant]
		type SummaryHistory: Get<u32>;

		/// The most an epoch emits per unit of score. Below 100 %: a score is pool share paid,
		/// so that emission never repays what earned it.
		#[pallet::constant]
		type MaxEmissionRate: Get<Perbill>;

		/// The most [`Pallet::set_emission`] may set for an epoch.
		#[pallet::constant]
		type MaxEmissionPerEpoch: Get<BalanceOf<Self>>;

		/// How long a credit stays pending, open to challenge, at least: a credit made at block
		/// `b` becomes claimable at the first multiple of it at or after `b + ChallengePeriod`.
		/// Pending credits know the block and the epoch they mature in: an upgrade that changes
		/// this or [`Config::EpochLength`] must migrate them.
		#[pallet::constant]
		type ChallengePeriod: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls and of closing an epoch, generated by its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The OPEN paid out of the rewards pool at each epoch's close, if data was attributed.
	#[pallet::storage]
	pub type EmissionPerEpoch<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Each account's claimable rewards and its score in the epoch its credits last matured in.
	/// Removed when nothing is left.
	#[pallet::storage]
	pub type Accounts<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RewardAccount<BalanceOf<T>>>;

	/// Each account's credits still in their challenge period, in two buckets by the block they
	/// mature at. Removed when nothing is pending.
	#[pallet::storage]
	pub type PendingCredits<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, PendingOf<T>>;

	/// The epoch in progress.
	#[pallet::storage]
	pub type CurrentEpoch<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// The running totals of the epoch in progress (`emitted` stays zero until it closes).
	#[pallet::storage]
	pub type CurrentTotals<T: Config> = StorageValue<_, EpochSummary<BalanceOf<T>>, ValueQuery>;

	/// The scores of the credits that mature in the epoch in progress: what its emission is
	/// shared by.
	#[pallet::storage]
	pub type CurrentScore<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The scores of pending credits that mature in later epochs, by epoch: at most the next
	/// few, as a credit matures within two challenge periods.
	#[pallet::storage]
	pub type FutureScores<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, BalanceOf<T>>;

	/// For each closed epoch that emitted: the emission per unit of score.
	#[pallet::storage]
	pub type EpochRates<T> = StorageMap<_, Twox64Concat, EpochIndex, FixedU128>;

	/// The summaries of the last `SummaryHistory` closed epochs.
	#[pallet::storage]
	pub type Summaries<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, EpochSummary<BalanceOf<T>>>;

	/// Everything credited or emitted and not yet claimed: what the pot must hold.
	#[pallet::storage]
	pub type TotalOwed<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	// The field names are the documentation: ids, accounts and amounts.
	#[allow(missing_docs)]
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account was credited a reward, claimable from block `matures_at` if no challenge
		/// takes it back before.
		Credited {
			who: T::AccountId,
			amount: BalanceOf<T>,
			source: RewardSource,
			matures_at: BlockNumberFor<T>,
		},
		/// An account claimed its rewards, by source.
		Claimed {
			who: T::AccountId,
			amount: BalanceOf<T>,
			data: BalanceOf<T>,
			model: BalanceOf<T>,
			provider: BalanceOf<T>,
			emission: BalanceOf<T>,
		},
		/// A credit still in its challenge period was taken back (a challenge of the settlement
		/// that made it is open); its OPEN waits in the pot for the challenge's verdict.
		CreditTaken { who: T::AccountId, amount: BalanceOf<T>, source: RewardSource },
		/// A credit taken back was given again (the challenge failed): claimable from block
		/// `matures_at`.
		CreditRestored {
			who: T::AccountId,
			amount: BalanceOf<T>,
			source: RewardSource,
			matures_at: BlockNumberFor<T>,
		},
		/// The emission per epoch changed.
		EmissionSet { per_epoch: BalanceOf<T> },
		/// An epoch closed: `emitted` moved from the rewards pool to the pot, shared by `score`;
		/// `attributed_to_data` is the data fees credited in it.
		EpochClosed {
			epoch: EpochIndex,
			emitted: BalanceOf<T>,
			score: BalanceOf<T>,
			attributed_to_data: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account has no rewards, claimable or pending.
		NothingToClaim,
		/// Nothing is claimable yet: the account's rewards are all in their challenge period.
		StillInChallenge,
		/// The emission asked for is above `MaxEmissionPerEpoch`.
		EmissionAboveMax,
		/// The credit to take back is not pending: it matured, or the account holds less at
		/// that maturity.
		NotPending,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			// An epoch ends at every multiple of its length (never at genesis).
			let at_boundary =
				sp_arithmetic::traits::CheckedRem::checked_rem(&now, &T::EpochLength::get())
					.is_some_and(|r| r.is_zero());
			if !now.is_zero() && at_boundary {
				Self::close_epoch();
				T::WeightInfo::close_epoch(EPOCH_BENCHMARK_CONTRIBUTORS)
			} else {
				T::DbWeight::get().reads(0)
			}
		}

		fn integrity_test() {
			assert!(!T::EpochLength::get().is_zero(), "epochs must have a length");
			assert!(T::SummaryHistory::get() > 0, "keep at least one epoch summary");
			assert!(
				T::MaxEmissionRate::get() < Perbill::one(),
				"an epoch emits less than the pool shares its scores stand for"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Pays the caller everything they can claim: fee shares as data contributor, model
		/// owner and provider that are past their challenge period, and their shares of closed
		/// epochs' emissions. Credits still in their challenge period stay pending.
		///
		/// Errors: `NothingToClaim`, `StillInChallenge`. Emits `Claimed` with the breakdown.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::claim(CLAIM_BENCHMARK_HISTORY, CLAIM_BENCHMARK_HISTORY))]
		pub fn claim(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who)
		}

		/// Sets the OPEN emitted at each epoch's close from the rewards pool. Admin origin.
		///
		/// Errors: `EmissionAboveMax` above `MaxEmissionPerEpoch`. Emits `EmissionSet`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_emission())]
		pub fn set_emission(origin: OriginFor<T>, per_epoch: BalanceOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(per_epoch <= T::MaxEmissionPerEpoch::get(), Error::<T>::EmissionAboveMax);
			EmissionPerEpoch::<T>::put(per_epoch);
			Self::deposit_event(Event::EmissionSet { per_epoch });
			Ok(())
		}
	}
}
