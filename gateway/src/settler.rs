//! Settlement by itself (and, first in each round, answering challenges of what was settled:
//! [`crate::challenges`]): every interval, the answered inferences in the queue are settled in
//! `settleBatch` transactions of at most the chain's `MaxBatch`, several submitted at once (one
//! nonce after another), and each one's outcome is written back. A node that is away costs a
//! retry, not an answer: nothing leaves the queue until the chain says what became of it.

use crate::{
	app::App,
	queue::{Entry, State},
};
use frame_support::traits::Get;
use openledger_runtime::{Runtime, RuntimeCall};
use pallet_attribution::{AttributionEntry, Inference, Settlement};
use sp_core::{sr25519, H256};
use sp_runtime::Perbill;
use std::{
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

/// Transactions submitted in one round: a round takes up to this many batches off the queue.
const BATCHES_PER_ROUND: usize = 8;

/// Failures of the provider's own standing, not of an inference: the inferences stay queued
/// while the operator puts it right (the gateway bonds and sets its base at start).
const PROVIDER_FAILURES: [&str; 2] = ["Attribution(NotBonded)", "Attribution(NoOutputBase)"];

/// Settles until `stop` is set, then finishes the round it is in.
pub fn run(app: Arc<App>, signer: sr25519::Pair, stop: Arc<AtomicBool>) {
	let max_batch = <<Runtime as pallet_attribution::Config>::MaxBatch as Get<u32>>::get() as usize;
	let interval = app.config.settle_interval;
	let mut delay = interval;
	let mut challenges: Option<crate::challenges::Watcher> = None;
	while !stop.load(Ordering::Relaxed) {
		let started = Instant::now();
		while started.elapsed() < delay && !stop.load(Ordering::Relaxed) {
			std::thread::sleep(Duration::from_millis(50).min(delay));
		}
		// A panic in a round is reported and retried like a failure, never a settler gone quiet.
		let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
			match &mut challenges {
				Some(watcher) => watcher.round(&app, &signer)?,
				None => challenges = Some(crate::challenges::Watcher::new(&app)?),
			}
			round(&app, &signer, max_batch)
		}))
		.unwrap_or_else(|panic| {
			let why = panic
				.downcast_ref::<&str>()
				.map(|s| s.to_string())
				.or_else(|| panic.downcast_ref::<String>().cloned())
				.unwrap_or_default();
			Err(format!("the settlement round panicked: {why}"))
		});
		match outcome {
			Ok(()) => delay = interval,
			Err(e) => {
				// The node is away or refused us: back off to a minute, then try again.
				tracing::warn!(error = %e, retry_in_ms = delay.as_millis() as u64, "settlement round failed");
				app.metrics.settle_failures.with_label_values(&["round"]).inc();
				delay = (delay * 2).min(Duration::from_secs(60));
			},
		}
		if let Ok(backlog) = app.queue.backlog() {
			app.metrics.backlog.set(backlog as i64);
		}
	}
}

/// One round: what the queue holds, checked on chain, settled in batches.
fn round(app: &App, signer: &sr25519::Pair, max_batch: usize) -> Result<(), String> {
	let taken = app.queue.unsettled(max_batch.saturating_mul(BATCHES_PER_ROUND))?;
	if taken.is_empty() {
		return Ok(());
	}
	// Only what is still pending is submitted; the rest is settled already (a round that
	// stopped after its transaction was included) or will never be (refunded).
	let ids: Vec<u64> = taken.iter().map(|(id, _)| *id).collect();
	let states = app.chain.inferences(&ids)?;
	let (mut ready, mut finished) = (Vec::new(), Vec::new());
	for ((id, entry), state) in taken.into_iter().zip(states) {
		match state {
			Some(Inference::Pending(_) | Inference::PendingPrivate(_)) => ready.push((id, entry)),
			Some(Inference::Challengeable(c)) =>
				finished.push((id, settled_by(app, &entry, &c.record))),
			Some(Inference::Settled(record)) =>
				finished.push((id, settled_by(app, &entry, &record))),
			Some(Inference::PendingHeld(_)) => {}, // a migration moves it to `Pending` first
			None => finished.push((
				id,
				State::Failed {
					reason: "no longer pending on chain: the consumer took the fee back, or the \
					         request expired"
						.into(),
				},
			)),
		}
	}
	for (id, state) in &finished {
		if let State::Failed { reason } = state {
			tracing::warn!(inference = id, reason, "not settled");
			app.metrics.settle_failures.with_label_values(&["inference"]).inc();
		}
	}
	app.queue.finish(&finished)?;

	let batches: Vec<&[(u64, Entry)]> = ready.chunks(max_batch).collect();
	let calls = batches.iter().map(|batch| settle_batch(batch)).collect::<Result<Vec<_>, _>>()?;
	let outcomes = app.chain.submit_all(signer, calls)?;
	let mut retry_alone = Vec::new();
	let mut node_error = None;
	for (batch, outcome) in batches.into_iter().zip(outcomes) {
		app.metrics.batch_size.observe(batch.len() as f64);
		match outcome {
			Ok(included) => match included.failure {
				None => {
					app.metrics.settled.inc_by(batch.len() as u64);
					let block = included.number;
					let done: Vec<(u64, State)> =
						batch.iter().map(|(id, _)| (*id, State::Settled { block })).collect();
					app.queue.finish(&done)?;
					tracing::info!(inferences = batch.len(), block, "settled");
				},
				Some(why) if PROVIDER_FAILURES.contains(&why.as_str()) =>
					node_error =
						Some(format!("the chain refused this provider's settlements: {why}")),
				// All or none: one bad settlement failed the batch. Alone, each meets its fate.
				Some(why) if batch.len() > 1 => {
					tracing::warn!(
						inferences = batch.len(),
						why,
						"batch failed; settling one by one"
					);
					retry_alone.extend(batch.iter().cloned());
				},
				Some(why) => {
					app.metrics.settle_failures.with_label_values(&["inference"]).inc();
					tracing::warn!(inference = batch[0].0, why, "settlement refused");
					app.queue.finish(&[(batch[0].0, State::Failed { reason: why })])?;
				},
			},
			Err(e) => node_error = Some(e),
		}
	}
	if !retry_alone.is_empty() {
		let calls = retry_alone
			.iter()
			.map(|one| settle_batch(std::slice::from_ref(one)))
			.collect::<Result<Vec<_>, _>>()?;
		let outcomes = app.chain.submit_all(signer, calls)?;
		for ((id, _), outcome) in retry_alone.iter().zip(outcomes) {
			let state = match outcome {
				Ok(included) => match included.failure {
					None => {
						app.metrics.settled.inc();
						State::Settled { block: included.number }
					},
					Some(why) if PROVIDER_FAILURES.contains(&why.as_str()) => continue,
					Some(why) => {
						app.metrics.settle_failures.with_label_values(&["inference"]).inc();
						State::Failed { reason: why }
					},
				},
				Err(e) => {
					node_error = Some(e);
					continue;
				},
			};
			app.queue.finish(&[(*id, state)])?;
		}
	}
	node_error.map_or(Ok(()), Err)
}

/// An inference found settled on chain: by this gateway with this output (a round that stopped
/// after its transaction was included), or by someone else.
fn settled_by(
	app: &App,
	entry: &Entry,
	record: &pallet_attribution::AttributionRecord<Runtime>,
) -> State {
	if record.provider == app.provider && record.output_hash.0 == entry.output_hash {
		State::Settled { block: record.settled_at.into() }
	} else {
		State::Failed { reason: "settled by another provider or with another output".into() }
	}
}

/// The `settleBatch` call of `batch`.
fn settle_batch(batch: &[(u64, Entry)]) -> Result<RuntimeCall, String> {
	let settlements = batch
		.iter()
		.map(|(id, entry)| {
			let attribution = entry
				.attribution
				.iter()
				.map(|(contribution, ppb)| AttributionEntry {
					contribution: *contribution,
					share: Perbill::from_parts(*ppb),
				})
				.collect::<Vec<_>>()
				.try_into()
				.map_err(|_| format!("inference {id}: more entries than the chain accepts"))?;
			Ok(Settlement { inference: *id, output_hash: H256(entry.output_hash), attribution })
		})
		.collect::<Result<Vec<Settlement<Runtime>>, String>>()?
		.try_into()
		.map_err(|_| "a batch larger than the chain accepts".to_owned())?;
	Ok(RuntimeCall::Attribution(pallet_attribution::Call::settle_batch { settlements }))
}
