//! What the gateway answered and what became of it, in an embedded database (redb: one file,
//! every write transaction durable when it commits), so that a gateway that crashes after
//! answering still settles what it answered when it starts again.
//!
//! An inference's entry goes through `Claimed` (a request for it is being answered: a second
//! request for it is refused), `Answered` (the answer was written before it was sent, and waits
//! for settlement), then `Settled` or `Failed`. A claim that never became an answer (the
//! gateway stopped while generating) is dropped at start, so the consumer may ask again: the
//! inference is still paid and pending on chain.

use redb::{Database, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Every inference this gateway took, by id: a JSON [`Entry`].
const INFERENCES: TableDefinition<u64, &[u8]> = TableDefinition::new("inferences");
/// The ids of those answered and not yet settled: the settlement queue, in id order.
const UNSETTLED: TableDefinition<u64, ()> = TableDefinition::new("unsettled");
/// The results of the agents' tasks this gateway completed, by task id: JSON, as returned.
const TASK_RESULTS: TableDefinition<u64, &[u8]> = TableDefinition::new("task-results");

/// Where an inference is.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum State {
	/// A request for it is being answered.
	Claimed,
	/// Answered; waiting to be settled.
	Answered,
	/// Settled on chain in block `block`.
	Settled { block: u64 },
	/// Not settled, and it will not be: why.
	Failed { reason: String },
}

/// One inference the gateway took.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
	pub state: State,
	pub model: u32,
	pub version: u32,
	/// The consumer asked for privacy: the output is not published.
	pub private: bool,
	/// The answer's text (empty while claimed).
	pub output: String,
	/// The BLAKE2-256 of `output`.
	pub output_hash: [u8; 32],
	/// Contribution ids and their shares of the data fee, in parts per billion.
	pub attribution: Vec<(u64, u32)>,
	/// When it was answered, in seconds since the Unix epoch.
	pub answered_at: u64,
}

/// The database.
pub struct Queue {
	db: Database,
}

/// A database failure, in words.
pub type Error = String;

fn err(e: impl std::fmt::Display) -> Error {
	format!("the gateway's database: {e}")
}

fn encode(entry: &Entry) -> Result<Vec<u8>, Error> {
	serde_json::to_vec(entry).map_err(err)
}

fn decode(bytes: &[u8]) -> Result<Entry, Error> {
	serde_json::from_slice(bytes).map_err(err)
}

impl Queue {
	/// Opens (or creates) the database at `path`, and drops the claims a stopped gateway left.
	/// Returns it and how many claims were dropped.
	pub fn open(path: &Path) -> Result<(Queue, usize), Error> {
		let db = Database::create(path).map_err(err)?;
		let tx = db.begin_write().map_err(err)?;
		let mut dropped = Vec::new();
		{
			let mut table = tx.open_table(INFERENCES).map_err(err)?;
			tx.open_table(UNSETTLED).map_err(err)?;
			tx.open_table(TASK_RESULTS).map_err(err)?;
			for row in table.iter().map_err(err)? {
				let (id, value) = row.map_err(err)?;
				if decode(value.value())?.state == State::Claimed {
					dropped.push(id.value());
				}
			}
			for id in &dropped {
				table.remove(id).map_err(err)?;
			}
		}
		tx.commit().map_err(err)?;
		Ok((Queue { db }, dropped.len()))
	}

	/// Claims `id` for one request; `Err(entry)` if it is already taken (claimed, answered,
	/// settled or failed).
	pub fn claim(
		&self,
		id: u64,
		model: u32,
		version: u32,
		private: bool,
	) -> Result<Result<(), Entry>, Error> {
		let tx = self.db.begin_write().map_err(err)?;
		{
			let mut table = tx.open_table(INFERENCES).map_err(err)?;
			if let Some(existing) = table.get(id).map_err(err)? {
				return Ok(Err(decode(existing.value())?));
			}
			let entry = Entry {
				state: State::Claimed,
				model,
				version,
				private,
				output: String::new(),
				output_hash: [0; 32],
				attribution: Vec::new(),
				answered_at: 0,
			};
			table.insert(id, encode(&entry)?.as_slice()).map_err(err)?;
		}
		tx.commit().map_err(err)?;
		Ok(Ok(()))
	}

	/// Gives up a claim whose request failed before it was answered.
	pub fn release(&self, id: u64) -> Result<(), Error> {
		let tx = self.db.begin_write().map_err(err)?;
		{
			let mut table = tx.open_table(INFERENCES).map_err(err)?;
			let claimed = match table.get(id).map_err(err)? {
				Some(value) => decode(value.value())?.state == State::Claimed,
				None => false,
			};
			if claimed {
				table.remove(id).map_err(err)?;
			}
		}
		tx.commit().map_err(err)
	}

	/// Records the answer to claimed inference `id` and queues it for settlement. Durable when
	/// this returns: only then is the answer sent.
	pub fn answer(&self, id: u64, entry: &Entry) -> Result<(), Error> {
		let tx = self.db.begin_write().map_err(err)?;
		{
			let mut table = tx.open_table(INFERENCES).map_err(err)?;
			table.insert(id, encode(entry)?.as_slice()).map_err(err)?;
			tx.open_table(UNSETTLED).map_err(err)?.insert(id, ()).map_err(err)?;
		}
		tx.commit().map_err(err)
	}

	/// Up to `limit` answered inferences waiting for settlement, oldest id first.
	pub fn unsettled(&self, limit: usize) -> Result<Vec<(u64, Entry)>, Error> {
		let tx = self.db.begin_read().map_err(err)?;
		let queue = tx.open_table(UNSETTLED).map_err(err)?;
		let table = tx.open_table(INFERENCES).map_err(err)?;
		let mut out = Vec::new();
		for row in queue.iter().map_err(err)?.take(limit) {
			let id = row.map_err(err)?.0.value();
			if let Some(value) = table.get(id).map_err(err)? {
				out.push((id, decode(value.value())?));
			}
		}
		Ok(out)
	}

	/// How many answered inferences wait for settlement.
	pub fn backlog(&self) -> Result<u64, Error> {
		let tx = self.db.begin_read().map_err(err)?;
		tx.open_table(UNSETTLED).map_err(err)?.len().map_err(err)
	}

	/// Sets the final state of answered inferences (`Settled` or `Failed`), taking them off
	/// the queue, in one transaction.
	pub fn finish(&self, outcomes: &[(u64, State)]) -> Result<(), Error> {
		let tx = self.db.begin_write().map_err(err)?;
		{
			let mut table = tx.open_table(INFERENCES).map_err(err)?;
			let mut queue = tx.open_table(UNSETTLED).map_err(err)?;
			for (id, state) in outcomes {
				let entry = match table.get(*id).map_err(err)? {
					Some(value) => decode(value.value())?,
					None => continue,
				};
				let entry = Entry { state: state.clone(), ..entry };
				table.insert(*id, encode(&entry)?.as_slice()).map_err(err)?;
				queue.remove(*id).map_err(err)?;
			}
		}
		tx.commit().map_err(err)
	}

	/// The result of task `task`, if this gateway completed it.
	pub fn task_result(&self, task: u64) -> Result<Option<serde_json::Value>, Error> {
		let tx = self.db.begin_read().map_err(err)?;
		let table = tx.open_table(TASK_RESULTS).map_err(err)?;
		let Some(bytes) = table.get(task).map_err(err)? else { return Ok(None) };
		serde_json::from_slice(bytes.value()).map(Some).map_err(err)
	}

	/// Records the result of task `task`, once it is completed on chain.
	pub fn put_task_result(&self, task: u64, result: &serde_json::Value) -> Result<(), Error> {
		let bytes = serde_json::to_vec(result).map_err(err)?;
		let tx = self.db.begin_write().map_err(err)?;
		tx.open_table(TASK_RESULTS)
			.map_err(err)?
			.insert(task, bytes.as_slice())
			.map_err(err)?;
		tx.commit().map_err(err)
	}

	/// Inference `id`'s entry, if this gateway took it.
	pub fn get(&self, id: u64) -> Result<Option<Entry>, Error> {
		let tx = self.db.begin_read().map_err(err)?;
		let table = tx.open_table(INFERENCES).map_err(err)?;
		let value = table.get(id).map_err(err)?;
		value.map(|v| decode(v.value())).transpose()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn answered(output: &str) -> Entry {
		Entry {
			state: State::Answered,
			model: 1,
			version: 1,
			private: false,
			output: output.into(),
			output_hash: openledger_attribution_engine::blake2_256(output.as_bytes()),
			attribution: vec![(4, 1_000_000_000)],
			answered_at: 1,
		}
	}

	#[test]
	fn an_inference_is_claimed_once() {
		let dir = tempfile::tempdir().unwrap();
		let (queue, _) = Queue::open(&dir.path().join("q.redb")).unwrap();
		assert_eq!(queue.claim(7, 1, 1, false).unwrap(), Ok(()));
		assert_eq!(queue.claim(7, 1, 1, false).unwrap().unwrap_err().state, State::Claimed);
		queue.release(7).unwrap();
		assert_eq!(queue.claim(7, 1, 1, false).unwrap(), Ok(()));
		queue.answer(7, &answered("yes")).unwrap();
		queue.release(7).unwrap();
		assert_eq!(
			queue.claim(7, 1, 1, false).unwrap().unwrap_err().state,
			State::Answered,
			"an answered inference is not released"
		);
	}

	#[test]
	fn answers_survive_a_crash_and_claims_do_not() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("q.redb");
		{
			let (queue, _) = Queue::open(&path).unwrap();
			for id in [3, 1, 2] {
				queue.claim(id, 1, 1, false).unwrap().unwrap();
			}
			queue.answer(3, &answered("three")).unwrap();
			queue.answer(1, &answered("one")).unwrap();
			// The gateway stops here, answering 2 (the end-to-end test kills a real one).
			drop(queue);
		}
		let (queue, dropped) = Queue::open(&path).unwrap();
		assert_eq!(dropped, 1);
		assert_eq!(queue.get(2).unwrap(), None, "the unanswered claim is given up");
		let waiting = queue.unsettled(10).unwrap();
		assert_eq!(waiting.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![1, 3]);
		assert_eq!(waiting[1].1.output, "three");
		assert_eq!(queue.backlog().unwrap(), 2);

		queue
			.finish(&[(1, State::Settled { block: 9 }), (3, State::Failed { reason: "r".into() })])
			.unwrap();
		assert!(queue.unsettled(10).unwrap().is_empty());
		assert_eq!(queue.get(1).unwrap().unwrap().state, State::Settled { block: 9 });
		assert_eq!(queue.get(1).unwrap().unwrap().output, "one");
	}
}
