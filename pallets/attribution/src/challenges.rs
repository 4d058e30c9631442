//! Challenges: anyone may dispute how a settlement treated a contribution while its credits are
//! in their challenge period, and the runtime decides by span witnesses it checks itself.
//!
//! A challenger needs the output: the provider publishes it at the record's output URI
//! ([`crate::OutputDisclosure::Published`]). A consumer who asked for privacy gets no published
//! output, so nobody else can check the record: only that consumer may challenge it
//! ([`crate::OutputDisclosure::Private`], `PrivateRecord` otherwise).
//!
//! - An **unsupported credit** ([`Pallet::challenge`]) names a credited contribution: the provider
//!   (or anyone holding the output) must answer with a witness that at least
//!   [`crate::Config::MinSpan`] tokens of the output occur verbatim in it, the least the rule asks
//!   of a credited one.
//! - An **omission** ([`Pallet::challenge_omission`]) shows a witness that at least `MinSpan`
//!   output tokens occur in a lineage contribution the record leaves out. The rule credits every
//!   contribution holding a maximal run of the output, so the contribution was rightly left out
//!   only if a longer run covers the challenger's: a run starting at the same token found
//!   elsewhere, or the run of the token before it (the rule's spans are maximal). The provider
//!   answers with a witness of such a run in any lineage contribution. A record already holding
//!   `MaxAttribution` entries cannot be challenged so, since the rule's cap may have left the
//!   contribution out.
//!
//! A record may have any number of challenges open at once: one challenge (the provider's own
//! among them) never keeps another out until the challenge period is over. The record's first open
//! challenge takes every credit the settlement made back from its accounts
//! ([`openledger_primitives::RewardsCredit::take_pending`]): the OPEN waits in the rewards pot,
//! so no credit can mature and be claimed while a verdict is out. Then, for each challenge:
//! - **answered** ([`Pallet::answer_challenge`], within [`crate::Config::ResponsePeriod`]): the
//!   challenger's deposit is forfeited, the [`crate::Config::WinnerShare`] of it to the provider,
//!   the rest to the rewards pool. When the record's last open challenge is answered, the credits
//!   are given back, maturing when they would have.
//! - **unanswered** ([`Pallet::decide_challenge`], by anyone after the response period): the
//!   challenger's deposit is released. The first challenge of a record upheld voids it: its credits
//!   go to the rewards pool and [`crate::Config::ChallengeSlash`] is taken from the provider's
//!   bond, the winner's share to the challenger, the rest to the pool. A record is voided, and its
//!   provider slashed for it, once.
//!
//! Voided credits go to the pool, not back to the consumer: a consumer and a provider could
//! otherwise buy an answer, void its contributors' shares by a challenge nobody answers, and
//! have most of the fee back. A record keeps its place past its retention period while a
//! challenge of it is open, and goes with its last verdict.

use crate::{
	AttributionRecord, BalanceOf, Challenge, ChallengeNumber, ChallengeableRecord, Challenges,
	Config, Dispute, Error, Event, HoldReason, Inference, Inferences, Pallet, Payout,
	RecordsByModel, SpanEvidence,
};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_attribution_rule::{
	content::Commitment,
	witness::{self, Witness, WitnessError},
};
use openledger_primitives::{
	ContributionId, DatanetsInspect, InferenceId, ModelId, ModelVersion, ModelsInspect,
	ProviderBonds, RewardSource, RewardsCredit,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult,
};

/// What a span witness's binding hashes first, so that it can mean nothing else.
pub const WITNESS_DOMAIN: &[u8] = b"openledger/span-witness/v1";

/// The runtime's BLAKE2-256 (a host function), for the attribution rule.
pub struct HostBlake2;

impl openledger_attribution_rule::Hasher for HostBlake2 {
	fn hash(data: &[u8]) -> [u8; 32] {
		sp_io::hashing::blake2_256(data)
	}
}

/// One credit a settlement made: to whom, from which share, how much, with what score.
struct SettledCredit<T: Config> {
	who: T::AccountId,
	source: RewardSource,
	amount: BalanceOf<T>,
	score: BalanceOf<T>,
}

impl<T: Config> Pallet<T> {
	/// What a span witness of a run of `inference`'s output in `contribution` must carry as its
	/// binding, whether it opens a challenge or answers one: the BLAKE2-256 of the SCALE encoding
	/// of ([`WITNESS_DOMAIN`], the genesis hash, `inference`, `model`, `version`, `contribution`).
	/// A model version's lineage never changes, so the model version fixes the Datanet versions
	/// too.
	pub fn witness_binding(
		inference: InferenceId,
		model: ModelId,
		version: ModelVersion,
		contribution: ContributionId,
	) -> H256 {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let bound = (WITNESS_DOMAIN, genesis, inference, model, version, contribution);
		H256(sp_io::hashing::blake2_256(&bound.encode()))
	}

	/// The record of `inference`, if it can be challenged.
	fn challengeable(inference: InferenceId) -> Result<ChallengeableRecord<T>, DispatchError> {
		match Inferences::<T>::get(inference) {
			Some(Inference::Challengeable(settled)) => Ok(settled),
			Some(Inference::Settled(_)) => Err(Error::<T>::NotChallengeable.into()),
			_ => Err(Error::<T>::UnknownInference.into()),
		}
	}

	/// The credits the settlement of `settled` made, recomputed as `share_out` made them.
	fn settled_credits(
		settled: &ChallengeableRecord<T>,
	) -> Result<Vec<SettledCredit<T>>, DispatchError> {
		let record = &settled.record;
		let shares = record.attribution.iter().map(|entry| entry.share);
		let (payout, data_shares) = Payout::divide(record.fee, &settled.split, shares);
		let pool_share = settled.split.pool.mul_floor(record.fee);
		let none = Zero::zero();
		let mut credits = Vec::with_capacity(record.attribution.len().saturating_add(2));
		credits.push(SettledCredit {
			who: settled.owner.clone(),
			source: RewardSource::Model,
			amount: payout.model,
			score: none,
		});
		credits.push(SettledCredit {
			who: record.provider.clone(),
			source: RewardSource::Provider,
			amount: payout.provider,
			score: none,
		});
		for (entry, amount) in record.attribution.iter().zip(data_shares) {
			// Accepted contributions stay accepted: the contributor credited is still there.
			let accepted = T::Datanets::accepted_contribution(entry.contribution)
				.ok_or(Error::<T>::OutsideLineage)?;
			credits.push(SettledCredit {
				who: accepted.contributor,
				source: RewardSource::Data,
				amount,
				score: entry.share.mul_floor(pool_share),
			});
		}
		Ok(credits)
	}

	/// Applies `apply` (taking back or restoring) to every credit the settlement of `settled`
	/// made; returns what they add up to.
	fn each_credit(
		settled: &ChallengeableRecord<T>,
		apply: impl Fn(
			&T::AccountId,
			BalanceOf<T>,
			RewardSource,
			BalanceOf<T>,
			BlockNumberFor<T>,
		) -> DispatchResult,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut total = BalanceOf::<T>::zero();
		for credit in Self::settled_credits(settled)? {
			apply(
				&credit.who,
				credit.amount,
				credit.source,
				credit.score,
				settled.record.settled_at,
			)?;
			total.saturating_accrue(credit.amount);
		}
		Ok(total)
	}

	/// The record of `inference`, if `challenger` may open a challenge of it now.
	fn open_to_challenge(
		challenger: &T::AccountId,
		inference: InferenceId,
	) -> Result<ChallengeableRecord<T>, DispatchError> {
		let settled = Self::challengeable(inference)?;
		ensure!(
			settled.disclosure.may_challenge(challenger, &settled.record.consumer),
			Error::<T>::PrivateRecord
		);
		ensure!(!settled.voided, Error::<T>::RecordVoided);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			now < T::Rewards::matures_at(settled.record.settled_at),
			Error::<T>::ChallengePeriodOver
		);
		Ok(settled)
	}

	/// Whether `contribution` was accepted into a Datanet version of the lineage of `version` of
	/// `model`.
	fn ensure_in_lineage(
		model: ModelId,
		version: ModelVersion,
		contribution: ContributionId,
	) -> DispatchResult {
		let lineage = T::Models::lineage(model, version).unwrap_or_default();
		let accepted =
			T::Datanets::accepted_contribution(contribution).ok_or(Error::<T>::OutsideLineage)?;
		ensure!(lineage.holds(&accepted, T::Datanets::version_size), Error::<T>::OutsideLineage);
		Ok(())
	}

	/// Checks that `evidence` proves a run of at least `least` tokens of `inference`'s output
	/// (whose record is `record`) in `contribution`, bound to them.
	fn check_witness(
		inference: InferenceId,
		record: &AttributionRecord<T>,
		contribution: ContributionId,
		evidence: &SpanEvidence<T>,
		least: u32,
	) -> DispatchResult {
		let binding = Self::witness_binding(inference, record.model, record.version, contribution);
		ensure!(evidence.binding == binding, Error::<T>::WrongBinding);
		ensure!(
			H256(sp_io::hashing::blake2_256(&evidence.output)) == record.output_hash,
			Error::<T>::OutputMismatch
		);
		let (root, size) = T::Datanets::content(contribution).ok_or(Error::<T>::OutsideLineage)?;
		let proof: Vec<[u8; 32]> = evidence.proof.iter().map(|hash| hash.0).collect();
		let witness = Witness {
			output_start: evidence.output_start,
			tokens: evidence.tokens,
			span_start: evidence.span_start,
			first_chunk: evidence.first_chunk,
			chunks: &evidence.chunks,
			proof: &proof,
		};
		witness::verify::<HostBlake2>(&evidence.output, &witness, &Commitment { root, size }, least)
			.map_err(witness_error::<T>)
	}

	/// Opens challenge of `settled`, the record of `inference`, by `challenger`: holds the
	/// deposit and, if it is the record's first open challenge, takes the settlement's credits
	/// back. Returns how many attribution entries were taken back (none if they were already),
	/// to price the call.
	fn open_challenge(
		challenger: T::AccountId,
		inference: InferenceId,
		mut settled: ChallengeableRecord<T>,
		contribution: ContributionId,
		dispute: Dispute,
	) -> Result<u32, DispatchError> {
		let number = settled.challenges;
		settled.challenges = number.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let deposit = T::ChallengeDeposit::get();
		T::Currency::hold(&HoldReason::ChallengeDeposit.into(), &challenger, deposit)?;
		let (withheld, entries) = if settled.open == 0 {
			let withheld = Self::each_credit(&settled, T::Rewards::take_pending)?;
			settled.withheld = withheld;
			(withheld, u32::try_from(settled.record.attribution.len()).unwrap_or(u32::MAX))
		} else {
			(Zero::zero(), 0)
		};
		settled.open.saturating_inc();
		let respond_by =
			frame_system::Pallet::<T>::block_number().saturating_add(T::ResponsePeriod::get());
		let provider = settled.record.provider.clone();
		Inferences::<T>::insert(inference, Inference::Challengeable(settled));
		Challenges::<T>::insert(
			inference,
			number,
			Challenge {
				challenger: challenger.clone(),
				contribution,
				dispute,
				deposit,
				respond_by,
				provider,
			},
		);
		Self::deposit_event(Event::ChallengeOpened {
			inference,
			challenge: number,
			challenger,
			contribution,
			dispute,
			deposit,
			respond_by,
			withheld,
		});
		Ok(entries)
	}

	/// Opens a challenge of `inference`'s credit to `contribution`. Returns how many
	/// attribution entries it took back, to price the call.
	pub(crate) fn do_challenge(
		challenger: T::AccountId,
		inference: InferenceId,
		contribution: ContributionId,
	) -> Result<u32, DispatchError> {
		let settled = Self::open_to_challenge(&challenger, inference)?;
		ensure!(
			settled
				.record
				.attribution
				.iter()
				.any(|entry| entry.contribution == contribution),
			Error::<T>::NotCredited
		);
		Self::open_challenge(
			challenger,
			inference,
			settled,
			contribution,
			Dispute::UnsupportedCredit,
		)
	}

	/// Opens a challenge of `inference`'s record for leaving `contribution` out, proven present
	/// by `evidence`.
	pub(crate) fn do_challenge_omission(
		challenger: T::AccountId,
		inference: InferenceId,
		contribution: ContributionId,
		evidence: SpanEvidence<T>,
	) -> DispatchResult {
		let settled = Self::open_to_challenge(&challenger, inference)?;
		let record = &settled.record;
		ensure!(
			!record.attribution.iter().any(|entry| entry.contribution == contribution),
			Error::<T>::AlreadyCredited
		);
		ensure!(
			record.attribution.len() < T::MaxAttribution::get() as usize,
			Error::<T>::RecordFull
		);
		Self::ensure_in_lineage(record.model, record.version, contribution)?;
		Self::check_witness(inference, record, contribution, &evidence, T::MinSpan::get())?;
		let dispute =
			Dispute::Omission { output_start: evidence.output_start, tokens: evidence.tokens };
		Self::open_challenge(challenger, inference, settled, contribution, dispute).map(|_| ())
	}

	/// Answers challenge `number` of `inference` with `evidence` of a run in `contribution`:
	/// if the witness holds, the challenge is rejected.
	pub(crate) fn do_answer(
		answerer: T::AccountId,
		inference: InferenceId,
		number: ChallengeNumber,
		contribution: ContributionId,
		evidence: SpanEvidence<T>,
	) -> DispatchResult {
		let challenge = Challenges::<T>::get(inference, number).ok_or(Error::<T>::NoChallenge)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= challenge.respond_by, Error::<T>::ResponsePeriodOver);
		let settled = Self::challengeable(inference)?;
		let record = &settled.record;
		let least = match challenge.dispute {
			Dispute::UnsupportedCredit => {
				ensure!(
					contribution == challenge.contribution,
					Error::<T>::NotChallengedContribution
				);
				T::MinSpan::get()
			},
			Dispute::Omission { output_start, tokens } => {
				Self::ensure_in_lineage(record.model, record.version, contribution)?;
				let covers = evidence.output_start <= output_start &&
					evidence.output_start.saturating_add(evidence.tokens) >=
						output_start.saturating_add(tokens);
				ensure!(covers, Error::<T>::RunNotCovered);
				tokens.saturating_add(1).max(T::MinSpan::get())
			},
		};
		Self::check_witness(inference, record, contribution, &evidence, least)?;

		let (to_provider, to_pool) = Self::forfeit(&challenge)?;
		Challenges::<T>::remove(inference, number);
		let restored = Self::close_challenge(inference, settled)?;
		Self::deposit_event(Event::ChallengeRejected {
			inference,
			challenge: number,
			answered_by: answerer,
			to_provider,
			to_pool,
			restored,
		});
		Ok(())
	}

	/// Counts a verdict on one of `settled`'s challenges: after its last open challenge, gives
	/// the credits back unless the record was voided, and lets go of a record kept past its
	/// retention period for its challenges. Returns what was given back.
	fn close_challenge(
		inference: InferenceId,
		mut settled: ChallengeableRecord<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		settled.open.saturating_dec();
		if settled.open > 0 {
			Inferences::<T>::insert(inference, Inference::Challengeable(settled));
			return Ok(Zero::zero());
		}
		let restored = if settled.voided {
			Zero::zero()
		} else {
			Self::each_credit(&settled, T::Rewards::restore_pending)?
		};
		settled.withheld = Zero::zero();
		let now = frame_system::Pallet::<T>::block_number();
		if settled.record.settled_at.saturating_add(T::RetentionPeriod::get()) <= now {
			RecordsByModel::<T>::remove(settled.record.model, inference);
			Inferences::<T>::remove(inference);
		} else {
			Inferences::<T>::insert(inference, Inference::Challengeable(settled));
		}
		Ok(restored)
	}

	/// Moves a rejected challenge's deposit: the winner's share to the provider, the rest to the
	/// rewards pool. Returns both parts.
	fn forfeit(challenge: &Challenge<T>) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let to_provider = T::WinnerShare::get().mul_floor(challenge.deposit);
		let to_pool = challenge.deposit.saturating_sub(to_provider);
		let reason = HoldReason::ChallengeDeposit.into();
		for (to, amount) in [(&challenge.provider, to_provider), (&T::RewardsPool::get(), to_pool)]
		{
			if !amount.is_zero() {
				T::Currency::transfer_on_hold(
					&reason,
					&challenge.challenger,
					to,
					amount,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Force,
				)?;
			}
		}
		Ok((to_provider, to_pool))
	}

	/// Upholds challenge `number` of `inference`, unanswered past its response period.
	pub(crate) fn do_decide(inference: InferenceId, number: ChallengeNumber) -> DispatchResult {
		let challenge = Challenges::<T>::get(inference, number).ok_or(Error::<T>::NoChallenge)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > challenge.respond_by, Error::<T>::ResponsePeriodNotOver);
		let mut settled = Self::challengeable(inference)?;
		let Challenge { challenger, deposit, provider, .. } = challenge;
		T::Currency::release(
			&HoldReason::ChallengeDeposit.into(),
			&challenger,
			deposit,
			Precision::Exact,
		)?;
		let (to_challenger, to_pool, voided) = if settled.voided {
			Default::default()
		} else {
			// The challenger's share first: if the bond is short, the challenger is paid
			// before the pool.
			let slash = T::ChallengeSlash::get();
			let share = T::WinnerShare::get().mul_floor(slash);
			let to_challenger = T::Bonds::slash(&provider, share, &challenger);
			let to_pool =
				T::Bonds::slash(&provider, slash.saturating_sub(share), &T::RewardsPool::get());
			let voided = core::mem::take(&mut settled.withheld);
			if !voided.is_zero() {
				T::Currency::transfer(
					&T::Rewards::pot(),
					&T::RewardsPool::get(),
					voided,
					Preservation::Preserve,
				)?;
			}
			settled.voided = true;
			(to_challenger, to_pool, voided)
		};
		Challenges::<T>::remove(inference, number);
		Self::close_challenge(inference, settled)?;
		Self::deposit_event(Event::ChallengeUpheld {
			inference,
			challenge: number,
			challenger,
			provider,
			to_challenger,
			to_pool,
			voided,
		});
		Ok(())
	}
}

/// The pallet's error for a witness that does not hold.
fn witness_error<T: Config>(error: WitnessError) -> DispatchError {
	match error {
		WitnessError::ShortSpan => Error::<T>::SpanTooShort,
		WitnessError::OutsideOutput => Error::<T>::SpanOutsideOutput,
		WitnessError::Chunks(_) => Error::<T>::ChunksNotInContribution,
		WitnessError::NoTokenStart => Error::<T>::SpanStartNotAToken,
		WitnessError::BeyondChunks => Error::<T>::SpanBeyondChunks,
		WitnessError::TokensDiffer => Error::<T>::SpanTokensDiffer,
	}
	.into()
}
