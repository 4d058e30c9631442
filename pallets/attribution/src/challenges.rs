//! Challenges: anyone may dispute a settlement's credit to a contribution while its credits are
//! in their challenge period; the provider (or anyone holding the output) answers with a span
//! witness that the runtime checks itself, or the challenge is upheld.
//!
//! Opening a challenge holds the challenger's deposit and takes every credit the settlement
//! made back from its accounts ([`openledger_primitives::RewardsCredit::take_pending`]): the
//! OPEN waits in the rewards pot, so no credit can mature and be claimed while the verdict is
//! out. Then:
//! - **answered** ([`Pallet::answer_challenge`], within [`crate::Config::ResponsePeriod`]): the
//!   witness shows at least [`crate::Config::MinSpan`] tokens of the output occur verbatim in the
//!   contribution, the least the rule asks of a credited one. The credits are given back (maturing
//!   when they would have), and the challenger's deposit is forfeited: the
//!   [`crate::Config::WinnerShare`] of it to the provider, the rest to the rewards pool.
//! - **unanswered** ([`Pallet::decide_challenge`], by anyone after the response period): the record
//!   is void. Its credits go to the rewards pool, the challenger's deposit is released, and
//!   [`crate::Config::ChallengeSlash`] is taken from the provider's bond: the winner's share to the
//!   challenger, the rest to the pool.
//!
//! Voided credits go to the pool, not back to the consumer: a consumer and a provider could
//! otherwise buy an answer, void its contributors' shares by a challenge nobody answers, and
//! have most of the fee back.

use crate::{
	BalanceOf, Challenge, ChallengeableRecord, Challenges, Config, Error, Event, HoldReason,
	Inference, Inferences, Pallet, Payout, SpanEvidence,
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
	ContributionId, DatanetsInspect, InferenceId, ModelId, ModelVersion, ProviderBonds,
	RewardSource, RewardsCredit,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
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
	/// What a span witness answering a challenge of `inference`'s credit to `contribution` must
	/// carry as its binding: the BLAKE2-256 of the SCALE encoding of ([`WITNESS_DOMAIN`], the
	/// genesis hash, `inference`, `model`, `version`, `contribution`). A model version's lineage
	/// never changes, so the model version fixes the Datanet versions too.
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

	/// Opens a challenge of `inference`'s credit to `contribution`. Returns how many
	/// attribution entries the settlement had, to price the call.
	pub(crate) fn do_challenge(
		challenger: T::AccountId,
		inference: InferenceId,
		contribution: ContributionId,
	) -> Result<u32, DispatchError> {
		let settled = Self::challengeable(inference)?;
		let record = &settled.record;
		ensure!(!settled.voided, Error::<T>::RecordVoided);
		ensure!(!Challenges::<T>::contains_key(inference), Error::<T>::AlreadyChallenged);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < T::Rewards::matures_at(record.settled_at), Error::<T>::ChallengePeriodOver);
		ensure!(
			record.attribution.iter().any(|entry| entry.contribution == contribution),
			Error::<T>::NotCredited
		);
		let deposit = T::ChallengeDeposit::get();
		T::Currency::hold(&HoldReason::ChallengeDeposit.into(), &challenger, deposit)?;
		let withheld = Self::each_credit(&settled, T::Rewards::take_pending)?;
		let respond_by = now.saturating_add(T::ResponsePeriod::get());
		let provider = record.provider.clone();
		Challenges::<T>::insert(
			inference,
			Challenge {
				challenger: challenger.clone(),
				contribution,
				deposit,
				respond_by,
				provider,
				withheld,
			},
		);
		Self::deposit_event(Event::ChallengeOpened {
			inference,
			challenger,
			contribution,
			deposit,
			respond_by,
			withheld,
		});
		Ok(u32::try_from(record.attribution.len()).unwrap_or(u32::MAX))
	}

	/// Answers the open challenge of `inference` with `evidence`: if the witness holds, the
	/// challenge is rejected.
	pub(crate) fn do_answer(
		answerer: T::AccountId,
		inference: InferenceId,
		evidence: SpanEvidence<T>,
	) -> DispatchResult {
		let challenge = Challenges::<T>::get(inference).ok_or(Error::<T>::NoChallenge)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= challenge.respond_by, Error::<T>::ResponsePeriodOver);
		let settled = Self::challengeable(inference)?;
		let record = &settled.record;
		let binding =
			Self::witness_binding(inference, record.model, record.version, challenge.contribution);
		ensure!(evidence.binding == binding, Error::<T>::WrongBinding);
		ensure!(
			H256(sp_io::hashing::blake2_256(&evidence.output)) == record.output_hash,
			Error::<T>::OutputMismatch
		);
		let (root, size) =
			T::Datanets::content(challenge.contribution).ok_or(Error::<T>::OutsideLineage)?;
		let proof: Vec<[u8; 32]> = evidence.proof.iter().map(|hash| hash.0).collect();
		let witness = Witness {
			output_start: evidence.output_start,
			tokens: evidence.tokens,
			span_start: evidence.span_start,
			first_chunk: evidence.first_chunk,
			chunks: &evidence.chunks,
			proof: &proof,
		};
		witness::verify::<HostBlake2>(
			&evidence.output,
			&witness,
			&Commitment { root, size },
			T::MinSpan::get(),
		)
		.map_err(witness_error::<T>)?;

		Self::each_credit(&settled, T::Rewards::restore_pending)?;
		let (to_provider, to_pool) = Self::forfeit(&challenge)?;
		Challenges::<T>::remove(inference);
		Self::deposit_event(Event::ChallengeRejected {
			inference,
			answered_by: answerer,
			to_provider,
			to_pool,
		});
		Ok(())
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

	/// Upholds the challenge of `inference`, unanswered past its response period.
	pub(crate) fn do_decide(inference: InferenceId) -> DispatchResult {
		let challenge = Challenges::<T>::get(inference).ok_or(Error::<T>::NoChallenge)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > challenge.respond_by, Error::<T>::ResponsePeriodNotOver);
		let Challenge { challenger, deposit, provider, withheld, .. } = challenge;
		T::Currency::release(
			&HoldReason::ChallengeDeposit.into(),
			&challenger,
			deposit,
			Precision::Exact,
		)?;
		// The challenger's share first: if the bond is short, the challenger is paid before
		// the pool.
		let slash = T::ChallengeSlash::get();
		let share = T::WinnerShare::get().mul_floor(slash);
		let to_challenger = T::Bonds::slash(&provider, share, &challenger);
		let to_pool =
			T::Bonds::slash(&provider, slash.saturating_sub(share), &T::RewardsPool::get());
		if !withheld.is_zero() {
			T::Currency::transfer(
				&T::Rewards::pot(),
				&T::RewardsPool::get(),
				withheld,
				Preservation::Preserve,
			)?;
		}
		// The record may have been pruned if nobody decided for a retention period.
		Inferences::<T>::mutate(inference, |stored| {
			if let Some(Inference::Challengeable(settled)) = stored {
				settled.voided = true;
			}
		});
		Challenges::<T>::remove(inference);
		Self::deposit_event(Event::ChallengeUpheld {
			inference,
			challenger,
			provider,
			to_challenger,
			to_pool,
			voided: withheld,
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
