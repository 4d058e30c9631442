//! # Governance origins
//!
//! The origins that OPEN-holder referenda dispatch with, besides Root, and the pace of the
//! governance tracks.
//!
//! - [`Origin::Parameters`] is what a referendum on the fast `parameters` track dispatches its
//!   proposal with. The calls that set the chain's economic parameters (the fee split, the
//!   emission, the deposits) accept it through [`EnsureParameters`]. Runtime upgrades and the
//!   validator set stay with Root, which only the slow `root` track (or sudo on development chains)
//!   yields.
//! - [`Origin::ReferendumCanceller`] and [`Origin::ReferendumKiller`] are what referenda on the
//!   `referendum_canceller` and `referendum_killer` tracks dispatch with: they may cancel (deposits
//!   returned) or kill (deposits slashed) another referendum, and nothing else, so a junk
//!   referendum cannot hold the `root` track's deciding slots for its whole decision period.
//! - [`Pace`] chooses, at genesis, between the documented production periods and short ones that
//!   let a development chain run a whole referendum in a minute. It cannot be changed after
//!   genesis: a referendum's periods must not move under it.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

use frame_support::traits::{EnsureOrigin, Get, OriginTrait};

// FRAME's attribute macros expand to `expect()`s that carry our spans; the lint stays on for the
// code outside this module.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;

	/// The pallet's configuration: it needs nothing of the runtime.
	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The origins of passed referenda, other than Root.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		MaxEncodedLen,
		Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// A referendum passed on the `parameters` track: it may set the chain's economic
		/// parameters (the fee split, the emission per epoch, the deposits), and nothing else.
		Parameters,
		/// A referendum passed on the `referendum_canceller` track: it may cancel an ongoing
		/// referendum, returning its deposits, and nothing else.
		ReferendumCanceller,
		/// A referendum passed on the `referendum_killer` track: it may kill an ongoing
		/// referendum, slashing its deposits, and nothing else.
		ReferendumKiller,
	}

	/// How long the governance tracks' periods are.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		Default,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		MaxEncodedLen,
		Debug,
		serde::Serialize,
		serde::Deserialize,
	)]
	pub enum Pace {
		/// The production periods: days to decide, a week's vote lock.
		#[default]
		Standard,
		/// Periods of a few blocks, for development chains and tests.
		Fast,
	}

	/// The pace of this chain's governance, fixed at genesis.
	#[pallet::storage]
	pub type GovernancePace<T> = StorageValue<_, Pace, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The pace of the governance tracks.
		pub pace: Pace,
		/// The pallet's configuration, which the genesis has no say in.
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			GovernancePace::<T>::put(self.pace);
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pace of this chain's governance.
	pub fn pace() -> Pace {
		GovernancePace::<T>::get()
	}
}

/// Accepts only the governance origin `V` names, and yields nothing.
pub struct EnsureGovernanceOrigin<V>(core::marker::PhantomData<V>);

impl<O: OriginTrait + From<Origin>, V: Get<Origin>> EnsureOrigin<O> for EnsureGovernanceOrigin<V>
where
	for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
{
	type Success = ();

	fn try_origin(o: O) -> Result<Self::Success, O> {
		let passed = matches!(o.caller().try_into(), Ok(origin) if *origin == V::get());
		if passed {
			Ok(())
		} else {
			Err(o)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(V::get()))
	}
}

frame_support::parameter_types! {
	/// [`Origin::Parameters`], for [`EnsureGovernanceOrigin`].
	pub const ParametersOrigin: Origin = Origin::Parameters;
	/// [`Origin::ReferendumCanceller`], for [`EnsureGovernanceOrigin`].
	pub const ReferendumCancellerOrigin: Origin = Origin::ReferendumCanceller;
	/// [`Origin::ReferendumKiller`], for [`EnsureGovernanceOrigin`].
	pub const ReferendumKillerOrigin: Origin = Origin::ReferendumKiller;
}

/// Accepts only [`Origin::Parameters`]: a passed referendum on the `parameters` track.
pub type EnsureParameters = EnsureGovernanceOrigin<ParametersOrigin>;
/// Accepts only [`Origin::ReferendumCanceller`]: a passed referendum on the
/// `referendum_canceller` track.
pub type EnsureReferendumCanceller = EnsureGovernanceOrigin<ReferendumCancellerOrigin>;
/// Accepts only [`Origin::ReferendumKiller`]: a passed referendum on the `referendum_killer`
/// track.
pub type EnsureReferendumKiller = EnsureGovernanceOrigin<ReferendumKillerOrigin>;

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::derive_impl;
	use sp_runtime::BuildStorage;

	type Block = frame_system::mocking::MockBlock<Test>;

	#[frame_support::runtime]
	mod runtime {
		#[runtime::runtime]
		#[runtime::derive(RuntimeCall, RuntimeEvent, RuntimeError, RuntimeOrigin, RuntimeTask)]
		pub struct Test;

		#[runtime::pallet_index(0)]
		pub type System = frame_system;
		#[runtime::pallet_index(1)]
		pub type Origins = crate;
	}

	#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
	impl frame_system::Config for Test {
		type Block = Block;
	}

	impl Config for Test {}

	#[test]
	fn each_ensure_passes_its_own_origin_only() {
		let all = [Origin::Parameters, Origin::ReferendumCanceller, Origin::ReferendumKiller];
		let ensures: [(Origin, fn(RuntimeOrigin) -> bool); 3] = [
			(Origin::Parameters, |o| EnsureParameters::try_origin(o).is_ok()),
			(Origin::ReferendumCanceller, |o| EnsureReferendumCanceller::try_origin(o).is_ok()),
			(Origin::ReferendumKiller, |o| EnsureReferendumKiller::try_origin(o).is_ok()),
		];
		for (own, passes) in ensures {
			for origin in all {
				assert_eq!(
					passes(RuntimeOrigin::from(origin)),
					origin == own,
					"{own:?} {origin:?}"
				);
			}
			for other in [RuntimeOrigin::root(), RuntimeOrigin::signed(1), RuntimeOrigin::none()] {
				assert!(!passes(other));
			}
		}
	}

	#[test]
	fn the_pace_is_set_at_genesis_and_defaults_to_standard() {
		let storage = |pace| {
			let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
			GenesisConfig::<Test> { pace, ..Default::default() }
				.assimilate_storage(&mut t)
				.unwrap();
			sp_io::TestExternalities::new(t)
		};
		storage(Pace::Fast).execute_with(|| assert_eq!(Origins::pace(), Pace::Fast));
		storage(Pace::default()).execute_with(|| assert_eq!(Origins::pace(), Pace::Standard));
		// A chain whose genesis never set it runs at the production pace.
		sp_io::TestExternalities::default()
			.execute_with(|| assert_eq!(Origins::pace(), Pace::Standard));
	}
}
