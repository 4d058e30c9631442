//! `challenge` and `answer`: dispute a settled inference's credit to a contribution, and answer
//! such a dispute with a span witness built from the output and the contribution's file.

use crate::{open, read, Node, Result};
use clap::Args;
use codec::Encode;
use frame_support::traits::Get;
use openledger_attribution_engine::{blake2_256, content_root, hex};
use openledger_attribution_rule::{tokenize, witness, Blake2b};
use openledger_client::{self as chain, Chain};
use openledger_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_attribution::{challenges::WITNESS_DOMAIN, Inference, SpanEvidence};
use sp_core::H256;
use std::{path::PathBuf, process::ExitCode, time::Duration};

#[derive(Args)]
pub struct ChallengeArgs {
	#[command(flatten)]
	node: Node,
	/// The settled inference.
	#[arg(long)]
	inference: u64,
	/// The credited contribution that the output does not quote.
	#[arg(long)]
	contribution: u64,
	/// The challenger's secret seed or URI (it puts down the challenge deposit).
	#[arg(long)]
	seed: String,
	/// Wait for the verdict: report an answer, or ask for the verdict once the provider's
	/// response period is over.
	#[arg(long)]
	follow: bool,
}

#[derive(Args)]
pub struct AnswerArgs {
	#[command(flatten)]
	node: Node,
	/// The challenged inference.
	#[arg(long)]
	inference: u64,
	/// The inference's output: a file, or `-` for standard input.
	#[arg(long)]
	output_file: PathBuf,
	/// The challenged contribution's file.
	#[arg(long)]
	file: PathBuf,
	/// The answerer's secret seed or URI (the provider, usually).
	#[arg(long)]
	seed: String,
}

/// Prints what a transaction did and fails with the chain's error if it failed.
fn report(included: chain::Included, what: &str) -> Result<()> {
	println!("included in block #{} ({})", included.number, hex(included.block.as_bytes()));
	for event in &included.events {
		if let RuntimeEvent::Attribution(event) = event {
			println!("  {event:?}");
		}
	}
	match included.failure {
		Some(why) => Err(format!("{what} failed: {why}")),
		None => Ok(()),
	}
}

pub fn challenge(args: ChallengeArgs) -> Result<ExitCode> {
	let chain = Chain::connect(&args.node.url)?;
	let signer = chain::signer(&args.seed).map_err(|e| format!("--seed: {e}"))?;
	let record = chain.record(args.inference)?.ok_or_else(|| {
		format!(
			"inference {} has no attribution record (unknown, pending or pruned)",
			args.inference
		)
	})?;
	if !record.attribution.iter().any(|e| e.contribution == args.contribution) {
		return Err(format!(
			"inference {} credits no contribution {} (it credits {:?})",
			args.inference,
			args.contribution,
			record.attribution.iter().map(|e| e.contribution).collect::<Vec<_>>()
		));
	}
	let deposit = <<Runtime as pallet_attribution::Config>::ChallengeDeposit as Get<u128>>::get();
	println!(
		"challenging inference {}'s credit to contribution {} (deposit {})",
		args.inference,
		args.contribution,
		open(deposit)
	);
	let call = RuntimeCall::Attribution(pallet_attribution::Call::challenge {
		inference: args.inference,
		contribution: args.contribution,
	});
	report(chain.submit(&signer, call)?, "the challenge")?;
	let open_challenge = chain
		.challenge(args.inference)?
		.ok_or("the challenge was included but is not open: answered already?")?;
	println!(
		"the provider may answer until block #{}; credits withheld meanwhile: {}",
		open_challenge.respond_by,
		open(open_challenge.withheld)
	);
	if !args.follow {
		return Ok(ExitCode::SUCCESS);
	}
	follow(&chain, &signer, args.inference, open_challenge.respond_by.into())
}

/// Waits until the challenge of `inference` is answered, or past `respond_by`, and asks for the
/// verdict then.
fn follow(
	chain: &Chain,
	signer: &sp_core::sr25519::Pair,
	inference: u64,
	respond_by: u64,
) -> Result<ExitCode> {
	loop {
		if chain.challenge(inference)?.is_none() {
			let voided = matches!(
				chain.inference(inference)?,
				Some(Inference::Challengeable(settled)) if settled.voided
			);
			println!(
				"verdict: {}",
				if voided { "upheld (the record is void)" } else { "rejected (answered)" }
			);
			return Ok(ExitCode::SUCCESS);
		}
		if chain.best_number()? > respond_by {
			let call =
				RuntimeCall::Attribution(pallet_attribution::Call::decide_challenge { inference });
			report(chain.submit(signer, call)?, "asking for the verdict")?;
			println!("verdict: upheld (unanswered; the record is void, the provider slashed)");
			return Ok(ExitCode::SUCCESS);
		}
		std::thread::sleep(Duration::from_secs(2));
	}
}

pub fn answer(args: AnswerArgs) -> Result<ExitCode> {
	let chain = Chain::connect(&args.node.url)?;
	let signer = chain::signer(&args.seed).map_err(|e| format!("--seed: {e}"))?;
	let challenge = chain
		.challenge(args.inference)?
		.ok_or_else(|| format!("inference {} has no open challenge", args.inference))?;
	if chain.best_number()? > u64::from(challenge.respond_by) {
		return Err(format!("the response period ended at block #{}", challenge.respond_by));
	}
	let record = chain
		.record(args.inference)?
		.ok_or_else(|| format!("inference {} has no attribution record", args.inference))?;
	let output = read(&args.output_file)?;
	if blake2_256(&output) != record.output_hash.0 {
		return Err(format!(
			"{} is not the inference's output: it hashes to {}, the record to {}",
			args.output_file.display(),
			hex(&blake2_256(&output)),
			hex(record.output_hash.as_bytes())
		));
	}
	let id = challenge.contribution;
	let contribution = chain
		.contribution(id)?
		.ok_or_else(|| format!("contribution {id} does not exist"))?;
	let file = read(&args.file)?;
	if content_root(&file) != contribution.content_hash.0 ||
		file.len() as u64 != contribution.size_bytes
	{
		return Err(format!(
			"{} is not contribution {id}: content root {} ({} bytes), the chain's {} ({} bytes)",
			args.file.display(),
			hex(&content_root(&file)),
			file.len(),
			hex(contribution.content_hash.as_bytes()),
			contribution.size_bytes
		));
	}
	let min_span = <<Runtime as pallet_attribution::Config>::MinSpan as Get<u32>>::get();
	let tokens = u32::try_from(tokenize::token_ranges(&output).len()).unwrap_or(u32::MAX);
	let (start, at) = (0..tokens)
		.find_map(|start| witness::find(&output, start, min_span, &file).map(|at| (start, at)))
		.ok_or_else(|| {
			format!(
				"the output shares no run of {min_span} tokens with contribution {id}: the \
				 credit cannot be supported"
			)
		})?;
	let proof = witness::prove::<Blake2b>(&output, start, min_span, &file, at)
		.ok_or("cannot build the witness")?;
	let bound =
		(WITNESS_DOMAIN, chain.genesis_hash()?, args.inference, record.model, record.version, id);
	let evidence = SpanEvidence::<Runtime> {
		binding: H256(blake2_256(&bound.encode())),
		output: output
			.try_into()
			.map_err(|_| "the output is above the chain's MaxOutputBytes")?,
		output_start: start,
		tokens: min_span,
		span_start: at,
		first_chunk: proof.first_chunk,
		chunks: proof.chunks.try_into().map_err(|_| "the witness reveals too many bytes")?,
		proof: proof
			.proof
			.into_iter()
			.map(H256)
			.collect::<Vec<_>>()
			.try_into()
			.map_err(|_| "the proof has too many hashes")?,
	};
	println!(
		"answering with output tokens {start}..{} found at byte {at} of contribution {id}",
		start.saturating_add(min_span)
	);
	let call = RuntimeCall::Attribution(pallet_attribution::Call::answer_challenge {
		inference: args.inference,
		evidence,
	});
	report(chain.submit(&signer, call)?, "the answer")?;
	println!("verdict: rejected (answered); the credits are back");
	Ok(ExitCode::SUCCESS)
}
