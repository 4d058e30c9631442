//! Answering the challenges of this gateway's records by itself. Each settlement round reads the
//! blocks since the last one for `ChallengeOpened` events; a challenge of an inference this
//! gateway settled is answered with a span witness built from the output it keeps and the
//! contribution's file (fetched and checked like a lineage file): for a disputed credit, a run of
//! `MinSpan` tokens of the output in the credited contribution; for a claimed omission, a longer
//! run covering the same tokens in a contribution the record credits. An honest record always
//! has one; a challenge that cannot be answered is logged, and the verdict will be the chain's.

use crate::{app::App, lineage, queue::State};
use frame_support::traits::Get;
use openledger_attribution_engine::runs::Runs;
use openledger_client::witness::{span_evidence, Binding};
use openledger_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_attribution::{Dispute, Event};
use sp_core::sr25519;

/// How many blocks back a starting gateway looks for challenges: the response period at the
/// standard pace (an hour; development chains have 4 blocks). The runtime's `ResponsePeriod`
/// depends on the chain's pace, a storage item, so it is not read natively here.
const LOOKBACK: u64 = 600;

/// Follows the chain's blocks for challenges.
pub struct Watcher {
	/// The next block to read.
	next: u64,
}

impl Watcher {
	/// Starts far enough back that a challenge opened while the gateway was stopped, and still
	/// open, is seen: [`LOOKBACK`] blocks.
	pub fn new(app: &App) -> Result<Watcher, String> {
		Ok(Watcher { next: app.chain.best_number()?.saturating_sub(LOOKBACK).max(1) })
	}

	/// Reads the new blocks and answers the challenges of this gateway's records in them.
	pub fn round(&mut self, app: &App, signer: &sr25519::Pair) -> Result<(), String> {
		let best = app.chain.best_number()?;
		while self.next <= best {
			let hash =
				app.chain.block_hash(self.next)?.ok_or("a block vanished from the best chain")?;
			for record in app.chain.events(hash)? {
				if let RuntimeEvent::Attribution(Event::ChallengeOpened {
					inference,
					challenge,
					..
				}) = record.event
				{
					answer(app, signer, inference, challenge);
				}
			}
			self.next = self.next.saturating_add(1);
		}
		Ok(())
	}
}

/// Answers challenge `number` of `inference` if this gateway settled it; logs what happened.
fn answer(app: &App, signer: &sr25519::Pair, inference: u64, number: u32) {
	match try_answer(app, signer, inference, number) {
		Ok(false) => {},
		Ok(true) => {
			app.metrics.challenges_answered.inc();
			tracing::info!(inference, challenge = number, "challenge answered");
		},
		Err(e) => {
			app.metrics.challenges_unanswered.inc();
			tracing::warn!(inference, challenge = number, error = %e, "challenge not answered");
		},
	}
}

/// `Ok(false)`: not this gateway's record, or no longer open.
fn try_answer(
	app: &App,
	signer: &sr25519::Pair,
	inference: u64,
	number: u32,
) -> Result<bool, String> {
	let Some(entry) = app.queue.get(inference)? else { return Ok(false) };
	if !matches!(entry.state, State::Settled { .. }) {
		return Ok(false);
	}
	let Some(challenge) = app.chain.challenge(inference, number)? else { return Ok(false) };
	let record = app
		.chain
		.record(inference)?
		.ok_or_else(|| format!("inference {inference} has no record"))?;
	if record.provider != app.provider || record.output_hash.0 != entry.output_hash {
		return Ok(false);
	}
	let output = entry.output.into_bytes();
	let least: u32 = <Runtime as pallet_attribution::Config>::MinSpan::get();
	// The contributions that may hold the witness, and the run each must show.
	let candidates: Vec<u64> = match challenge.dispute {
		Dispute::UnsupportedCredit => vec![challenge.contribution],
		Dispute::Omission { .. } => record.attribution.iter().map(|e| e.contribution).collect(),
	};
	let mut local = lineage::LocalFiles::new(&app.sources);
	for contribution in candidates {
		let file = lineage::contribution_file(&app.chain, contribution, &mut local)?;
		let runs = Runs::of(&output, &file);
		let run = match challenge.dispute {
			Dispute::UnsupportedCredit => runs.supporting_credit(least),
			Dispute::Omission { output_start, tokens } => runs.covering(output_start, tokens),
		};
		let Some(run) = run else { continue };
		let binding = Binding {
			genesis: app.chain.genesis_hash()?,
			inference,
			record: &record,
			contribution,
		};
		let evidence =
			span_evidence(&binding, output, (run.start, run.tokens), (&file, runs.byte(run)))?;
		let call = RuntimeCall::Attribution(pallet_attribution::Call::answer_challenge {
			inference,
			challenge: number,
			contribution,
			evidence,
		});
		let included = app.chain.submit(signer, call)?;
		return match included.failure {
			None => Ok(true),
			Some(why) => Err(format!("the answer was refused: {why}")),
		};
	}
	Err("no contribution holds a run that answers it: the record cannot be defended".into())
}
