//! Paid inferences: the consumer's fee waits in escrow, the provider settles it with an
//! attribution to Datanet contributions, and the fee is split into claimable rewards.
//!
//! ## Overview
//!
//! 1. A consumer calls [`Pallet::request_inference`] for a model: the model's current fee moves
//!    from them to the pallet's escrow account ([`Pallet::escrow`]; refused if above their
//!    `max_fee`) and an inference id is emitted.
//! 2. One of the model's authorised providers, bonded ([`Config::Bonds`]), serves it off-chain and
//!    calls [`Pallet::settle_inference`] (or [`Pallet::settle_batch`] for many) with the output's
//!    hash and the **attribution**: contributions inside the model version's lineage, with shares
//!    of the data fee summing to at most 100 %.
//! 3. The fee is divided by the chain's [`FeeSplit`] (set by [`Config::AdminOrigin`]): the pool's
//!    part goes to the rewards pool; the model owner's, the provider's and the data contributors'
//!    parts (in proportion to their shares) move to the rewards pot and are credited there
//!    ([`openledger_primitives::RewardsCredit`]). What the shares leave unattributed, and all
//!    rounding dust, goes to the pool. Nothing is created or destroyed.
//! 4. If nobody settles, the consumer may [`Pallet::refund`] after [`Config::RefundTimeout`];
//!    `on_idle` refunds what is still unsettled after [`Config::RequestLifetime`], oldest first, so
//!    that no pending request lives for ever.
//! 5. The provider publishes each output at its **output URI**, the base it set with
//!    [`Pallet::set_output_base`] followed by the inference id, which the record keeps; unless the
//!    consumer asked for privacy ([`Pallet::request_private_inference`]), in which case nothing is
//!    published and only the consumer may challenge ([`OutputDisclosure`]).
//! 6. While a settlement's credits are in their challenge period, anyone may [`Pallet::challenge`]
//!    a credit the output does not support, or [`Pallet::challenge_omission`] with a span witness
//!    of a lineage contribution the record leaves out; the provider [`Pallet::answer_challenge`]s
//!    with a span witness the runtime checks, or the challenge is upheld
//!    ([`Pallet::decide_challenge`]): the record is void and the provider's bond slashed
//!    ([`challenges`]).
//!
//! Every request pays at least [`Config::MinInferenceFee`] and the existential deposit
//! ([`Pallet::least_fee`]), whatever the model asks, so a pending request's record is always
//! paid for while it lives, and its refund can always be paid.
//!
//! The escrow is one account rather than a hold on each consumer's, so that a settling call
//! moves all the fees it settles in one transfer: a hold on each consumer costs each settlement
//! two more reads and writes. Requests from before spec 109 are held
//! ([`Inference::PendingHeld`]) and are settled and refunded from their holds.
//!
//! Settled inferences keep an [`AttributionRecord`] for [`Config::RetentionPeriod`] blocks,
//! then `on_idle` prunes them a bounded number at a time; the `InferenceSettled` event carries
//! the full record for indexers.
//!
//! ## Example
//!
//! ```ignore
//! // From the tests: Dave pays for an inference of model 0, Eve (its provider) settles it
//! // with 60 % of the data fee to contribution 10 and 40 % to contribution 11.
//! assert_ok!(Attribution::request_inference(RuntimeOrigin::signed(DAVE), 0, FEE, H256::zero()));
//! assert_ok!(Attribution::settle_inference(
//!     RuntimeOrigin::signed(EVE),
//!     0,
//!     H256::repeat_byte(1),
//!     attribution(&[(10, 60), (11, 40)]),
//! ));
//! ```

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;
pub use work::SettlementWork;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod challenges;
mod credits;
mod impls;
#[cfg(any(feature = "std", feature = "try-runtime"))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
mod queries;
mod reads;
mod settlement;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;
mod work;

use frame_support::traits::fungible;
pub use openledger_primitives::{
	ContributionId, InferenceId, ModelId, ModelVersion, MAX_PAGE_SIZE,
};

/// The account id type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the currency fees are paid in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;

// FRAME's attribute macros expand to `expect()`s that carry our spans; the lint stays on for the
// code outside this module.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible::MutateHold};
	use frame_system::pallet_prelude::*;
	use openledger_primitives::{DatanetsInspect, ModelsInspect, ProviderBonds, RewardsCredit};
	use sp_core::H256;
	use sp_runtime::{
		traits::{One, Saturating, Zero},
		Perbill,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency fees are paid in (OPEN).
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Models: their fee, owner, providers and lineage.
		type Models: ModelsInspect<Self::AccountId, BalanceOf<Self>>;

		/// Datanets: which contributions each of their versions holds.
		type Datanets: DatanetsInspect<Self::AccountId>;

		/// Provider bonds: only a bonded provider may settle.
		type Bonds: ProviderBonds<Self::AccountId, BalanceOf<Self>>;

		/// Where the shares of the owner, the provider and the contributors are credited.
		type Rewards: RewardsCredit<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// The community rewards pool: receives the pool's share and everything unattributed.
		type RewardsPool: Get<Self::AccountId>;

		/// May change the fee split: Root, later a governance track.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The fee split before any admin sets one.
		#[pallet::constant]
		type DefaultFeeSplit: Get<FeeSplit>;

		/// The least part of every fee that goes to the rewards pool, whatever the split. The
		/// pool's part is what data credits score for the emission by, and what a party that
		/// pays for inferences to credit itself loses each time (docs/economics.md).
		#[pallet::constant]
		type MinPoolShare: Get<Perbill>;

		/// The most contributions one inference's attribution names.
		#[pallet::constant]
		type MaxAttribution: Get<u32>;

		/// The most settlements in one `settle_batch`.
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// How long after its request a consumer may take back an unsettled inference's fee.
		#[pallet::constant]
		type RefundTimeout: Get<BlockNumberFor<Self>>;

		/// How long an unsettled request lives: from then `on_idle` refunds it by itself. At
		/// least `RefundTimeout`, and long enough for a provider with a backlog to settle.
		#[pallet::constant]
		type RequestLifetime: Get<BlockNumberFor<Self>>;

		/// The least an inference costs (unless the existential deposit is more): a model asking
		/// less (or nothing) is paid this much, split like any fee. It pays for the pending
		/// request's record while it waits.
		#[pallet::constant]
		type MinInferenceFee: Get<BalanceOf<Self>>;

		/// How long an attribution record stays queryable after settlement.
		#[pallet::constant]
		type RetentionPeriod: Get<BlockNumberFor<Self>>;

		/// Derives the escrow account every pending fee waits in ([`Pallet::escrow`]).
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// The fewest output tokens a span witness must show in a contribution: the attribution
		/// rule's shortest span (the engine's `min_span`).
		#[pallet::constant]
		type MinSpan: Get<u32>;

		/// The largest output a span witness may carry, in bytes.
		#[pallet::constant]
		type MaxOutputBytes: Get<u32>;

		/// The most bytes of a contribution a span witness may reveal.
		#[pallet::constant]
		type MaxWitnessBytes: Get<u32>;

		/// The most hashes in a span witness's range proof (two per level of the content tree
		/// at most: 64 covers any file).
		#[pallet::constant]
		type MaxProofHashes: Get<u32>;

		/// What a challenger deposits: released if the challenge is upheld, forfeited if it is
		/// answered.
		#[pallet::constant]
		type ChallengeDeposit: Get<BalanceOf<Self>>;

		/// How long a provider has to answer a challenge, in blocks. Provider bonds must stay
		/// slashable for two challenge periods and this (`pallet_provider_bonds`'
		/// `ChallengeWindow`), and records must be kept longer than that.
		#[pallet::constant]
		type ResponsePeriod: Get<BlockNumberFor<Self>>;

		/// What an upheld challenge takes from the provider's bond (at most what it holds).
		#[pallet::constant]
		type ChallengeSlash: Get<BalanceOf<Self>>;

		/// The winning side's share of what the losing side forfeits (the challenger's of a
		/// slash, the provider's of a rejected challenge's deposit); the rest goes to the
		/// rewards pool.
		#[pallet::constant]
		type WinnerShare: Get<Perbill>;

		/// The longest output base a provider may set ([`Pallet::set_output_base`]).
		#[pallet::constant]
		type MaxOutputBaseBytes: Get<u32>;

		/// What a provider deposits while it has an output base: it pays for the entry.
		#[pallet::constant]
		type OutputBaseDeposit: Get<BalanceOf<Self>>;

		/// Weights of this pallet's calls and of pruning, generated by its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The fee of an inference requested before spec 109 and waiting to be settled (later
		/// requests pay into the escrow account instead, [`Pallet::escrow`]).
		#[codec(index = 0)]
		InferenceEscrow,
		/// A challenger's deposit, held until the challenge's verdict.
		#[codec(index = 1)]
		ChallengeDeposit,
		/// A provider's deposit for its output base, held while it has one.
		#[codec(index = 2)]
		OutputBase,
	}

	/// The fee split until an admin sets one: [`Config::DefaultFeeSplit`].
	#[pallet::type_value]
	pub fn DefaultFeeSplitValue<T: Config>() -> FeeSplit {
		T::DefaultFeeSplit::get()
	}

	/// How inference fees are divided.
	#[pallet::storage]
	pub type FeeSplitOf<T: Config> = StorageValue<_, FeeSplit, ValueQuery, DefaultFeeSplitValue<T>>;

	/// The id the next inference gets.
	#[pallet::storage]
	pub type NextInferenceId<T> = StorageValue<_, InferenceId, ValueQuery>;

	/// Inferences paid for and not refunded: pending until settled, then their records, for
	/// `RetentionPeriod` blocks. One key an inference, so that settling it writes one.
	#[pallet::storage]
	pub type Inferences<T: Config> = StorageMap<_, Twox64Concat, InferenceId, Inference<T>>;

	/// The retained records of each model, for paging.
	#[pallet::storage]
	pub type RecordsByModel<T> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, InferenceId, (), OptionQuery>;

	/// Retained records in settlement order (so also in expiry order), by queue position: one
	/// entry per settling call, so that a batch adds one key, not one per inference.
	#[pallet::storage]
	pub type SettlementQueue<T: Config> = StorageMap<_, Twox64Concat, u64, QueuedSettlements<T>>;

	/// The queue positions of the oldest retained entry and of the next one.
	#[pallet::storage]
	pub type QueueBounds<T> = StorageValue<_, (u64, u64), ValueQuery>;

	/// The oldest inference that may still be pending: every one before it was settled or
	/// refunded. `on_idle` moves it on, refunding requests left unsettled past
	/// [`Config::RequestLifetime`] (ids and request blocks rise together, so it stops at the
	/// first request still in time).
	#[pallet::storage]
	pub type ExpiryCursor<T> = StorageValue<_, InferenceId, ValueQuery>;

	/// The open challenges, by the inference challenged and their number among its challenges.
	/// A record may have any number open at once, so that no challenge (the provider's own
	/// among them) can keep another out. Each holds its challenger's deposit, which pays for
	/// the entry.
	#[pallet::storage]
	pub type Challenges<T: Config> =
		StorageDoubleMap<_, Twox64Concat, InferenceId, Twox64Concat, ChallengeNumber, Challenge<T>>;

	/// Where each provider publishes outputs: a record's output URI is its provider's base
	/// followed by the inference id. Each holds `OutputBaseDeposit` from its provider.
	#[pallet::storage]
	pub type OutputBases<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, OutputBase<T>>;

	// The field names are the documentation: ids, accounts and amounts.
	#[allow(missing_docs)]
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A consumer paid for an inference; the fee is held until settlement or refund.
		/// `private` if the consumer asked that the output not be published.
		InferenceRequested {
			inference: InferenceId,
			model: ModelId,
			version: ModelVersion,
			consumer: T::AccountId,
			fee: BalanceOf<T>,
			request_hash: H256,
			private: bool,
		},
		/// An inference was settled; `record` is what the runtime API returns of it, and
		/// `disclosure` where its output is published.
		InferenceSettled {
			inference: InferenceId,
			record: AttributionRecord<T>,
			disclosure: OutputDisclosure<OutputUri<T>>,
		},
		/// An unsettled inference's fee went back to its consumer: asked for with `refund`, or
		/// by itself once `RequestLifetime` passed.
		InferenceRefunded { inference: InferenceId, consumer: T::AccountId, fee: BalanceOf<T> },
		/// The fee split changed.
		FeeSplitSet { split: FeeSplit },
		/// `count` records older than the retention period were pruned.
		RecordsPruned { count: u32 },
		/// Challenge `challenge` of a settlement disputes its treatment of `contribution`: a
		/// span witness answers it until `respond_by`. The settlement's credits wait in the
		/// rewards pot until its last challenge's verdict (`withheld` of them were taken back
		/// by this one, the record's first open challenge; zero otherwise).
		ChallengeOpened {
			inference: InferenceId,
			challenge: ChallengeNumber,
			challenger: T::AccountId,
			contribution: ContributionId,
			dispute: Dispute,
			deposit: BalanceOf<T>,
			respond_by: BlockNumberFor<T>,
			withheld: BalanceOf<T>,
		},
		/// A provider set its output base (`None`: removed it, its deposit released).
		OutputBaseSet { provider: T::AccountId, base: Option<OutputBase<T>> },
		/// A challenge was answered by a span witness: the challenger's deposit went to the
		/// provider and the pool; the credits were given back (`restored`) if it was the
		/// record's last open challenge.
		ChallengeRejected {
			inference: InferenceId,
			challenge: ChallengeNumber,
			answered_by: T::AccountId,
			to_provider: BalanceOf<T>,
			to_pool: BalanceOf<T>,
			restored: BalanceOf<T>,
		},
		/// A challenge went unanswered: the challenger's deposit was released. If it was the
		/// first of its record to be upheld, the record is void, its credits (`voided`) went to
		/// the rewards pool, and the provider's bond was slashed to the challenger and the
		/// pool; a record is voided and its provider slashed once.
		ChallengeUpheld {
			inference: InferenceId,
			challenge: ChallengeNumber,
			challenger: T::AccountId,
			provider: T::AccountId,
			to_challenger: BalanceOf<T>,
			to_pool: BalanceOf<T>,
			voided: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The model does not exist or is deprecated.
		ModelUnavailable,
		/// The inference's fee (the model's, or the least fee if that is more) is above the
		/// `max_fee` the consumer accepted.
		FeeAboveMax,
		/// No pending inference has this id.
		UnknownInference,
		/// The inference was settled already.
		AlreadySettled,
		/// The caller is not an authorised provider of the inference's model.
		NotProvider,
		/// The caller does not hold the minimum provider bond (`providerBonds.bond`).
		NotBonded,
		/// The attribution names a contribution twice.
		DuplicateEntry,
		/// The attribution's shares sum to more than 100 %.
		SharesOverOne,
		/// A contribution is not inside the lineage of the model version that served the
		/// inference (or is not an accepted contribution at all).
		OutsideLineage,
		/// Only the consumer who paid may take the fee back.
		NotConsumer,
		/// The refund timeout has not passed yet; the provider may still settle.
		TooEarly,
		/// The fee split's parts do not sum to exactly 100 %.
		InvalidFeeSplit,
		/// The fee split gives the rewards pool less than `MinPoolShare`.
		PoolShareBelowMin,
		/// The inference was settled before challenges existed (spec 110): nothing keeps what
		/// would undo it.
		NotChallengeable,
		/// An upheld challenge already voided the record.
		RecordVoided,
		/// The settlement's credits have matured: it can no longer be challenged.
		ChallengePeriodOver,
		/// The record credits no such contribution.
		NotCredited,
		/// The inference has no such open challenge.
		NoChallenge,
		/// The record credits the contribution: it was not left out.
		AlreadyCredited,
		/// The record has `MaxAttribution` entries: the rule's cap may have left the contribution
		/// out, which a witness cannot disprove.
		RecordFull,
		/// An unsupported-credit challenge is answered by a witness of the challenged
		/// contribution only.
		NotChallengedContribution,
		/// The answer's run does not cover the run the omission challenge showed.
		RunNotCovered,
		/// The challenge's response period is over: it can only be upheld.
		ResponsePeriodOver,
		/// The challenge can still be answered.
		ResponsePeriodNotOver,
		/// The witness is bound to another chain, inference, model version or contribution.
		WrongBinding,
		/// The output does not hash to the record's output hash.
		OutputMismatch,
		/// The witness's run has fewer tokens than `MinSpan` (or, answering an omission
		/// challenge, no more than the challenger's run).
		SpanTooShort,
		/// The output has no such run of tokens.
		SpanOutsideOutput,
		/// The revealed chunks, with the proof, are not the contribution's.
		ChunksNotInContribution,
		/// The contribution's copy does not start at a token, as the revealed chunks show it.
		SpanStartNotAToken,
		/// The copy runs past what the revealed chunks show.
		SpanBeyondChunks,
		/// The contribution's tokens there are not the run's.
		SpanTokensDiffer,
		/// The provider has no output base (`attribution.setOutputBase`): none to publish a
		/// public inference's output at, or to remove.
		NoOutputBase,
		/// The consumer asked for privacy: only the consumer may challenge the record.
		PrivateRecord,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			let pruned = Self::prune_expired(now, remaining);
			pruned.saturating_add(Self::refund_expired(now, remaining.saturating_sub(pruned)))
		}

		fn integrity_test() {
			assert!(T::DefaultFeeSplit::get().is_valid(), "the default fee split sums to 100 %");
			assert!(
				T::DefaultFeeSplit::get().pool >= T::MinPoolShare::get(),
				"the default fee split gives the pool its least part"
			);
			assert!(T::MaxBatch::get() > 0, "a batch holds at least one settlement");
			assert!(
				T::RequestLifetime::get() >= T::RefundTimeout::get(),
				"a request lives at least until its consumer may take it back"
			);
			assert!(!T::ResponsePeriod::get().is_zero(), "a challenge can be answered");
			// A credit made at block 1 matures last, relative to when it was made.
			let longest_window = T::Rewards::matures_at(One::one());
			assert!(
				T::RetentionPeriod::get() > longest_window.saturating_add(T::ResponsePeriod::get()),
				"records are kept until every challenge of them is decided"
			);
			assert!(
				T::MaxWitnessBytes::get() as u64 >=
					2 * openledger_attribution_rule::content::CHUNK_BYTES,
				"a witness may reveal the two chunks a span across a boundary needs"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Pays for an inference of `model`: its current fee (at least [`Pallet::least_fee`])
		/// moves from the caller to the escrow account until a provider settles it, or until it
		/// is refunded (see [`Pallet::refund`] and [`Config::RequestLifetime`]).
		/// `request_hash` commits to the request (for example the prompt's hash).
		///
		/// The provider publishes the output at its output URI ([`Pallet::set_output_base`]),
		/// where anyone may read it and challenge the record.
		///
		/// Errors: `ModelUnavailable`, `FeeAboveMax`, or a token error if the caller cannot
		/// afford the fee. Emits `InferenceRequested` with the new id.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::request_inference())]
		pub fn request_inference(
			origin: OriginFor<T>,
			model: ModelId,
			max_fee: BalanceOf<T>,
			request_hash: H256,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_request(consumer, model, max_fee, request_hash, false).map(|_| ())
		}

		/// Settles a pending inference: records the output and the attribution, and divides
		/// the fee. An authorised provider of the model only.
		///
		/// Errors: `NotBonded`, `UnknownInference`, `AlreadySettled`, `NotProvider`,
		/// `DuplicateEntry`, `SharesOverOne`, `OutsideLineage`. Emits `InferenceSettled` with the
		/// full record.
		#[pallet::call_index(1)]
		#[pallet::weight(SettlementWork::at_most_one(attribution.len() as u32).weight::<T::WeightInfo>())]
		pub fn settle_inference(
			origin: OriginFor<T>,
			inference: InferenceId,
			output_hash: H256,
			attribution: AttributionOf<T>,
		) -> DispatchResultWithPostInfo {
			let provider = ensure_signed(origin)?;
			// `integrity_test` makes `MaxBatch` at least one: nothing is truncated.
			let settlement = BoundedVec::truncate_from(alloc::vec![Settlement {
				inference,
				output_hash,
				attribution
			}]);
			let done = Self::do_settle_batch(&provider, settlement)?;
			Ok(Some(done.weight::<T::WeightInfo>()).into())
		}

		/// Settles many inferences at once, all or none: the first failing settlement fails the
		/// call with its error and changes nothing.
		///
		/// Each model, lineage and contribution is read once and each account owed by the batch
		/// credited once, with the sum of its shares. The weight charged up front is the most
		/// the batch could do ([`SettlementWork::at_most`]); what it shared is refunded.
		///
		/// Errors: as for `settle_inference`. Emits `InferenceSettled` for each.
		#[pallet::call_index(2)]
		#[pallet::weight(SettlementWork::at_most(settlements).weight::<T::WeightInfo>())]
		pub fn settle_batch(
			origin: OriginFor<T>,
			settlements: BoundedVec<Settlement<T>, T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let provider = ensure_signed(origin)?;
			let done = Self::do_settle_batch(&provider, settlements)?;
			Ok(Some(done.weight::<T::WeightInfo>()).into())
		}

		/// Takes back the fee of an inference nobody settled, `RefundTimeout` blocks after the
		/// request. The consumer only.
		///
		/// Errors: `UnknownInference`, `AlreadySettled`, `NotConsumer`, `TooEarly`. Emits
		/// `InferenceRefunded`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::refund())]
		pub fn refund(origin: OriginFor<T>, inference: InferenceId) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_refund(consumer, inference)
		}

		/// Sets how inference fees are divided from now on. Admin origin.
		///
		/// Errors: `InvalidFeeSplit` unless the parts sum to exactly 100 %, `PoolShareBelowMin`
		/// if the pool's part is below `MinPoolShare`. Emits
		/// `FeeSplitSet`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_fee_split())]
		pub fn set_fee_split(origin: OriginFor<T>, split: FeeSplit) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(split.is_valid(), Error::<T>::InvalidFeeSplit);
			ensure!(split.pool >= T::MinPoolShare::get(), Error::<T>::PoolShareBelowMin);
			FeeSplitOf::<T>::put(split);
			Self::deposit_event(Event::FeeSplitSet { split });
			Ok(())
		}

		/// Challenges the credit that `inference`'s record gives `contribution`, while its
		/// credits are in their challenge period: holds `ChallengeDeposit` from the caller; the
		/// record's first open challenge takes every credit of the settlement back until the
		/// last verdict (see [`challenges`]).
		///
		/// Errors: `UnknownInference` (not settled), `NotChallengeable`, `RecordVoided`,
		/// `ChallengePeriodOver`, `NotCredited`, or the deposit unaffordable. Emits
		/// `ChallengeOpened`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::challenge(T::MaxAttribution::get()))]
		pub fn challenge(
			origin: OriginFor<T>,
			inference: InferenceId,
			contribution: ContributionId,
		) -> DispatchResultWithPostInfo {
			let challenger = ensure_signed(origin)?;
			let entries_taken = Self::do_challenge(challenger, inference, contribution)?;
			Ok(Some(T::WeightInfo::challenge(entries_taken)).into())
		}

		/// Answers challenge `challenge` of `inference` with a span witness that output tokens
		/// occur verbatim in `contribution`: for an unsupported credit, at least `MinSpan` of
		/// them in the challenged contribution; for an omission, a longer run than the
		/// challenger's, covering it, in any contribution of the model version's lineage. Anyone
		/// holding the output may answer; the forfeited deposit's share goes to the provider.
		///
		/// Errors: `NoChallenge`, `ResponsePeriodOver`, `NotChallengedContribution`,
		/// `OutsideLineage`, `RunNotCovered`, `WrongBinding`, `OutputMismatch`, and for a
		/// witness that does not hold `SpanTooShort`, `SpanOutsideOutput`,
		/// `ChunksNotInContribution`, `SpanStartNotAToken`, `SpanBeyondChunks`,
		/// `SpanTokensDiffer`. Emits `ChallengeRejected`.
		#[pallet::call_index(6)]
		#[pallet::weight(evidence.answer_weight::<T::WeightInfo>())]
		pub fn answer_challenge(
			origin: OriginFor<T>,
			inference: InferenceId,
			challenge: ChallengeNumber,
			contribution: ContributionId,
			evidence: SpanEvidence<T>,
		) -> DispatchResult {
			let answerer = ensure_signed(origin)?;
			Self::do_answer(answerer, inference, challenge, contribution, evidence)
		}

		/// Upholds challenge `challenge` of `inference`, unanswered after its response period:
		/// the challenger's deposit is released; the first upheld challenge of a record voids
		/// it (its credits go to the rewards pool) and slashes the provider's bond. Anyone may
		/// call it.
		///
		/// Errors: `NoChallenge`, `ResponsePeriodNotOver`. Emits `ChallengeUpheld`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::decide_challenge())]
		pub fn decide_challenge(
			origin: OriginFor<T>,
			inference: InferenceId,
			challenge: ChallengeNumber,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_decide(inference, challenge)
		}

		/// Challenges `inference`'s record for leaving `contribution` out, with a span witness
		/// that at least `MinSpan` output tokens occur verbatim in it, while the record's
		/// credits are in their challenge period. The contribution must be in the lineage of
		/// the model version that served it, and the record must have room for it (fewer than
		/// `MaxAttribution` entries). Holds `ChallengeDeposit` from the caller, like
		/// [`Pallet::challenge`]; the provider answers with a longer run covering this one.
		///
		/// Errors: those of [`Pallet::challenge`] but `NotCredited`; `AlreadyCredited`,
		/// `RecordFull`, `OutsideLineage`, and those of a witness that does not hold (see
		/// [`Pallet::answer_challenge`]). Emits `ChallengeOpened`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::challenge_omission(
			evidence.output_bytes(),
			evidence.chunks_revealed(),
		))]
		pub fn challenge_omission(
			origin: OriginFor<T>,
			inference: InferenceId,
			contribution: ContributionId,
			evidence: SpanEvidence<T>,
		) -> DispatchResult {
			let challenger = ensure_signed(origin)?;
			Self::do_challenge_omission(challenger, inference, contribution, evidence)
		}

		/// Sets where the caller publishes the outputs of the inferences it settles: a record's
		/// output URI is `base` followed by the inference id in decimal (for example
		/// `https://gateway.example/v1/outputs/` and `42`). Records keep the URI they were
		/// settled with. The first base holds `OutputBaseDeposit`; `None` removes the base and
		/// releases it. A provider without a base can settle private inferences only.
		///
		/// Errors: the deposit unaffordable; `NoOutputBase` for `None` without a base. Emits
		/// `OutputBaseSet`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_output_base())]
		pub fn set_output_base(
			origin: OriginFor<T>,
			base: Option<OutputBase<T>>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_set_output_base(provider, base)
		}

		/// Pays for an inference like [`Pallet::request_inference`], asking that its output not
		/// be published: its record says so ([`OutputDisclosure::Private`]) and only the caller
		/// may challenge it. Nobody else can check such a record, which is the price of privacy
		/// (docs/attribution.md).
		///
		/// Errors and events as for `request_inference` (`private` set).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::request_inference())]
		pub fn request_private_inference(
			origin: OriginFor<T>,
			model: ModelId,
			max_fee: BalanceOf<T>,
			request_hash: H256,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_request(consumer, model, max_fee, request_hash, true).map(|_| ())
		}
	}
}
