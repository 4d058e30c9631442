//! Benchmarks of each kind of work settling does, one kind a benchmark, at its worst case: a
//! call's weight is their sum over what it did ([`SettlementWork`]). Also requesting, refunding
//! and one pruning step.

use super::*;
use crate::{challenges::HostBlake2, credits::Credits, reads::ChainReads};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate, MutateHold},
};
use frame_system::RawOrigin;
use openledger_attribution_rule::content;
use openledger_primitives::{
	DatanetsInspect, ModelsInspect, ProviderBonds, RewardSource, RewardsCredit,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Bounded, One, Saturating},
	Perbill,
};

/// The most items the benchmarks of reads and credits read or credit: their weights grow
/// linearly beyond it.
const ITEMS: u32 = 256;

/// A model served by `provider`, trained on `MaxAttribution` contributions from
/// `contributors` accounts, and a consumer funded for `requests` inferences of it.
fn setup<T: Config>(
	provider: &T::AccountId,
	requests: u32,
	contributors: u32,
) -> Result<(ModelId, Vec<ContributionId>, T::AccountId), BenchmarkError> {
	let owner: T::AccountId = account("owner", 0, 0);
	let (model, contributions) =
		T::Models::model_for_benchmark(&owner, provider, T::MaxAttribution::get(), contributors);
	T::Bonds::bond_for_benchmark(provider);
	publishing::<T>(provider)?;
	let fee = T::Models::inference_fee(model).ok_or(BenchmarkError::Stop("no model"))?;
	let consumer: T::AccountId = account("consumer", 0, 0);
	let funds = fee
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(requests.saturating_add(1).into());
	T::Currency::set_balance(&consumer, funds);
	Ok((model, contributions, consumer))
}

/// The longest output base there may be.
fn longest_base<T: Config>() -> OutputBase<T> {
	let bytes = alloc::vec![b'a'; T::MaxOutputBaseBytes::get() as usize];
	OutputBase::<T>::truncate_from(bytes)
}

/// `provider` publishes outputs at the longest base there may be, so that every record's URI
/// is as long as it can be.
fn publishing<T: Config>(provider: &T::AccountId) -> Result<(), BenchmarkError> {
	let deposit = T::OutputBaseDeposit::get();
	T::Currency::mint_into(provider, deposit.saturating_add(T::Currency::minimum_balance()))?;
	Pallet::<T>::do_set_output_base(provider.clone(), Some(longest_base::<T>()))?;
	Ok(())
}

/// `consumer` pays for `count` inferences of `model`; returns their ids.
fn requests<T: Config>(
	consumer: &T::AccountId,
	model: ModelId,
	count: u32,
) -> Result<Vec<InferenceId>, BenchmarkError> {
	(0..count)
		.map(|_| {
			let id = NextInferenceId::<T>::get();
			Pallet::<T>::do_request(
				consumer.clone(),
				model,
				<BalanceOf<T> as Bounded>::max_value(),
				H256::zero(),
				false,
			)?;
			Ok(id)
		})
		.collect()
}

/// The first `a` contributions, sharing the data fee equally.
fn attribution<T: Config>(
	contributions: &[ContributionId],
	a: u32,
) -> Result<AttributionOf<T>, BenchmarkError> {
	let share = Perbill::from_rational(1, a.max(1));
	contributions
		.iter()
		.take(a as usize)
		.map(|contribution| AttributionEntry { contribution: *contribution, share })
		.collect::<Vec<_>>()
		.try_into()
		.map_err(|_| BenchmarkError::Stop("more entries than MaxAttribution"))
}

/// `settlements` as one batch.
fn as_batch<T: Config>(
	settlements: Vec<Settlement<T>>,
) -> Result<BoundedVec<Settlement<T>, T::MaxBatch>, BenchmarkError> {
	settlements
		.try_into()
		.map_err(|_| BenchmarkError::Stop("more settlements than MaxBatch"))
}

/// Funds the rewards pot for two credits of the least balance to each of `accounts` accounts, and
/// a pool part.
fn fund_pot<T: Config>(accounts: u32) -> Result<(), BenchmarkError> {
	let pot = T::Rewards::pot();
	let funds = T::Currency::minimum_balance()
		.saturating_mul(accounts.saturating_mul(2).saturating_add(2).into());
	T::Currency::set_balance(&pot, T::Currency::balance(&pot).saturating_add(funds));
	Ok(())
}

/// A data share of the least balance, with a score, owed to each of `accounts` contributors.
fn owe_each<T: Config>(accounts: u32) -> Credits<T> {
	let amount = T::Currency::minimum_balance();
	let mut credits = Credits::<T>::default();
	for i in 0..accounts {
		credits.owe(account("contributor", i, 0), RewardSource::Data, amount, amount);
	}
	credits
}

/// Text cycling through ten words, `len` bytes of it: outputs and contributions that share runs
/// of tokens wherever they are cut.
fn cycled_text(len: usize) -> Vec<u8> {
	const WORDS: &[u8] = b"alpha beta gamma delta epsilon zeta eta theta iota kappa ";
	WORDS.iter().copied().cycle().take(len).collect()
}

/// The size of the contribution a challenge benchmark proves spans of: 1,024 chunks, so that a
/// range in its middle has a proof as deep as a 1 MiB file's.
const BENCHMARK_FILE_BYTES: usize = 1024 * 1024;

/// Opens challenge 0 of `id` with `open` at the last block of its challenge period and moves to
/// the last block of its response period: the credits, given back after they would have
/// matured, are claimable at once, which writes each account's claimable rewards too (the
/// costlier way back).
fn challenged_late<T: Config>(
	id: InferenceId,
	open: impl FnOnce() -> sp_runtime::DispatchResult,
) -> Result<(), BenchmarkError> {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(
		T::Rewards::matures_at(now).saturating_sub(One::one()),
	);
	open()?;
	let respond_by = Challenges::<T>::get(id, 0)
		.map(|c| c.respond_by)
		.ok_or(BenchmarkError::Stop("open"))?;
	frame_system::Pallet::<T>::set_block_number(respond_by);
	Ok(())
}

/// A file of [`BENCHMARK_FILE_BYTES`] of [`cycled_text`], committed to as the content of each of
/// `contributions`.
fn committed_file<T: Config>(contributions: &[ContributionId]) -> Vec<u8> {
	let file = cycled_text(BENCHMARK_FILE_BYTES);
	let commitment = content::Commitment::of::<HostBlake2>(&file);
	for contribution in contributions {
		T::Datanets::set_content_for_benchmark(*contribution, commitment.root, commitment.size);
	}
	file
}

/// A span witness of `tokens` tokens of `output` from token `output_start`, found in `file`
/// (the content of `contribution`) through `c` chunks from its middle, bound to inference `id`
/// of version 1 of `model`. The run must start with one of [`cycled_text`]'s first two words.
fn span_evidence<T: Config>(
	id: InferenceId,
	model: ModelId,
	contribution: ContributionId,
	output: &[u8],
	output_start: u32,
	tokens: u32,
	file: &[u8],
	c: u32,
) -> Result<SpanEvidence<T>, BenchmarkError> {
	// The file's copy starts where its cycle next starts at least four bytes into the window,
	// past "alpha " if the run starts at the output's second word.
	let first = (BENCHMARK_FILE_BYTES / 1024 / 2) as u64;
	let last = first.saturating_add(u64::from(c)).saturating_sub(1);
	let window_start = first.saturating_mul(content::CHUNK_BYTES).saturating_add(4);
	let cycle = window_start.div_ceil(57).saturating_mul(57);
	let span_start = if output_start == 0 { cycle } else { cycle.saturating_add(6) };
	Ok(SpanEvidence::<T> {
		binding: Pallet::<T>::witness_binding(id, model, 1, contribution),
		output: output
			.to_vec()
			.try_into()
			.map_err(|_| BenchmarkError::Stop("output above MaxOutputBytes"))?,
		output_start,
		tokens,
		span_start,
		first_chunk: first,
		chunks: content::chunks(file, first, last)
			.to_vec()
			.try_into()
			.map_err(|_| BenchmarkError::Stop("chunks above MaxWitnessBytes"))?,
		proof: content::range_proof::<HostBlake2>(file, first, last)
			.into_iter()
			.map(H256)
			.collect::<Vec<_>>()
			.try_into()
			.map_err(|_| BenchmarkError::Stop("proof above MaxProofHashes"))?,
	})
}

/// An inference of a model trained on `MaxAttribution` contributions, each from a contributor of
/// its own, whose output is `output`, settled by a bonded provider with `e` of them credited;
/// and a challenger able to pay the deposit. Returns the inference, the model, the contributions
/// and the challenger.
fn settled_for_challenge<T: Config>(
	e: u32,
	output: &[u8],
) -> Result<(InferenceId, ModelId, Vec<ContributionId>, T::AccountId), BenchmarkError> {
	let provider: T::AccountId = account("provider", 0, 0);
	let entries = T::MaxAttribution::get();
	let (model, contributions, consumer) = setup::<T>(&provider, 1, entries)?;
	let id = requests::<T>(&consumer, model, 1)?.first().copied().unwrap_or_default();
	let settlement = Settlement {
		inference: id,
		output_hash: H256(sp_io::hashing::blake2_256(output)),
		attribution: attribution::<T>(&contributions, e)?,
	};
	Pallet::<T>::do_settle_batch(&provider, as_batch::<T>(alloc::vec![settlement])?)?;
	let challenger: T::AccountId = account("challenger", 0, 0);
	let funds = T::ChallengeDeposit::get().saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&challenger, funds.saturating_mul(2u32.into()));
	Ok((id, model, contributions, challenger))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn request_inference() -> Result<(), BenchmarkError> {
		let (model, _, consumer) = setup::<T>(&account("provider", 0, 0), 1, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), model, <BalanceOf<T> as Bounded>::max_value(), H256::zero());

		assert!(Pallet::<T>::pending_inference(0).is_some());
		Ok(())
	}

	// The work of every settlement: `n` unattributed inferences of one model, each paid by a
	// consumer of its own, so that each moves a fee of its own. The model is read and its owner
	// and the provider credited once; more models, lineages, contributions, entries and credits
	// are the benchmarks below.
	#[benchmark]
	fn settle_batch(n: Linear<1, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, _) = T::Models::model_for_benchmark(&account("owner", 0, 0), &provider, 1, 1);
		T::Bonds::bond_for_benchmark(&provider);
		publishing::<T>(&provider)?;
		let fee = T::Models::inference_fee(model).ok_or(BenchmarkError::Stop("no model"))?;
		let settlements = (0..n)
			.map(|i| {
				let consumer: T::AccountId = account("consumer", i, 0);
				T::Currency::set_balance(
					&consumer,
					fee.saturating_add(T::Currency::minimum_balance()).saturating_mul(2u32.into()),
				);
				let inference = requests::<T>(&consumer, model, 1)?
					.first()
					.copied()
					.ok_or(BenchmarkError::Weightless)?;
				Ok(Settlement {
					inference,
					output_hash: H256::zero(),
					attribution: Default::default(),
				})
			})
			.collect::<Result<Vec<_>, BenchmarkError>>()?;
		let settlements = as_batch::<T>(settlements)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), settlements);

		assert!(Inferences::<T>::iter_values().all(|i| i.record().is_some()));
		Ok(())
	}

	// Reading `m` models: whether the caller serves each, and who owns it.
	#[benchmark]
	fn read_models(m: Linear<0, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let models: Vec<ModelId> = (0..m)
			.map(|i| T::Models::model_for_benchmark(&account("owner", i, 0), &provider, 1, 1).0)
			.collect();
		let mut reads = ChainReads::<T>::new(provider);

		#[block]
		{
			for model in &models {
				reads.owner(*model)?;
			}
		}

		assert_eq!(reads.counts().models, m);
		Ok(())
	}

	// Reading the lineages of `l` model versions, each an adapter's: its own version and its
	// base's.
	#[benchmark]
	fn read_lineages(l: Linear<0, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let adapters: Vec<ModelId> = (0..l)
			.map(|i| T::Models::adapter_for_benchmark(&account("owner", i, 0), &provider))
			.collect();
		let mut reads = ChainReads::<T>::new(provider);

		#[block]
		{
			for adapter in &adapters {
				reads.lineage(*adapter, 1);
			}
		}

		assert_eq!(reads.counts().lineages, l);
		assert!(adapters.iter().all(|a| reads.lineage(*a, 1).0.len() == 2));
		Ok(())
	}

	// Reading the sizes of `v` Datanet versions.
	#[benchmark]
	fn read_version_sizes(v: Linear<0, ITEMS>) -> Result<(), BenchmarkError> {
		let owner: T::AccountId = account("owner", 0, 0);
		let versions: Vec<_> = (0..v)
			.map(|_| {
				let (datanet, version, _) =
					T::Datanets::publish_version_for_benchmark(&owner, 1, 1);
				(datanet, version)
			})
			.collect();
		let mut reads = ChainReads::<T>::new(owner);

		#[block]
		{
			for (datanet, version) in &versions {
				reads.version_size(*datanet, *version);
			}
		}

		assert!(versions.iter().all(|(d, v)| reads.version_size(*d, *v) == Some(1)));
		Ok(())
	}

	// Reading `c` accepted contributions.
	#[benchmark]
	fn read_contributions(c: Linear<0, ITEMS>) -> Result<(), BenchmarkError> {
		let owner: T::AccountId = account("owner", 0, 0);
		let (_, _, contributions) = T::Datanets::publish_version_for_benchmark(&owner, c, c);
		let mut reads = ChainReads::<T>::new(owner);

		#[block]
		{
			for contribution in contributions.iter().take(c as usize) {
				reads.contribution(*contribution)?;
			}
		}

		assert_eq!(reads.counts().contributions, c);
		Ok(())
	}

	// Checking and sharing out `e` entries whose model, lineage and contributions were read
	// already: full attributions (an entry is checked against every entry before it), each
	// contribution a contributor of its own.
	#[benchmark]
	fn share_entries(e: Linear<0, ITEMS>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, contributions, consumer) = setup::<T>(&provider, 1, T::MaxAttribution::get())?;
		let full = attribution::<T>(&contributions, T::MaxAttribution::get())?;
		let pending = PendingInference::<T> {
			model,
			version: 1,
			consumer,
			fee: T::Models::inference_fee(model).ok_or(BenchmarkError::Stop("no model"))?,
			request_hash: H256::zero(),
			requested_at: frame_system::Pallet::<T>::block_number(),
		};
		let attributions: Vec<&[AttributionEntry]> = (0..e)
			.step_by(full.len().max(1))
			.map(|start| {
				let len = (e.saturating_sub(start) as usize).min(full.len());
				full.get(..len).unwrap_or_default()
			})
			.collect();
		let split = FeeSplitOf::<T>::get();
		let mut reads = ChainReads::<T>::new(provider);
		let mut credits = Credits::<T>::default();
		Pallet::<T>::share_out(&pending, &full, &split, &mut reads, &mut credits)?;

		#[block]
		{
			for attribution in &attributions {
				Pallet::<T>::share_out(&pending, attribution, &split, &mut reads, &mut credits)?;
			}
		}

		let shared: usize = attributions.iter().map(|a| a.len()).sum();
		assert_eq!(shared, e as usize);
		Ok(())
	}

	// Crediting `k` accounts a data share each, and paying the pool its part: each adds to a
	// bucket of credits still in their challenge period (an account's usual case). (Moving the
	// fees out of escrow is a settling call's, in `settle_batch`.)
	#[benchmark]
	fn credit_accounts(k: Linear<0, ITEMS>) -> Result<(), BenchmarkError> {
		fund_pot::<T>(k)?;
		owe_each::<T>(k).pay()?;
		let mut credits = owe_each::<T>(k);
		credits.owe_pool(T::Currency::minimum_balance());

		#[block]
		{
			credits.pay()?;
		}

		Ok(())
	}

	// Crediting `m` accounts whose earlier credit has just matured: each moves that into its
	// claimable rewards first (once a challenge period at most, for an account).
	#[benchmark]
	fn mature_credits(m: Linear<0, ITEMS>) -> Result<(), BenchmarkError> {
		fund_pot::<T>(m)?;
		owe_each::<T>(m).pay()?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(T::Rewards::matures_at(now));
		let credits = owe_each::<T>(m);

		#[block]
		{
			credits.pay()?;
		}

		Ok(())
	}

	#[benchmark]
	fn refund() -> Result<(), BenchmarkError> {
		let (model, _, consumer) = setup::<T>(&account("provider", 0, 0), 1, 1)?;
		let ids = requests::<T>(&consumer, model, 1)?;
		let id = ids.first().copied().ok_or(BenchmarkError::Weightless)?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::RefundTimeout::get()));

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);

		assert!(Pallet::<T>::pending_inference(id).is_none());
		Ok(())
	}

	// A request as storage version 0 left it, its fee held on its consumer, moved to the escrow
	// account.
	#[benchmark]
	fn migrate_v1_step() -> Result<(), BenchmarkError> {
		let (model, _, consumer) = setup::<T>(&account("provider", 0, 0), 1, 1)?;
		let id = requests::<T>(&consumer, model, 1)?
			.first()
			.copied()
			.ok_or(BenchmarkError::Weightless)?;
		let pending = Pallet::<T>::pending_inference(id).ok_or(BenchmarkError::Weightless)?;
		T::Currency::transfer(
			&Pallet::<T>::escrow(),
			&consumer,
			pending.fee,
			frame_support::traits::tokens::Preservation::Expendable,
		)?;
		T::Currency::hold(&HoldReason::InferenceEscrow.into(), &consumer, pending.fee)?;
		Inferences::<T>::insert(id, Inference::PendingHeld(pending));

		#[block]
		{
			crate::migrations::v1::migrate::<T>(id);
		}

		assert!(Pallet::<T>::pending_inference(id).is_some());
		Ok(())
	}

	// A challengeable record as storage version 1 stored it, given its disclosure.
	#[benchmark]
	fn migrate_v2_step() -> Result<(), BenchmarkError> {
		let (id, ..) = settled_for_challenge::<T>(T::MaxAttribution::get(), b"output")?;
		let settled = Inferences::<T>::get(id).ok_or(BenchmarkError::Weightless)?;
		frame_support::storage::unhashed::put_raw(
			&Inferences::<T>::hashed_key_for(id),
			&crate::migrations::v2::as_stored_by_v1(&settled),
		);
		assert!(Inferences::<T>::get(id).is_none(), "version 1's record does not decode");

		#[block]
		{
			crate::migrations::v2::migrate::<T>(id);
		}

		assert!(Inferences::<T>::get(id).is_some());
		Ok(())
	}

	// A provider's first output base, the longest: its deposit is held.
	#[benchmark]
	fn set_output_base() -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let deposit = T::OutputBaseDeposit::get();
		T::Currency::set_balance(&provider, deposit.saturating_add(T::Currency::minimum_balance()));

		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), Some(longest_base::<T>()));

		assert!(OutputBases::<T>::contains_key(&provider));
		Ok(())
	}

	#[benchmark]
	fn set_fee_split() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let split = T::DefaultFeeSplit::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, split);

		Ok(())
	}

	// One step of `on_idle`: an expired queue entry of `n` records, each with a full
	// attribution, removed with the records and their index entries.
	#[benchmark]
	fn prune_settlements(n: Linear<1, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, 0);
		let (model, contributions, consumer) = setup::<T>(&provider, n, T::MaxAttribution::get())?;
		let ids = requests::<T>(&consumer, model, n)?;
		let full = attribution::<T>(&contributions, T::MaxAttribution::get())?;
		let settlements = ids
			.iter()
			.map(|id| Settlement {
				inference: *id,
				output_hash: H256::zero(),
				attribution: full.clone(),
			})
			.collect::<Vec<_>>();
		let settlements = as_batch::<T>(settlements)?;
		Pallet::<T>::do_settle_batch(&provider, settlements)?;
		let now =
			frame_system::Pallet::<T>::block_number().saturating_add(T::RetentionPeriod::get());

		#[block]
		{
			let bounds = T::DbWeight::get().reads(1);
			let largest = T::WeightInfo::prune_settlements(T::MaxBatch::get());
			Pallet::<T>::prune_expired(now, bounds.saturating_add(largest));
		}

		assert!(ids.iter().all(|id| Pallet::<T>::record(*id).is_none()));
		Ok(())
	}

	// Challenging a settlement of `e` attribution entries, each a contributor of its own: every
	// credit of it is taken back.
	#[benchmark]
	fn challenge(e: Linear<1, { T::MaxAttribution::get() }>) -> Result<(), BenchmarkError> {
		let (id, _, contributions, challenger) = settled_for_challenge::<T>(e, b"output")?;
		let contribution = contributions.first().copied().unwrap_or_default();

		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), id, contribution);

		assert!(Challenges::<T>::contains_key(id, 0));
		Ok(())
	}

	// Answering an unsupported-credit challenge with a witness of an `o`-byte output and `c`
	// chunks from the middle of a 1 MiB contribution (the deepest proof a benchmark builds), for
	// a settlement crediting `MaxAttribution` contributors, whose credits are all given back,
	// late.
	#[benchmark]
	fn answer_challenge(
		o: Linear<64, { T::MaxOutputBytes::get() }>,
		c: Linear<2, { T::MaxWitnessBytes::get() / 1024 }>,
	) -> Result<(), BenchmarkError> {
		let output = cycled_text(o as usize);
		let (id, model, contributions, challenger) =
			settled_for_challenge::<T>(T::MaxAttribution::get(), &output)?;
		let contribution = contributions.first().copied().unwrap_or_default();
		let file = committed_file::<T>(&[contribution]);
		challenged_late::<T>(id, || {
			Pallet::<T>::do_challenge(challenger, id, contribution).map(|_| ())
		})?;
		let evidence =
			span_evidence::<T>(id, model, contribution, &output, 0, T::MinSpan::get(), &file, c)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(account("provider", 0, 0)), id, 0, contribution, evidence);

		assert!(!Challenges::<T>::contains_key(id, 0));
		Ok(())
	}

	// Answering an omission challenge: as `answer_challenge`, and the answer's contribution's
	// place in the lineage read, for a settlement crediting `MaxAttribution - 1` contributors
	// (an omission needs room in the record). A call is charged the larger of the two.
	#[benchmark]
	fn answer_omission(
		o: Linear<64, { T::MaxOutputBytes::get() }>,
		c: Linear<2, { T::MaxWitnessBytes::get() / 1024 }>,
	) -> Result<(), BenchmarkError> {
		let output = cycled_text(o as usize);
		let entries = T::MaxAttribution::get().saturating_sub(1);
		let (id, model, contributions, challenger) = settled_for_challenge::<T>(entries, &output)?;
		let covering = contributions.first().copied().unwrap_or_default();
		let omitted = contributions.last().copied().unwrap_or_default();
		let file = committed_file::<T>(&[covering, omitted]);
		// The challenger shows the run from the output's second token; the answer, the run
		// from its first, one token longer.
		let min_span = T::MinSpan::get();
		let shown = span_evidence::<T>(id, model, omitted, &output, 1, min_span, &file, 2)?;
		challenged_late::<T>(id, || {
			Pallet::<T>::do_challenge_omission(challenger, id, omitted, shown)
		})?;
		let evidence = span_evidence::<T>(
			id,
			model,
			covering,
			&output,
			0,
			min_span.saturating_add(1),
			&file,
			c,
		)?;

		#[extrinsic_call]
		answer_challenge(RawOrigin::Signed(account("provider", 0, 0)), id, 0, covering, evidence);

		assert!(!Challenges::<T>::contains_key(id, 0));
		Ok(())
	}

	// Opening an omission challenge with a witness of an `o`-byte output and `c` chunks from
	// the middle of a 1 MiB contribution, against a settlement crediting `MaxAttribution - 1`
	// contributors (the most that leave room for another), whose credits are all taken back.
	#[benchmark]
	fn challenge_omission(
		o: Linear<64, { T::MaxOutputBytes::get() }>,
		c: Linear<2, { T::MaxWitnessBytes::get() / 1024 }>,
	) -> Result<(), BenchmarkError> {
		let output = cycled_text(o as usize);
		let entries = T::MaxAttribution::get().saturating_sub(1);
		let (id, model, contributions, challenger) = settled_for_challenge::<T>(entries, &output)?;
		let omitted = contributions.last().copied().unwrap_or_default();
		let file = committed_file::<T>(&[omitted]);
		let evidence =
			span_evidence::<T>(id, model, omitted, &output, 0, T::MinSpan::get(), &file, c)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), id, omitted, evidence);

		assert!(Challenges::<T>::contains_key(id, 0));
		Ok(())
	}

	// Upholding an unanswered challenge: the deposit released, the provider's bond slashed
	// twice (to the challenger and to the pool), the withheld credits paid to the pool.
	#[benchmark]
	fn decide_challenge() -> Result<(), BenchmarkError> {
		let entries = T::MaxAttribution::get();
		let (id, _, contributions, challenger) = settled_for_challenge::<T>(entries, b"output")?;
		let contribution = contributions.first().copied().unwrap_or_default();
		Pallet::<T>::do_challenge(challenger.clone(), id, contribution)?;
		let respond_by = Challenges::<T>::get(id, 0)
			.map(|c| c.respond_by)
			.ok_or(BenchmarkError::Stop("open"))?;
		frame_system::Pallet::<T>::set_block_number(respond_by.saturating_add(One::one()));

		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), id, 0);

		assert!(!Challenges::<T>::contains_key(id, 0));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
