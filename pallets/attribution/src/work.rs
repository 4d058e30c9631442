//! The price of a settling call: what it does, counted in the units its benchmarks measure.
//!
//! Each benchmark times one kind of work and nothing else (`benchmarking.rs`), so a call's weight
//! is the sum of its parts. The call is charged for the most its arguments could make it do, and
//! refunded down to what it did: a model, a contribution or an account that several
//! settlements share is read or credited once.

use crate::{Config, Settlement, WeightInfo};
use alloc::collections::BTreeSet;
use frame_support::weights::Weight;

/// What a settling call does, counted.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct SettlementWork {
	/// Settlements: each reads its request, moves its fee and writes its record.
	pub settlements: u32,
	/// Distinct models read: whether the caller serves them, and who owns them.
	pub models: u32,
	/// Distinct model versions whose lineages were read (for an adapter, with its base's).
	pub lineages: u32,
	/// Distinct Datanet versions whose sizes were read.
	pub version_sizes: u32,
	/// Distinct contributions read.
	pub contributions: u32,
	/// Attribution entries checked and shared out.
	pub entries: u32,
	/// Credits made: one for each account and reward source the call pays.
	pub credits: u32,
	/// Credits that found earlier credits of their account past their challenge period, and
	/// moved them into its claimable rewards first. `mature_credits` prices them apart from
	/// the others (and an owner's or provider's among them in full: never less than they cost).
	pub matured: u32,
}

impl SettlementWork {
	/// The most settling `settlements` can do: every settlement for a model and a model version
	/// of its own, every contribution in Datanet versions of its own, every account paid
	/// distinct.
	pub fn at_most<T: Config>(settlements: &[Settlement<T>]) -> Self {
		let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
		let contributions = settlements
			.iter()
			.flat_map(|s| s.attribution.iter().map(|e| e.contribution))
			.collect::<BTreeSet<_>>();
		Self::most(
			count(settlements.len()),
			count(settlements.iter().filter(|s| !s.attribution.is_empty()).count()),
			count(settlements.iter().map(|s| s.attribution.len()).sum()),
			count(contributions.len()),
		)
	}

	/// The most settling one inference with an attribution of `entries` entries can do.
	pub fn at_most_one(entries: u32) -> Self {
		Self::most(1, u32::from(entries > 0), entries, entries)
	}

	/// The most `settlements` settlements, `attributed` of them with entries, can do with
	/// `entries` entries naming `contributions` distinct contributions.
	fn most(settlements: u32, attributed: u32, entries: u32, contributions: u32) -> Self {
		SettlementWork {
			settlements,
			models: settlements,
			lineages: attributed,
			// A contribution is looked for in at most two versions of its Datanet: the model
			// version's own and its base version's.
			version_sizes: contributions.saturating_mul(2),
			contributions,
			entries,
			// Each contribution's contributor, each settlement's model owner, and the provider.
			credits: contributions.saturating_add(settlements).saturating_add(1),
			// Any of them may find earlier credits matured.
			matured: contributions.saturating_add(settlements).saturating_add(1),
		}
	}

	/// The weight of this work, from the benchmarks in `W`.
	pub fn weight<W: WeightInfo>(&self) -> Weight {
		// `settle_batch(n)` settles `n` unattributed inferences of one model: it reads that model
		// and credits its owner and the provider (whose earlier credits have not matured).
		W::settle_batch(self.settlements)
			.saturating_add(W::read_models(self.models.saturating_sub(1)))
			.saturating_add(W::read_lineages(self.lineages))
			.saturating_add(W::read_version_sizes(self.version_sizes))
			.saturating_add(W::read_contributions(self.contributions))
			.saturating_add(W::share_entries(self.entries))
			.saturating_add(W::credit_accounts(
				self.credits.saturating_sub(2).saturating_sub(self.matured),
			))
			.saturating_add(W::mature_credits(self.matured))
	}
}
