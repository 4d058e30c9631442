//! The records this pallet stores and returns through its runtime API.

use crate::{BalanceOf, Config};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{ContributionId, InferenceId, ModelId, ModelVersion};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// How an inference fee is divided. The four parts sum to exactly 100 %.
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
	Debug,
)]
pub struct FeeSplit {
	/// To the rewards pool.
	pub pool: Perbill,
	/// To the model's owner.
	pub model: Perbill,
	/// To the provider who served the inference.
	pub provider: Perbill,
	/// To the data contributors, by their attribution shares; what the shares leave
	/// unattributed goes to the pool.
	pub data: Perbill,
}

impl FeeSplit {
	/// Whether the parts sum to exactly 100 %.
	pub fn is_valid(&self) -> bool {
		[self.pool, self.model, self.provider, self.data]
			.iter()
			.map(|p| u64::from(p.deconstruct()))
			.sum::<u64>() ==
			u64::from(Perbill::one().deconstruct())
	}
}

/// One contribution's share of an inference's data fee.
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
	Debug,
)]
pub struct AttributionEntry {
	/// An accepted contribution inside the model version's lineage.
	pub contribution: ContributionId,
	/// Its share of the data fee; the shares of an inference sum to at most 100 %.
	pub share: Perbill,
}

/// The attribution of one inference, as settled.
pub type AttributionOf<T> = BoundedVec<AttributionEntry, <T as Config>::MaxAttribution>;

/// A paid inference waiting for its provider to settle it; its fee is held from the consumer.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct PendingInference<T: Config> {
	/// The model asked.
	pub model: ModelId,
	/// Its version when the inference was requested: the lineage the attribution must fit.
	pub version: ModelVersion,
	/// Who pays.
	pub consumer: T::AccountId,
	/// The fee held in escrow.
	pub fee: BalanceOf<T>,
	/// The consumer's commitment to the request (for example the hash of the prompt).
	pub request_hash: H256,
	/// The block it was requested in; the consumer may take the fee back `RefundTimeout`
	/// blocks later if nobody settled it.
	pub requested_at: BlockNumberFor<T>,
}

/// A settled inference: who paid whom, for which output, attributed to which data.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct AttributionRecord<T: Config> {
	/// The model that served it.
	pub model: ModelId,
	/// The model version whose lineage the attribution fits.
	pub version: ModelVersion,
	/// Who paid.
	pub consumer: T::AccountId,
	/// Who served and settled it.
	pub provider: T::AccountId,
	/// The fee paid.
	pub fee: BalanceOf<T>,
	/// The consumer's request commitment.
	pub request_hash: H256,
	/// The provider's commitment to the output.
	pub output_hash: H256,
	/// The contributions credited, with their shares of the data fee.
	pub attribution: AttributionOf<T>,
	/// How the fee was divided.
	pub payout: Payout<BalanceOf<T>>,
	/// The block it was settled in.
	pub settled_at: BlockNumberFor<T>,
}

/// Where one inference's fee went.
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
	Default,
	Debug,
)]
pub struct Payout<Balance> {
	/// To the data contributors, all entries together.
	pub data: Balance,
	/// To the model's owner.
	pub model: Balance,
	/// To the provider.
	pub provider: Balance,
	/// To the rewards pool: its share, the unattributed data share and the rounding dust.
	pub pool: Balance,
}

impl<Balance: frame_support::traits::tokens::Balance> Payout<Balance> {
	/// How `fee` divides by `split`, the data part going to entries with `shares` of it: every
	/// part is rounded down and the pool takes what is left, so the parts sum to the fee.
	/// Returns the division and each entry's data share.
	pub fn divide(
		fee: Balance,
		split: &FeeSplit,
		shares: impl Iterator<Item = Perbill>,
	) -> (Self, alloc::vec::Vec<Balance>) {
		let data_fee = split.data.mul_floor(fee);
		let data_shares: alloc::vec::Vec<Balance> =
			shares.map(|share| share.mul_floor(data_fee)).collect();
		let data = data_shares.iter().fold(Balance::zero(), |sum, s| sum.saturating_add(*s));
		let (model, provider) = (split.model.mul_floor(fee), split.provider.mul_floor(fee));
		let pool = fee.saturating_sub(data.saturating_add(model).saturating_add(provider));
		(Payout { data, model, provider, pool }, data_shares)
	}
}

/// One settlement in a batch.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Settlement<T: Config> {
	/// The inference settled.
	pub inference: InferenceId,
	/// The provider's commitment to the output.
	pub output_hash: H256,
	/// The contributions credited, with their shares of the data fee.
	pub attribution: AttributionOf<T>,
}

/// A settled inference that can still be challenged: its record with what a verdict needs to
/// undo its credits, as they were when it was settled.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct ChallengeableRecord<T: Config> {
	/// The record.
	pub record: AttributionRecord<T>,
	/// The model's owner, who was credited the model's part.
	pub owner: T::AccountId,
	/// The fee split it was divided by.
	pub split: FeeSplit,
	/// Whether an upheld challenge voided it: its credits went to the rewards pool.
	pub voided: bool,
	/// How many challenges were ever opened against it: the next one's number.
	pub challenges: ChallengeNumber,
	/// How many of them wait for their verdict.
	pub open: u32,
	/// What the settlement credited, taken back from its accounts when its first open challenge
	/// was opened and waiting in the rewards pot until the last verdict; zero while no
	/// challenge is open, and once voided.
	pub withheld: BalanceOf<T>,
	/// Where the output can be read, and so who may challenge the record.
	pub disclosure: OutputDisclosure<OutputUri<T>>,
}

/// A provider's output base: a record's output URI is it followed by the inference id in
/// decimal.
pub type OutputBase<T> = BoundedVec<u8, <T as Config>::MaxOutputBaseBytes>;

/// The URI a record's output is published at: [`OutputBase`] and up to 20 digits.
pub type OutputUri<T> = BoundedVec<u8, OutputUriBytes<T>>;

/// The bound of [`OutputUri`]: `MaxOutputBaseBytes` and the 20 digits of the largest id.
pub struct OutputUriBytes<T>(core::marker::PhantomData<T>);

impl<T: Config> frame_support::traits::Get<u32> for OutputUriBytes<T> {
	fn get() -> u32 {
		T::MaxOutputBaseBytes::get().saturating_add(20)
	}
}

/// How a settled inference's output is disclosed, which decides who may challenge its record:
/// a challenge needs the output, to name a credit it does not support or to show a run the
/// record leaves out.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum OutputDisclosure<Uri> {
	/// Settled before outputs were published (before spec 111): anyone may challenge.
	#[codec(index = 0)]
	Unstated,
	/// The provider publishes the output at this URI: anyone may challenge.
	#[codec(index = 1)]
	Published(Uri),
	/// The consumer asked for privacy ([`crate::Pallet::request_private_inference`]): the output
	/// is not published, and only the consumer, who holds it, may challenge.
	#[codec(index = 2)]
	Private,
}

impl<Uri> OutputDisclosure<Uri> {
	/// Whether `who` may challenge a record disclosed so, whose consumer is `consumer`.
	pub fn may_challenge<AccountId: PartialEq>(
		&self,
		who: &AccountId,
		consumer: &AccountId,
	) -> bool {
		!matches!(self, OutputDisclosure::Private) || who == consumer
	}
}

/// A challenge's number among its record's challenges, from 0.
pub type ChallengeNumber = u32;

/// What a challenge disputes about a record's treatment of one contribution.
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
	Debug,
)]
pub enum Dispute {
	/// The record credits the contribution, and nothing shows that the output has a run of
	/// `MinSpan` tokens in it: the provider must answer with a span witness that it has.
	#[codec(index = 0)]
	UnsupportedCredit,
	/// The record leaves the contribution out, but the challenger proved that `tokens` output
	/// tokens from `output_start` occur verbatim in it, at least `MinSpan`: the rule keeps such
	/// a contribution unless a longer run covers that one, so the provider must answer with a
	/// span witness of a lineage contribution holding a longer run that covers it.
	#[codec(index = 1)]
	Omission {
		/// The output token the challenger's run starts at.
		output_start: u32,
		/// How many tokens it has.
		tokens: u32,
	},
}

/// An open challenge of a settled inference's treatment of one contribution.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Challenge<T: Config> {
	/// Who challenged, and holds the deposit.
	pub challenger: T::AccountId,
	/// The contribution whose treatment is disputed.
	pub contribution: ContributionId,
	/// What is disputed.
	pub dispute: Dispute,
	/// The challenger's deposit, held until the verdict.
	pub deposit: BalanceOf<T>,
	/// The last block in which a span witness answers it.
	pub respond_by: BlockNumberFor<T>,
	/// The provider who settled the inference, whose bond answers for it.
	pub provider: T::AccountId,
}

/// A span witness, opening an omission challenge or answering a challenge: the output, a run of
/// its tokens, and the chunks of a contribution holding the same tokens, with their range proof
/// (`openledger_attribution_rule::witness`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct SpanEvidence<T: Config> {
	/// [`crate::Pallet::witness_binding`] of the inference and the contribution it shows the
	/// run in: the chain, the inference, its model version (and so the Datanet versions of its
	/// lineage) and the contribution.
	pub binding: H256,
	/// The output's bytes: they must hash (BLAKE2-256) to the record's output hash.
	pub output: BoundedVec<u8, T::MaxOutputBytes>,
	/// The output token the run starts at.
	pub output_start: u32,
	/// How many tokens the run has: at least [`Config::MinSpan`], and more than the run it
	/// answers an omission challenge about.
	pub tokens: u32,
	/// The byte of the contribution where its copy of the run starts.
	pub span_start: u64,
	/// The first chunk revealed.
	pub first_chunk: u64,
	/// The revealed chunks' bytes.
	pub chunks: BoundedVec<u8, T::MaxWitnessBytes>,
	/// Their range proof under the contribution's content root.
	pub proof: BoundedVec<H256, T::MaxProofHashes>,
}

impl<T: Config> SpanEvidence<T> {
	/// How many bytes the output has: with the chunks revealed, what checking the witness
	/// costs.
	pub fn output_bytes(&self) -> u32 {
		u32::try_from(self.output.len()).unwrap_or(u32::MAX)
	}

	/// How many chunks the witness reveals (a last, shorter chunk of a file counts whole).
	pub fn chunks_revealed(&self) -> u32 {
		let chunk = openledger_attribution_rule::content::CHUNK_BYTES as usize;
		u32::try_from(self.chunks.len().div_ceil(chunk)).unwrap_or(u32::MAX)
	}

	/// What answering a challenge with it may cost: the costlier of an unsupported credit's
	/// answer (a record of up to `MaxAttribution` credits to give back) and an omission's (one
	/// fewer, and the lineage read).
	pub fn answer_weight<W: crate::WeightInfo>(&self) -> frame_support::weights::Weight {
		let (bytes, chunks) = (self.output_bytes(), self.chunks_revealed());
		W::answer_challenge(bytes, chunks).max(W::answer_omission(bytes, chunks))
	}
}

/// An inference, from its request until its record is pruned.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub enum Inference<T: Config> {
	/// Paid for under storage version 0, its fee held on the consumer's account
	/// ([`crate::HoldReason::InferenceEscrow`]). The migration to version 1
	/// ([`crate::migrations::v1`]) moves every such fee to the escrow account and the request
	/// to [`Inference::Pending`] before any transaction runs, so no code path meets one.
	#[codec(index = 0)]
	PendingHeld(PendingInference<T>),
	/// Settled before spec 110, which kept no terms to undo it by: it cannot be challenged.
	/// Kept for `RetentionPeriod` blocks.
	#[codec(index = 1)]
	Settled(AttributionRecord<T>),
	/// Paid for; its fee waits in the pallet's escrow account ([`crate::Pallet::escrow`])
	/// until it is settled or refunded. Its provider will publish the output.
	#[codec(index = 2)]
	Pending(PendingInference<T>),
	/// Settled, and open to challenges until its credits mature. Kept for `RetentionPeriod`
	/// blocks.
	#[codec(index = 3)]
	Challengeable(ChallengeableRecord<T>),
	/// Paid for like [`Inference::Pending`], by a consumer who asked for privacy: the output is
	/// not published, and only the consumer may challenge the record.
	#[codec(index = 4)]
	PendingPrivate(PendingInference<T>),
}

impl<T: Config> Inference<T> {
	/// The inference waiting to be settled, if it is one.
	pub fn pending(self) -> Option<PendingInference<T>> {
		match self {
			Inference::Pending(pending) | Inference::PendingPrivate(pending) => Some(pending),
			_ => None,
		}
	}

	/// The attribution record of the inference, if it was settled.
	pub fn record(&self) -> Option<&AttributionRecord<T>> {
		match self {
			Inference::Settled(record) => Some(record),
			Inference::Challengeable(settled) => Some(&settled.record),
			Inference::Pending(_) | Inference::PendingPrivate(_) | Inference::PendingHeld(_) =>
				None,
		}
	}
}

/// The inferences one call settled, as the settlement queue keeps them until they expire.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct QueuedSettlements<T: Config> {
	/// The block they were settled in; they expire together.
	pub settled_at: BlockNumberFor<T>,
	/// Their ids.
	pub inferences: BoundedVec<InferenceId, T::MaxBatch>,
}

/// Where a settled record stands with challenges (`AttributionApi::standing`).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordStanding<BlockNumber> {
	/// The block its credits become claimable at: a challenge may be opened before it.
	pub matures_at: BlockNumber,
	/// Whether an upheld challenge voided it (its credits went to the rewards pool).
	pub voided: bool,
	/// How many challenges were ever opened against it.
	pub challenges: ChallengeNumber,
	/// Its open challenges, by number.
	pub open: alloc::vec::Vec<OpenChallenge<BlockNumber>>,
}

/// An open challenge, as [`RecordStanding`] lists it (the challenger and the deposit are in
/// storage, `Challenges`).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct OpenChallenge<BlockNumber> {
	/// Its number among the record's challenges.
	pub number: ChallengeNumber,
	/// The contribution whose treatment it disputes.
	pub contribution: ContributionId,
	/// What it disputes.
	pub dispute: Dispute,
	/// The last block in which a span witness answers it.
	pub respond_by: BlockNumber,
}

/// One page of a model's attribution records.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordPage<Record> {
	/// The records on this page, with their inference ids.
	pub items: alloc::vec::Vec<(InferenceId, Record)>,
	/// Pass this as the cursor to get the next page; `None` on the last page.
	pub next_cursor: Option<InferenceId>,
}

/// One contribution's credit from a settled inference's data fee.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DataCredit<AccountId, Balance> {
	/// The contribution credited.
	pub contribution: crate::ContributionId,
	/// Who contributed it (`None` if the chain no longer holds it as accepted).
	pub contributor: Option<AccountId>,
	/// What it was credited.
	pub amount: Balance,
}

/// Where an inference's fee went, as far as the chain knows now.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum InferenceOutcome<AccountId, Balance> {
	/// Paid for, waiting in escrow for its provider; refunded to its consumer if nobody settles
	/// it in time.
	Pending,
	/// Settled: the fee was divided as `payout` says, the model's part to `model_owner`, the
	/// provider's to `provider`, the data's as `credits`, and the rest to the rewards pool.
	/// `voided` if an upheld challenge sent the credits to the rewards pool instead.
	Settled {
		/// Who served and settled it.
		provider: AccountId,
		/// Who was credited the model's part (`None` if the model is gone).
		model_owner: Option<AccountId>,
		/// How the fee was divided.
		payout: Payout<Balance>,
		/// Each contribution's part of `payout.data`.
		credits: alloc::vec::Vec<DataCredit<AccountId, Balance>>,
		/// Whether an upheld challenge voided the record.
		voided: bool,
	},
}
