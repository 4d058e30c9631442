//! The deposits and bonds OPEN holders set by referendum on the `parameters` track
//! (`parameters.setParameter`), without a runtime upgrade. Each record keeps the deposit it was
//! charged, so a change applies to new Datanets, contributions and models only (a storage
//! deposit is priced when its record is reviewed, archived or deprecated).
//!
//! The size limits (name, URI, batch lengths...) bound stored types, and change only with a
//! runtime upgrade on the `root` track.

use frame_support::dynamic_params::{dynamic_pallet_params, dynamic_params};

use crate::Runtime;

#[dynamic_params(RuntimeParameters, pallet_parameters::Parameters::<Runtime>)]
pub mod dynamic_params {
	use super::*;

	/// The deposits of `pallet-datanets` and `pallet-models`, in the smallest unit of OPEN.
	#[dynamic_pallet_params]
	#[codec(index = 0)]
	pub mod deposits {
		/// Creating a Datanet. A Datanet record is at most about 1.2 KB (metadata and 16
		/// curators).
		#[codec(index = 0)]
		pub static Datanet: crate::Balance = 10 * crate::currency::OPEN;
		/// The least a Datanet may ask of a contribution. A pending contribution is at most
		/// about 0.6 KB.
		#[codec(index = 1)]
		pub static MinContribution: crate::Balance = 10 * crate::currency::MILLI_OPEN;
		/// Registering a model. A model record is at most about 0.9 KB (name, card URI, 16
		/// providers), each version about 0.4 KB.
		#[codec(index = 2)]
		pub static Model: crate::Balance = 10 * crate::currency::OPEN;
		/// The least an inference costs (`attribution.requestInference` pays at least this into
		/// escrow, whatever the model asks), paying for its pending record of about 0.1 KB.
		/// Split like any fee when settled; refunded with the rest if nobody settles. Never
		/// below the existential deposit, whatever is set: a refund must reach its consumer.
		#[codec(index = 3)]
		pub static MinInferenceFee: crate::Balance = crate::currency::EXISTENTIAL_DEPOSIT;
		/// The storage deposit of every record that stays in state after its review or its
		/// owner's interest (accepted data, spam, an archived Datanet, a model version, a
		/// deprecated model), per record: its keys and index entries.
		#[codec(index = 4)]
		pub static RecordBase: crate::Balance = crate::currency::MILLI_OPEN;
		/// The same, per byte of the record's encoding: 10 OPEN a megabyte.
		#[codec(index = 5)]
		pub static RecordByte: crate::Balance = 10 * crate::currency::MICRO_OPEN;
	}

	/// What `pallet-provider-bonds` asks of those who settle inferences.
	#[dynamic_pallet_params]
	#[codec(index = 1)]
	pub mod bonds {
		/// The least bond that lets a provider settle inferences: what a challenge that proves
		/// one of its attributions wrong can take. A change applies to every provider at once
		/// (those below a raised minimum stop settling until they bond more).
		#[codec(index = 0)]
		pub static MinProviderBond: crate::Balance = 1_000 * crate::currency::OPEN;
	}

	/// What `pallet-agents` asks of agents' owners.
	#[dynamic_pallet_params]
	#[codec(index = 2)]
	pub mod agents {
		/// The least stake an agent holds to take tasks: what its expiries are slashed from. A
		/// raised minimum applies to new agents and to resuming paused ones.
		#[codec(index = 0)]
		pub static MinAgentStake: crate::Balance = 100 * crate::currency::OPEN;
	}
}

pub use dynamic_params::{agents, bonds, deposits};

/// What the `parameters` benchmark sets.
#[cfg(feature = "runtime-benchmarks")]
impl Default for RuntimeParameters {
	fn default() -> Self {
		RuntimeParameters::Deposits(deposits::Parameters::Datanet(deposits::Datanet, Some(0)))
	}
}
