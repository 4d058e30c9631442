//! What settling reads from the models and Datanets pallets: each fact once a call, however
//! many settlements of the call need it, and counted, since the call is priced by its reads.

use crate::{AttributionEntry, Config, Error, OutputBase, OutputBases};
use alloc::{
	collections::{btree_map::Entry, BTreeMap},
	vec::Vec,
};
use frame_support::ensure;
use openledger_primitives::{
	AcceptedContribution, ContributionId, DatanetId, DatanetsInspect, Lineage, ModelId,
	ModelVersion, ModelsInspect, VersionNumber,
};
use sp_runtime::DispatchError;

/// The facts one settling call has read, for its provider.
pub(crate) struct ChainReads<T: Config> {
	provider: T::AccountId,
	/// The models the provider serves, with their owners.
	owners: BTreeMap<ModelId, T::AccountId>,
	/// The lineages of the model versions read.
	lineages: BTreeMap<(ModelId, ModelVersion), Lineage>,
	/// The accepted contributions read.
	contributions: BTreeMap<ContributionId, AcceptedContribution<T::AccountId>>,
	/// The sizes of the Datanet versions read.
	version_sizes: BTreeMap<(DatanetId, VersionNumber), Option<u64>>,
	/// The provider's output base, once read (each settling call reads it at most once, priced
	/// in the call's fixed cost).
	output_base: Option<Option<OutputBase<T>>>,
}

impl<T: Config> ChainReads<T> {
	/// Nothing read yet, for a call of `provider`.
	pub fn new(provider: T::AccountId) -> Self {
		ChainReads {
			provider,
			owners: BTreeMap::new(),
			lineages: BTreeMap::new(),
			contributions: BTreeMap::new(),
			version_sizes: BTreeMap::new(),
			output_base: None,
		}
	}

	/// Where the provider publishes outputs, or `NoOutputBase`.
	pub fn output_base(&mut self) -> Result<&OutputBase<T>, DispatchError> {
		self.output_base
			.get_or_insert_with(|| OutputBases::<T>::get(&self.provider))
			.as_ref()
			.ok_or_else(|| Error::<T>::NoOutputBase.into())
	}

	/// The caller of the call.
	pub fn provider(&self) -> &T::AccountId {
		&self.provider
	}

	/// The owner of `model`, which the provider must serve.
	pub fn owner(&mut self, model: ModelId) -> Result<T::AccountId, DispatchError> {
		if let Some(owner) = self.owners.get(&model) {
			return Ok(owner.clone());
		}
		ensure!(T::Models::is_provider(model, &self.provider), Error::<T>::NotProvider);
		let owner = T::Models::owner(model).ok_or(Error::<T>::ModelUnavailable)?;
		self.owners.insert(model, owner.clone());
		Ok(owner)
	}

	/// The lineage of `version` of `model` (empty if that version does not exist). For the
	/// benchmarks, which time each kind of read alone.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn lineage(&mut self, model: ModelId, version: ModelVersion) -> &Lineage {
		read_lineage::<T>(&mut self.lineages, model, version)
	}

	/// The accepted contribution `id`, or `OutsideLineage` if it was not accepted. For the
	/// benchmarks, which time each kind of read alone.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn contribution(
		&mut self,
		id: ContributionId,
	) -> Result<&AcceptedContribution<T::AccountId>, DispatchError> {
		read_contribution::<T>(&mut self.contributions, id)
	}

	/// How many contributions `version` of `datanet` holds, if it is published. For the benchmarks,
	/// which time each kind of read alone.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn version_size(&mut self, datanet: DatanetId, version: VersionNumber) -> Option<u64> {
		read_version_size::<T>(&mut self.version_sizes, datanet, version)
	}

	/// The contributor of each entry, in order, after checking that every entry's contribution
	/// was accepted into a Datanet version of the lineage of `version` of `model`.
	pub fn contributors(
		&mut self,
		model: ModelId,
		version: ModelVersion,
		attribution: &[AttributionEntry],
	) -> Result<Vec<T::AccountId>, DispatchError> {
		if attribution.is_empty() {
			return Ok(Vec::new());
		}
		// The three caches borrowed apart, so that nothing is copied out of them.
		let lineage = read_lineage::<T>(&mut self.lineages, model, version);
		let (contributions, sizes) = (&mut self.contributions, &mut self.version_sizes);
		attribution
			.iter()
			.map(|entry| {
				let accepted = read_contribution::<T>(contributions, entry.contribution)?;
				let inside = lineage.holds(accepted, |datanet, version| {
					read_version_size::<T>(sizes, datanet, version)
				});
				ensure!(inside, Error::<T>::OutsideLineage);
				Ok(accepted.contributor.clone())
			})
			.collect()
	}

	/// How many distinct models, model-version lineages, contributions and Datanet version
	/// sizes were read.
	pub fn counts(&self) -> ReadCounts {
		let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
		ReadCounts {
			models: count(self.owners.len()),
			lineages: count(self.lineages.len()),
			contributions: count(self.contributions.len()),
			version_sizes: count(self.version_sizes.len()),
		}
	}
}

/// `T::Models::lineage(model, version)`, read once into `known`.
fn read_lineage<T: Config>(
	known: &mut BTreeMap<(ModelId, ModelVersion), Lineage>,
	model: ModelId,
	version: ModelVersion,
) -> &Lineage {
	known
		.entry((model, version))
		.or_insert_with(|| T::Models::lineage(model, version).unwrap_or_default())
}

/// `T::Datanets::accepted_contribution(id)`, read once into `known`.
fn read_contribution<T: Config>(
	known: &mut BTreeMap<ContributionId, AcceptedContribution<T::AccountId>>,
	id: ContributionId,
) -> Result<&AcceptedContribution<T::AccountId>, DispatchError> {
	match known.entry(id) {
		Entry::Occupied(read) => Ok(read.into_mut()),
		Entry::Vacant(slot) => {
			let read = T::Datanets::accepted_contribution(id).ok_or(Error::<T>::OutsideLineage)?;
			Ok(slot.insert(read))
		},
	}
}

/// `T::Datanets::version_size(datanet, version)`, read once into `known`.
fn read_version_size<T: Config>(
	known: &mut BTreeMap<(DatanetId, VersionNumber), Option<u64>>,
	datanet: DatanetId,
	version: VersionNumber,
) -> Option<u64> {
	*known
		.entry((datanet, version))
		.or_insert_with(|| T::Datanets::version_size(datanet, version))
}

/// What [`ChainReads`] read, counted.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub(crate) struct ReadCounts {
	pub models: u32,
	pub lineages: u32,
	pub contributions: u32,
	pub version_sizes: u32,
}
