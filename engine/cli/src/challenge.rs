//! `challenge` and `answer`: dispute how a settled inference treated a contribution (a credit the
//! output does not support, or a contribution it quotes but the record leaves out), and answer
//! such a dispute with a span witness built from the output and a contribution's file.

use crate::{open, read, Node, Result};
use clap::Args;
use frame_support::traits::Get;
use openledger_attribution_engine::{blake2_256, content_root, hex, runs::Runs};
use openledger_client::{self as chain, Chain};
use openledger_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_attribution::{
	AttributionRecord, ChallengeNumber, Dispute, Inference, OutputDisclosure, SpanEvidence,
};
use std::{
	path::{Path, PathBuf},
	process::ExitCode,
	time::Duration,
};

#[derive(Args)]
pub struct ChallengeArgs {
	#[command(flatten)]
	node: Node,
	/// The settled inference.
	#[arg(long)]
	inference: u64,
	/// The contribution: a credited one the output does not quote (an unsupported credit), or
	/// one of the model's lineage that the output quotes and the record leaves out (an
	/// omission: give --output-file and --file too).
	#[arg(long)]
	contribution: u64,
	/// For an omission: the inference's output, a file or `-` for standard input.
	#[arg(long)]
	output_file: Option<PathBuf>,
	/// For an omission: the contribution's file, which the witness shows the quoted run in.
	#[arg(long)]
	file: Option<PathBuf>,
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
	/// The challenge's number among the inference's challenges (the challenge command prints
	/// it; the `ChallengeOpened` event carries it).
	#[arg(long, default_value_t = 0)]
	challenge: ChallengeNumber,
	/// The contribution whose file shows the run: for an unsupported credit, the challenged
	/// one (the default); for an omission, a lineage contribution holding a longer run that
	/// covers the challenger's.
	#[arg(long)]
	contribution: Option<u64>,
	/// The inference's output: a file, or `-` for standard input.
	#[arg(long)]
	output_file: PathBuf,
	/// The contribution's file.
	#[arg(long)]
	file: PathBuf,
	/// The answerer's secret seed or URI (the provider, usually).
	#[arg(long)]
	seed: String,
}

/// Prints what a transaction did and fails with the chain's error if it failed. Returns the
/// number of the challenge it opened, if it opened one.
fn report(included: chain::Included, what: &str) -> Result<Option<ChallengeNumber>> {
	println!("included in block #{} ({})", included.number, hex(included.block.as_bytes()));
	let mut opened = None;
	for event in &included.events {
		if let RuntimeEvent::Attribution(event) = event {
			println!("  {event:?}");
			if let pallet_attribution::Event::ChallengeOpened { challenge, .. } = event {
				opened = Some(*challenge);
			}
		}
	}
	match included.failure {
		Some(why) => Err(format!("{what} failed: {why}")),
		None => Ok(opened),
	}
}

/// The record of settled `inference`, or why there is none.
fn record_of(chain: &Chain, inference: u64) -> Result<AttributionRecord<Runtime>> {
	chain.record(inference)?.ok_or_else(|| {
		format!("inference {inference} has no attribution record (unknown, pending or pruned)")
	})
}

/// The output at `path`, checked against `record`'s output hash.
fn output_of(path: &Path, record: &AttributionRecord<Runtime>) -> Result<Vec<u8>> {
	let output = read(path)?;
	if blake2_256(&output) != record.output_hash.0 {
		return Err(format!(
			"{} is not the inference's output: it hashes to {}, the record to {}",
			path.display(),
			hex(&blake2_256(&output)),
			hex(record.output_hash.as_bytes())
		));
	}
	Ok(output)
}

/// The file at `path`, checked against contribution `id`'s content commitment on chain.
fn file_of(chain: &Chain, id: u64, path: &Path) -> Result<Vec<u8>> {
	let contribution = chain
		.contribution(id)?
		.ok_or_else(|| format!("contribution {id} does not exist"))?;
	let file = read(path)?;
	if content_root(&file) != contribution.content_hash.0 ||
		file.len() as u64 != contribution.size_bytes
	{
		return Err(format!(
			"{} is not contribution {id}: content root {} ({} bytes), the chain's {} ({} bytes)",
			path.display(),
			hex(&content_root(&file)),
			file.len(),
			hex(contribution.content_hash.as_bytes()),
			contribution.size_bytes
		));
	}
	Ok(file)
}

/// The span witness that output tokens `start..start + tokens` occur in `file` (contribution
/// `id`) at byte `at`, bound to `inference` of `record`.
fn evidence(
	chain: &Chain,
	inference: u64,
	record: &AttributionRecord<Runtime>,
	id: u64,
	(output, start, tokens): (Vec<u8>, u32, u32),
	(file, at): (&[u8], u64),
) -> Result<SpanEvidence<Runtime>> {
	println!(
		"the witness: output tokens {start}..{} at byte {at} of contribution {id}",
		start.saturating_add(tokens)
	);
	let binding = chain::witness::Binding {
		genesis: chain.genesis_hash()?,
		inference,
		record,
		contribution: id,
	};
	chain::witness::span_evidence(&binding, output, (start, tokens), (file, at))
}

fn min_span() -> u32 {
	<<Runtime as pallet_attribution::Config>::MinSpan as Get<u32>>::get()
}

pub fn challenge(args: ChallengeArgs) -> Result<ExitCode> {
	let chain = Chain::connect(&args.node.url)?;
	let signer = chain::signer(&args.seed).map_err(|e| format!("--seed: {e}"))?;
	let (inference, id) = (args.inference, args.contribution);
	let record = record_of(&chain, inference)?;
	let disclosure = match chain.inference(inference)? {
		Some(Inference::Challengeable(settled)) => settled.disclosure,
		_ => return Err(format!("inference {inference} was settled before challenges existed")),
	};
	let challenger: openledger_runtime::AccountId = sp_core::Pair::public(&signer).into();
	if !disclosure.may_challenge(&challenger, &record.consumer) {
		return Err(format!(
			"inference {inference} is private: only its consumer ({}) may challenge it",
			record.consumer
		));
	}
	let credited = record.attribution.iter().any(|e| e.contribution == id);
	let deposit = <<Runtime as pallet_attribution::Config>::ChallengeDeposit as Get<u128>>::get();
	let call = if credited {
		println!(
			"challenging inference {inference}'s credit to contribution {id} (deposit {})",
			open(deposit)
		);
		pallet_attribution::Call::challenge { inference, contribution: id }
	} else {
		let (Some(output_file), Some(file)) = (&args.output_file, &args.file) else {
			let published = match &disclosure {
				OutputDisclosure::Published(uri) =>
					format!("; its provider publishes it at {}", String::from_utf8_lossy(uri)),
				_ => String::new(),
			};
			return Err(format!(
				"inference {inference} credits no contribution {id} (it credits {:?}): to \
				 challenge its omission, give --output-file (the output{published}) and --file \
				 (the contribution's content)",
				record.attribution.iter().map(|e| e.contribution).collect::<Vec<_>>()
			));
		};
		let output = output_of(output_file, &record)?;
		let file = file_of(&chain, id, file)?;
		let runs = Runs::of(&output, &file);
		let run = runs.longest(min_span()).ok_or_else(|| {
			format!(
				"the output shares no run of {} tokens with contribution {id}: the rule rightly \
				 left it out",
				min_span()
			)
		})?;
		let (start, tokens, at) = (run.start, run.tokens, runs.byte(run));
		println!(
			"challenging inference {inference}'s omission of contribution {id} (deposit {})",
			open(deposit)
		);
		let evidence =
			evidence(&chain, inference, &record, id, (output, start, tokens), (&file, at))?;
		pallet_attribution::Call::challenge_omission { inference, contribution: id, evidence }
	};
	let number = report(chain.submit(&signer, RuntimeCall::Attribution(call))?, "the challenge")?
		.ok_or("the challenge was included but opened nothing")?;
	let open_challenge = chain
		.challenge(inference, number)?
		.ok_or("the challenge was included but is not open: answered already?")?;
	println!(
		"challenge {number} of inference {inference}: the provider may answer until block #{} \
		 (openledger-attribute answer --inference {inference} --challenge {number} ...); the \
		 record's credits are withheld meanwhile",
		open_challenge.respond_by,
	);
	if !args.follow {
		return Ok(ExitCode::SUCCESS);
	}
	follow(&chain, &signer, inference, number, open_challenge.respond_by.into())
}

/// Waits until challenge `number` of `inference` is answered, or past `respond_by`, and asks
/// for the verdict then.
fn follow(
	chain: &Chain,
	signer: &sp_core::sr25519::Pair,
	inference: u64,
	number: ChallengeNumber,
	respond_by: u64,
) -> Result<ExitCode> {
	loop {
		if chain.challenge(inference, number)?.is_none() {
			let voided = matches!(
				chain.inference(inference)?,
				Some(Inference::Challengeable(settled)) if settled.voided
			);
			println!(
				"verdict: {}",
				if voided { "the record is void" } else { "rejected (answered)" }
			);
			return Ok(ExitCode::SUCCESS);
		}
		if chain.best_number()? > respond_by {
			let call = RuntimeCall::Attribution(pallet_attribution::Call::decide_challenge {
				inference,
				challenge: number,
			});
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
	let (inference, number) = (args.inference, args.challenge);
	let challenge = chain
		.challenge(inference, number)?
		.ok_or_else(|| format!("inference {inference} has no open challenge {number}"))?;
	if chain.best_number()? > u64::from(challenge.respond_by) {
		return Err(format!("the response period ended at block #{}", challenge.respond_by));
	}
	let record = record_of(&chain, inference)?;
	let output = output_of(&args.output_file, &record)?;
	let id = args.contribution.unwrap_or(challenge.contribution);
	let file = file_of(&chain, id, &args.file)?;
	let runs = Runs::of(&output, &file);
	let run = match challenge.dispute {
		Dispute::UnsupportedCredit => {
			if id != challenge.contribution {
				return Err(format!(
					"challenge {number} disputes the credit to contribution {}: answer with its \
					 file",
					challenge.contribution
				));
			}
			let least = min_span();
			runs.supporting_credit(least).ok_or_else(|| {
				format!(
					"the output shares no run of {least} tokens with contribution {id}: the credit \
					 cannot be supported"
				)
			})?
		},
		Dispute::Omission { output_start, tokens } =>
			runs.covering(output_start, tokens).ok_or_else(|| {
				format!(
					"contribution {id} holds no run longer than output tokens {output_start}..{} \
					 that covers them: it does not answer the omission",
					output_start.saturating_add(tokens)
				)
			})?,
	};
	let (start, tokens, at) = (run.start, run.tokens, runs.byte(run));
	let evidence = evidence(&chain, inference, &record, id, (output, start, tokens), (&file, at))?;
	let call = RuntimeCall::Attribution(pallet_attribution::Call::answer_challenge {
		inference,
		challenge: number,
		contribution: id,
		evidence,
	});
	report(chain.submit(&signer, call)?, "the answer")?;
	println!("verdict: rejected (answered)");
	Ok(ExitCode::SUCCESS)
}
