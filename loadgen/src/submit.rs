//! Submits pre-signed extrinsics over several connections at once, in JSON-RPC batches, keeping
//! at most a window of them in the node's pool ahead of what blocks have included.

use openledger_client::{hex, Error, Rpc};
use serde_json::json;
use std::{
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc,
	},
	thread::JoinHandle,
	time::Duration,
};

/// Extrinsics per JSON-RPC batch request.
const BATCH: usize = 256;

/// Shared by the submitting threads and the block watcher.
#[derive(Default)]
pub struct Progress {
	/// Extrinsics the pool accepted.
	pub accepted: AtomicU64,
	/// Extrinsics the pool refused for good (not for being full).
	pub refused: AtomicU64,
	/// Units of the running scenario's kind that blocks have included.
	pub included: AtomicU64,
	/// Set to stop the submitters early.
	pub stop: AtomicBool,
}

/// Whether a submission error means "try again later": the pool is full (1016, "Immediately
/// Dropped"). The window keeps the pool below its limit, so this is rare.
fn transient(error: &str) -> bool {
	error.contains("1016") || error.contains("Immediately Dropped")
}

/// Starts one thread per connection. `lanes` are the extrinsics (SCALE-encoded) of each
/// connection, each lane holding whole accounts in nonce order, so a connection never sends a
/// nonce before the one it follows. A thread waits while more than `window` accepted extrinsics
/// are not yet counted in `progress.included`.
pub fn start(
	url: &str,
	lanes: Vec<Vec<Vec<u8>>>,
	window: u64,
	progress: Arc<Progress>,
) -> Result<Vec<JoinHandle<Result<(), Error>>>, Error> {
	let mut threads = Vec::new();
	for lane in lanes {
		let rpc = Rpc::new(url)?;
		let progress = progress.clone();
		threads.push(std::thread::spawn(move || {
			let mut first_refusal = None;
			for chunk in lane.chunks(BATCH) {
				let mut todo: Vec<serde_json::Value> =
					chunk.iter().map(|xt| json!([hex(xt)])).collect();
				while !todo.is_empty() {
					if progress.stop.load(Ordering::Relaxed) {
						return Ok(());
					}
					let ahead = progress
						.accepted
						.load(Ordering::Relaxed)
						.saturating_sub(progress.included.load(Ordering::Relaxed));
					if ahead > window {
						std::thread::sleep(Duration::from_millis(50));
						continue;
					}
					let results = rpc.call_batch("author_submitExtrinsic", &todo)?;
					let mut retry = Vec::new();
					for (params, result) in todo.into_iter().zip(results) {
						match result {
							Ok(_) => {
								progress.accepted.fetch_add(1, Ordering::Relaxed);
							},
							Err(e) if transient(&e) => retry.push(params),
							Err(e) => {
								progress.refused.fetch_add(1, Ordering::Relaxed);
								first_refusal.get_or_insert(e);
							},
						}
					}
					if !retry.is_empty() {
						std::thread::sleep(Duration::from_millis(200));
					}
					todo = retry;
				}
			}
			match first_refusal {
				Some(e) => Err(format!("the pool refused extrinsics, the first with {e}")),
				None => Ok(()),
			}
		}));
	}
	Ok(threads)
}
