//! Identifiers and glue traits shared by OpenLedger's pallets.
//!
//! Pallets never reach into each other's storage or `Config`: a pallet that needs to know
//! something about another one asks through a trait defined here, and the runtime wires the
//! implementation in (see polkadot-sdk's "frame_pallet_coupling" reference doc).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Identifies a Datanet. Assigned in creation order, starting at 0.
pub type DatanetId = u32;

/// Identifies a contribution, across all Datanets. Assigned in submission order, starting at 0.
pub type ContributionId = u64;

/// A published version of a Datanet. The first version is 1.
pub type VersionNumber = u32;

/// Identifies a model (base model or adapter). Assigned in registration order, from 0.
pub type ModelId = u32;

/// A version of a model. The first version, published at registration, is 1.
pub type ModelVersion = u32;

/// Identifies a paid inference. Assigned in request order, from 0.
pub type InferenceId = u64;

/// Why an account was credited a reward.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub enum RewardSource {
	/// Its data was attributed a share of an inference fee.
	#[codec(index = 0)]
	Data,
	/// It owns the model that served the inference.
	#[codec(index = 1)]
	Model,
	/// It served the inference.
	#[codec(index = 2)]
	Provider,
}

/// The largest page a runtime API returns, whatever limit the caller asks for.
pub const MAX_PAGE_SIZE: u32 = 256;

/// How many items a page asked for with `limit` holds: `limit` clamped to `1..=MAX_PAGE_SIZE`.
pub fn page_size(limit: u32) -> usize {
	limit.clamp(1, MAX_PAGE_SIZE) as usize
}

/// Takes one page of at most [`page_size`]`(limit)` ids from `ids`, which starts after the
/// caller's cursor. Returns the page and the cursor of the next page (the page's last id), or
/// `None` when `ids` holds nothing more.
pub fn take_page<K: Copy>(ids: impl Iterator<Item = K>, limit: u32) -> (Vec<K>, Option<K>) {
	let size = page_size(limit);
	// One more than the page holds tells whether there is a next page.
	let mut page: Vec<K> = ids.take(size.saturating_add(1)).collect();
	let more = page.len() > size;
	page.truncate(size);
	let next = if more { page.last().copied() } else { None };
	(page, next)
}

/// A contribution that a curator accepted into a Datanet.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AcceptedContribution<AccountId> {
	/// The Datanet it belongs to.
	pub datanet: DatanetId,
	/// Who submitted it.
	pub contributor: AccountId,
	/// Its place in the Datanet's acceptance order, from 0. It is part of every version whose
	/// `contributions` count is greater than this.
	pub sequence: u64,
}

/// The Datanet versions a model version was trained on: its own lineage and, for an adapter,
/// its base version's.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Lineage(pub Vec<(DatanetId, VersionNumber)>);

impl Lineage {
	/// The versions of `datanet` in the lineage: at most two, since a lineage names each
	/// Datanet once (the model version's own, and its base version's).
	pub fn versions_of(&self, datanet: DatanetId) -> impl Iterator<Item = VersionNumber> + '_ {
		self.0.iter().filter(move |(d, _)| *d == datanet).map(|(_, version)| *version)
	}

	/// Whether `accepted` is in one of the lineage's versions of its Datanet, given how many
	/// contributions a Datanet version holds (`version_size`).
	pub fn holds<AccountId>(
		&self,
		accepted: &AcceptedContribution<AccountId>,
		mut version_size: impl FnMut(DatanetId, VersionNumber) -> Option<u64>,
	) -> bool {
		self.versions_of(accepted.datanet).any(|version| {
			version_size(accepted.datanet, version).is_some_and(|size| accepted.sequence < size)
		})
	}
}

/// What the rest of the chain may ask about Datanets (implemented by `pallet-datanets`).
pub trait DatanetsInspect<AccountId> {
	/// Whether `version` of `datanet` has been published.
	fn version_exists(datanet: DatanetId, version: VersionNumber) -> bool;

	/// How many contributions `version` of `datanet` contains, if it is published. Versions
	/// are snapshots: version `v` holds the first `n` accepted contributions of the Datanet, so
	/// an accepted contribution is in it exactly when its `sequence` is below `n`.
	fn version_size(datanet: DatanetId, version: VersionNumber) -> Option<u64>;

	/// The contribution `id`, if it was accepted.
	fn accepted_contribution(id: ContributionId) -> Option<AcceptedContribution<AccountId>>;

	/// What contribution `id` committed to: the content root of its bytes (a binary BLAKE2 tree
	/// over 1 KiB chunks, `openledger-attribution-rule`'s `content`) and their size, if it exists.
	fn content(id: ContributionId) -> Option<([u8; 32], u64)>;

	/// Sets what contribution `id` committed to, so that benchmarks of other pallets can prove
	/// spans of it.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_content_for_benchmark(id: ContributionId, root: [u8; 32], size: u64);

	/// Publishes version 1 of a new Datanet holding `contributions` accepted contributions
	/// (at least one) from `contributors` accounts in turn (at least one), so that benchmarks
	/// of other pallets can reference it and them.
	#[cfg(feature = "runtime-benchmarks")]
	fn publish_version_for_benchmark(
		owner: &AccountId,
		contributions: u32,
		contributors: u32,
	) -> (DatanetId, VersionNumber, Vec<ContributionId>);
}

/// What the rest of the chain may ask about models (implemented by `pallet-models`).
pub trait ModelsInspect<AccountId, Balance> {
	/// The model's owner, if it exists.
	fn owner(model: ModelId) -> Option<AccountId>;

	/// What an inference costs, if the model can serve inferences (it exists and is not
	/// deprecated).
	fn inference_fee(model: ModelId) -> Option<Balance>;

	/// The latest version of the model, if it exists.
	fn latest_version(model: ModelId) -> Option<ModelVersion>;

	/// Whether `who` may settle inferences of the model.
	fn is_provider(model: ModelId, who: &AccountId) -> bool;

	/// The lineage of `version` of `model`, if that version exists (for an adapter: its own
	/// lineage and that of the base version it was trained on). Callers checking many
	/// contributions against one version read it once; which Datanet versions hold a
	/// contribution is the Datanets pallet's to say ([`DatanetsInspect::version_size`]).
	fn lineage(model: ModelId, version: ModelVersion) -> Option<Lineage>;

	/// Registers a model owned by `owner`, served by `provider`, trained on a new Datanet
	/// version holding `contributions` accepted contributions from `contributors` accounts;
	/// returns the model and them.
	#[cfg(feature = "runtime-benchmarks")]
	fn model_for_benchmark(
		owner: &AccountId,
		provider: &AccountId,
		contributions: u32,
		contributors: u32,
	) -> (ModelId, Vec<ContributionId>);

	/// Registers an adapter served by `provider` on a new base model, each trained on a Datanet
	/// version of its own, so that its lineage is two model versions to read; returns it.
	#[cfg(feature = "runtime-benchmarks")]
	fn adapter_for_benchmark(owner: &AccountId, provider: &AccountId) -> ModelId;
}

/// The bonds providers hold at stake while they settle inferences (implemented by
/// `pallet-provider-bonds`).
pub trait ProviderBonds<AccountId, Balance> {
	/// Whether `who` holds at least the minimum bond, not counting what it is unbonding: only
	/// then may it settle inferences.
	fn is_bonded(who: &AccountId) -> bool;

	/// Moves up to `amount` of `who`'s bond (what it holds active first, then what it is
	/// unbonding) to `to`, free; returns how much moved.
	fn slash(who: &AccountId, amount: Balance, to: &AccountId) -> Balance;

	/// Bonds `who` with the minimum, funding it first if it cannot afford that, so that
	/// benchmarks of other pallets can settle as it.
	#[cfg(feature = "runtime-benchmarks")]
	fn bond_for_benchmark(who: &AccountId);
}

/// Where settled inference fees are credited as rewards, claimable once their challenge period
/// is over (implemented by `pallet-rewards`).
pub trait RewardsCredit<AccountId, Balance, BlockNumber> {
	/// The account that holds every claimable reward. Callers move the funds of a credit
	/// into it before calling [`Self::credit`].
	fn pot() -> AccountId;

	/// Credits `who` with `amount`, already in [`Self::pot`]: claimable from
	/// [`Self::matures_at`] the current block, with `score` towards the emission of the epoch it
	/// matures in. A data credit's score is the part of the
	/// pool's share of the fee that it stands for (its share of the data fee times the fee's pool
	/// part): the emission pays at most a fixed fraction of it back, so that nobody earns by
	/// paying the pool to credit themselves. Other credits carry none.
	///
	/// Returns whether `who`'s earlier credits matured on the way, which costs more: they move
	/// into its claimable rewards, a second entry read and written.
	fn credit(
		who: &AccountId,
		amount: Balance,
		source: RewardSource,
		score: Balance,
	) -> Result<bool, sp_runtime::DispatchError>;

	/// Takes back a credit of `amount` (with `score`) that [`Self::credit`] made for `who` at
	/// block `credited_at` and that is still in its challenge period: it leaves `who`'s pending
	/// credits, the epoch's scores and what the pot owes, and stays in the pot for the caller to
	/// restore ([`Self::restore_pending`]) or move out. Fails, changing nothing, if `who` has
	/// less pending at that maturity.
	fn take_pending(
		who: &AccountId,
		amount: Balance,
		source: RewardSource,
		score: Balance,
		credited_at: BlockNumber,
	) -> sp_runtime::DispatchResult;

	/// Credits again what [`Self::take_pending`] took: pending until it would have matured, or
	/// claimable at once if that block has passed (its score then counts in the current epoch).
	fn restore_pending(
		who: &AccountId,
		amount: Balance,
		source: RewardSource,
		score: Balance,
		credited_at: BlockNumber,
	) -> sp_runtime::DispatchResult;

	/// Records `amount` of inference fees settled, for the epoch summary.
	fn note_fees_settled(amount: Balance);

	/// When a credit made at block `credited_at` becomes claimable: until then it is in its
	/// challenge period.
	fn matures_at(credited_at: BlockNumber) -> BlockNumber;
}

/// Identifies an agent (`pallet-agents`). Assigned in registration order, from 0.
pub type AgentId = u32;

/// Identifies an agent's task. Assigned in the order tasks are opened, from 0.
pub type TaskId = u64;

/// Paying for inferences on someone's behalf (implemented by `pallet-attribution`): what an
/// agent's task buys from its budget is an ordinary attributed inference.
pub trait InferenceMarket<AccountId, Balance> {
	/// What an inference of `model` costs now (at least the chain's least fee), or `None` if
	/// the model cannot serve one (it does not exist or is deprecated).
	fn fee(model: ModelId) -> Option<Balance>;

	/// Pays for a public inference of `model` as `consumer`, exactly as
	/// `attribution.requestInference` would: the fee, at most `max_fee`, leaves `consumer`'s free
	/// balance. Returns the new inference's id and the fee paid.
	fn request(
		consumer: &AccountId,
		model: ModelId,
		max_fee: Balance,
		request_hash: sp_core::H256,
	) -> Result<(InferenceId, Balance), sp_runtime::DispatchError>;
}
