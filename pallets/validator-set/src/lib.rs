//! A validator set managed by an admin origin, feeding `pallet-session`.
//!
//! ## Overview
//!
//! OpenLedger's block authors (Aura) and finality voters (GRANDPA) are the accounts in this
//! pallet's [`Validators`] list. The list changes only through [`Config::AdminOrigin`]: Root on
//! development chains, a governance track later. A change takes effect through `pallet-session`:
//!
//! 1. the operator generates keys on their node (`author_rotateKeys`) and registers them with
//!    `session.setKeys(keys, proof)`;
//! 2. the admin origin calls [`Pallet::add_validator`] (it refuses accounts without keys, so that
//!    the set never names an account that cannot author);
//! 3. at the next session boundary the new set is queued, and one session later it is active.
//!
//! Removal follows the same path with [`Pallet::remove_validator`]; the set never shrinks below
//! [`Config::MinValidators`], so the chain can always author and finalize.
//!
//! A validator reported for an offence (signing two blocks in one Aura slot, or voting twice in a
//! GRANDPA round: `pallet-offences` hands the report over through [`OnOffenceHandler`]) is taken
//! out of the list at once, as [`Pallet::remove_validator`] would, unless that would leave fewer
//! than [`Config::MinValidators`]; [`Event::OffenderReported`] says which. It must not keep
//! authoring and voting until the regular sessions come round, so the next sessions start at
//! once, in the next two blocks ([`EndSessionEarlyAfterOffence`]): the first hands over the set
//! queued a session ago (the offender still in it) and queues the list without the offender; the
//! second makes that one active.
//!
//! Session keys are purged through [`Pallet::purge_keys`], which refuses members of the set
//! (the runtime filters `session.purgeKeys` itself): `pallet-session` drops a member without
//! keys from the next authority set, so validators purging theirs could shrink it below what
//! finality needs, down to an empty GRANDPA set. Leave the set first, then purge.
//!
//! ## Example
//!
//! ```ignore
//! // From the runtime tests: Root adds Eve, who registered her keys first.
//! assert_ok!(Session::set_keys(RuntimeOrigin::signed(eve.clone()), keys, vec![]));
//! assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), eve.clone()));
//! ```
//!
//! ## Design notes
//!
//! The pallet reports the full set to `pallet-session` at every rotation rather than only when it
//! changed: `pallet-session` notices a changed *membership*, but not a member whose keys were
//! registered after it was added, so reporting every time keeps the authority sets right in every
//! order of operations. The cost is one bounded storage read per session.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::vec::Vec;
use frame_support::{traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Perbill;
use sp_staking::{
	offence::{OffenceDetails, OnOffenceHandler},
	SessionIndex,
};

/// Where the pallet learns whether an account has registered session keys; in the runtime,
/// `pallet-session`'s `NextKeys`.
pub trait SessionKeys<AccountId> {
	/// Whether `who` has called `session.setKeys`.
	fn has_keys(who: &AccountId) -> bool;

	/// Removes `who`'s session keys, as `session.purgeKeys` signed by `who` would (releasing
	/// the key deposit).
	fn purge_keys(who: &AccountId) -> sp_runtime::DispatchResult;

	/// Registers some keys for `who`, so that benchmarks can add it.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_keys_for_benchmark(who: &AccountId);
}

// FRAME's attribute macros expand to `expect()`s that carry our spans; the lint stays on for the
// code outside this module.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

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

		/// The origin that may add and remove validators.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Accounts that have registered session keys (`session.setKeys`). Only they can be
		/// added: a validator without keys could neither author nor vote.
		type SessionKeys: SessionKeys<Self::AccountId>;

		/// The largest validator set; bounds the stored list and the authority sets.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The smallest validator set; removals below it are refused so the chain keeps
		/// producing and finalizing blocks.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// Weights of this pallet's calls, generated by its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The validators, in the order they were added. `pallet-session` takes this list at each
	/// session boundary.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// How many sessions must still start early, because an offender left the list: set to two
	/// by a report that removes one, counted down by each new session.
	#[pallet::storage]
	pub type EarlySessions<T: Config> = StorageValue<_, u8, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first session. Their keys go in `session`'s genesis.
		pub initial_validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut validators = BoundedVec::<T::AccountId, T::MaxValidators>::default();
			for who in &self.initial_validators {
				assert!(!validators.contains(who), "duplicate genesis validator");
				assert!(validators.try_push(who.clone()).is_ok(), "too many genesis validators");
			}
			// `MinValidators` is not enforced here: the empty default genesis must build (FRAME
			// checks it does), and a chain spec without validators fails `try_state` instead.
			Validators::<T>::put(validators);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` joined the validator set; it authors from the session after next.
		ValidatorAdded {
			/// The new validator.
			who: T::AccountId,
			/// The size of the set with it.
			validators: u32,
		},
		/// `who` left the validator set; it stops authoring from the session after next.
		ValidatorRemoved {
			/// The former validator.
			who: T::AccountId,
			/// The size of the set without it.
			validators: u32,
		},
		/// `who` was reported for an offence committed in `session` (the offence itself is
		/// `offences.Offence`'s event). It left the set unless that would have left fewer than
		/// `MinValidators`, or it had left already.
		OffenderReported {
			/// The reported validator.
			who: T::AccountId,
			/// The session of the offence.
			session: SessionIndex,
			/// Whether this report took it out of the set.
			removed: bool,
			/// The size of the set after the report.
			validators: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The account is not a validator, so it cannot be removed.
		NotValidator,
		/// The set is at `MaxValidators`: remove one before adding another.
		TooManyValidators,
		/// Removing would leave fewer than `MinValidators` validators.
		TooFewValidators,
		/// The account has no session keys: it must call `session.setKeys` first.
		NoSessionKeys,
		/// A member of the validator set cannot purge its session keys: it would leave the
		/// authority set without its vote. Be removed first.
		StillValidator,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "MinValidators must be at least 1");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must not exceed MaxValidators"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `who` to the validator set.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - Errors: [`Error::AlreadyValidator`], [`Error::NoSessionKeys`],
		///   [`Error::TooManyValidators`].
		/// - Event: [`Event::ValidatorAdded`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			ensure!(!validators.contains(&who), Error::<T>::AlreadyValidator);
			ensure!(T::SessionKeys::has_keys(&who), Error::<T>::NoSessionKeys);
			validators.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			let count = validators.len() as u32;
			Validators::<T>::put(validators);
			Self::deposit_event(Event::ValidatorAdded { who, validators: count });
			Ok(())
		}

		/// Remove `who` from the validator set.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - Errors: [`Error::NotValidator`], [`Error::TooFewValidators`].
		/// - Event: [`Event::ValidatorRemoved`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			let position =
				validators.iter().position(|v| v == &who).ok_or(Error::<T>::NotValidator)?;
			ensure!(
				validators.len() > T::MinValidators::get() as usize,
				Error::<T>::TooFewValidators
			);
			validators.remove(position);
			let count = validators.len() as u32;
			Validators::<T>::put(validators);
			Self::deposit_event(Event::ValidatorRemoved { who, validators: count });
			Ok(())
		}

		/// Removes the caller's session keys and releases their deposit, unless the caller is
		/// in the validator set. The only way to purge keys: the runtime filters
		/// `session.purgeKeys`.
		///
		/// - Origin: signed.
		/// - Errors: [`Error::StillValidator`], or `session.NoKeys`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::purge_keys(T::MaxValidators::get()))]
		pub fn purge_keys(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Validators::<T>::get().contains(&who), Error::<T>::StillValidator);
			T::SessionKeys::purge_keys(&who)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The current validator list, in insertion order.
	pub fn validators() -> Vec<T::AccountId> {
		Validators::<T>::get().into_inner()
	}

	/// Invariants: no duplicates, at least `MinValidators` members, at most two early sessions due.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		frame_support::ensure!(
			validators.len() >= T::MinValidators::get() as usize,
			"fewer validators than MinValidators"
		);
		let mut sorted = validators.into_inner();
		sorted.sort();
		let len = sorted.len();
		sorted.dedup();
		frame_support::ensure!(sorted.len() == len, "duplicate validator");
		frame_support::ensure!(EarlySessions::<T>::get() <= 2, "more than two early sessions due");
		Ok(())
	}
}

/// Offenders leave the set at once (see the crate docs). `pallet-offences` also passes the
/// earlier offenders of the same offence again; they are no longer in the set, so nothing changes.
impl<T: Config, Reporter, FullIdentification>
	OnOffenceHandler<Reporter, (T::AccountId, FullIdentification), Weight> for Pallet<T>
{
	fn on_offence(
		offenders: &[OffenceDetails<Reporter, (T::AccountId, FullIdentification)>],
		_slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> Weight {
		let mut validators = Validators::<T>::get();
		let mut weight = Weight::zero();
		for OffenceDetails { offender: (who, _), .. } in offenders {
			weight =
				weight.saturating_add(T::WeightInfo::remove_validator(T::MaxValidators::get()));
			let position = validators.iter().position(|v| v == who);
			let removed = match position {
				Some(i) if validators.len() > T::MinValidators::get() as usize => {
					validators.remove(i);
					true
				},
				_ => false,
			};
			if position.is_some() && !removed {
				log::warn!(
					target: "runtime::validator-set",
					"offender kept in the validator set: removing it would leave fewer than MinValidators"
				);
			}
			if removed {
				// One session to queue the list without the offender, one to make it active.
				EarlySessions::<T>::put(2);
			}
			Self::deposit_event(Event::OffenderReported {
				who: who.clone(),
				session,
				removed,
				validators: validators.len() as u32,
			});
		}
		Validators::<T>::put(validators);
		weight.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// The set with an empty identification for each member, for `pallet-session`'s historical
/// proofs, which is how an equivocation report proves the offender was a validator.
impl<T: Config> pallet_session::historical::SessionManager<T::AccountId, ()> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<(T::AccountId, ())>> {
		<Self as pallet_session::SessionManager<_>>::new_session(new_index)
			.map(|set| set.into_iter().map(|who| (who, ())).collect())
	}

	fn start_session(start_index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::start_session(start_index)
	}

	fn end_session(end_index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::end_session(end_index)
	}
}

/// `pallet-session`'s `ShouldEndSession`: `Regular`'s boundaries, and a session at once
/// while [`EarlySessions`] are due (after an offender left the list).
pub struct EndSessionEarlyAfterOffence<T, Regular>(core::marker::PhantomData<(T, Regular)>);

impl<T: Config, Regular: pallet_session::ShouldEndSession<BlockNumberFor<T>>>
	pallet_session::ShouldEndSession<BlockNumberFor<T>> for EndSessionEarlyAfterOffence<T, Regular>
{
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		EarlySessions::<T>::get() > 0 || Regular::should_end_session(now)
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		EarlySessions::<T>::mutate(|due| *due = due.saturating_sub(1));
		// Always report the set: see "Design notes" in the crate docs.
		Some(Self::validators())
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(_start_index: SessionIndex) {}
}
