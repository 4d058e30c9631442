//! `openledger-loadgen`: measures, on one running node, how many balance transfers,
//! contributions and attributed inference settlements (single and batched) the chain includes
//! per block and per second.
//!
//! ```text
//! openledger-loadgen [--url http://127.0.0.1:9944] [--accounts 1024] [--connections 4]
//!                    [--blocks 5] [--attribution 16] [--batch 256]
//!                    [--scenarios transfers,contributions,batched-contributions,
//!                                 settlements,batched-settlements,task-opens,task-runs]
//! ```
//!
//! It funds `--accounts` accounts derived from `//Alice` (`//Alice//loadgen//N`), sets up what
//! each scenario needs (a Datanet, a published version, a model, paid inference requests,
//! agents run by half of the accounts), then
//! runs the scenarios one after the other. Each scenario pre-signs enough extrinsics to fill
//! its blocks for `--blocks` blocks plus a ramp at each end, submits them over `--connections`
//! connections, and counts from every new block what it holds (extrinsics by call, the events
//! that prove the work was done, weight used). The rate is the work in the blocks between the
//! first and the last (the ramps are left out) over their timestamps. Start the node with a
//! pool large enough for two blocks of transfers: `--pool-limit 65536 --pool-kbytes 65536`.
//! docs/performance.md has the measurements and how they were taken.

mod submit;
mod watch;
mod workload;

use clap::Parser;
use openledger_client::{Chain, Error};
use openledger_runtime::Hash;
use std::{
	sync::{atomic::Ordering, Arc},
	time::{Duration, Instant},
};
use submit::Progress;
use watch::{BlockStats, Kind};
use workload::Workload;

#[derive(Parser)]
#[command(version, about)]
struct Args {
	/// The node's RPC endpoint.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	url: String,
	/// How many accounts sign (each funded from Alice).
	#[arg(long, default_value_t = 1024)]
	accounts: u32,
	/// Connections submitting at once.
	#[arg(long, default_value_t = 4)]
	connections: usize,
	/// Full blocks measured per scenario.
	#[arg(long, default_value_t = 5)]
	blocks: u32,
	/// Entries in each inference's attribution.
	#[arg(long, default_value_t = 16)]
	attribution: u32,
	/// Settlements per `settle_batch`, and contributions per `contribute_batch` (at most
	/// the runtime's `MaxContributionBatch`).
	#[arg(long, default_value_t = 256)]
	batch: u32,
	/// The scenarios to run, in order.
	#[arg(
		long,
		value_delimiter = ',',
		default_value = "transfers,contributions,batched-contributions,settlements,batched-settlements,task-opens,task-runs"
	)]
	scenarios: Vec<String>,
}

/// A scenario's pre-signed extrinsics, by connection.
pub struct Scenario {
	/// Its name in the report.
	pub name: &'static str,
	/// The kind of extrinsic it measures.
	pub kind: Kind,
	/// The extrinsics of each connection.
	pub lanes: Vec<Vec<Vec<u8>>>,
	/// How many of them fit in a block, by their weight and length.
	pub per_block: u64,
}

impl Scenario {
	fn extrinsics(&self) -> u64 {
		self.lanes.iter().map(|l| l.len() as u64).sum()
	}
}

/// What a scenario measured.
struct Measured {
	name: &'static str,
	units_per_second: f64,
	units_per_block: f64,
	max_units_in_a_block: u64,
	weight_use: f64,
	bytes_per_block: f64,
	blocks: usize,
	units: u64,
	failed: u64,
}

/// Submits `scenario` and follows the chain until every accepted extrinsic of it is included;
/// returns the blocks that held any.
fn run(
	chain: &Chain,
	url: &str,
	scenario: Scenario,
	quiet: bool,
) -> Result<Vec<BlockStats>, Error> {
	let total = scenario.extrinsics();
	// Two blocks' worth in the pool keeps every block full without flooding the pool.
	let window = total.min(scenario.per_block.saturating_mul(2)).max(1);
	let progress = Arc::new(Progress::default());
	let mut next = chain.best_number()?.saturating_add(1);
	let threads = submit::start(url, scenario.lanes, window, progress.clone())?;
	let started = Instant::now();
	let mut last_progress = Instant::now();
	let mut counted = Counted::default();
	loop {
		let refused = progress.refused.load(Ordering::Relaxed);
		if counted.included.saturating_add(refused) >= total {
			break;
		}
		if last_progress.elapsed() > Duration::from_secs(90) {
			progress.stop.store(true, Ordering::Relaxed);
			return Err(format!(
				"{}: nothing included for 90 s ({} of {total} included, {refused} refused)",
				scenario.name, counted.included
			));
		}
		if next > chain.best_number()? {
			std::thread::sleep(Duration::from_millis(200));
			continue;
		}
		// A block authored late can lose its place to a sibling; its extrinsics go back to the
		// pool and are counted again where they are included.
		if let Some(from) = counted.retract(|number| chain.block_hash(number))? {
			println!(
				"  reorganisation: the blocks from #{from} were replaced; {} of {total} counted",
				counted.included
			);
			progress.included.store(counted.included, Ordering::Relaxed);
			next = from;
		}
		let (hash, stats) = watch::read_block(chain, next)?;
		next = next.saturating_add(1);
		let tally = stats.kinds.get(&scenario.kind).copied().unwrap_or_default();
		if tally.extrinsics > 0 {
			last_progress = Instant::now();
		}
		let included = counted.included.saturating_add(tally.extrinsics);
		progress.included.store(included, Ordering::Relaxed);
		if !quiet {
			println!(
				"  #{:<6} {:>6} {} in {:>5} extrinsics ({} failed), weight {:>5.1}% of normal, {:>7} bytes  [{included}/{total}, {:.0} s]",
				stats.number,
				tally.units,
				scenario.name,
				tally.extrinsics,
				tally.failed,
				stats.normal_weight_use * 100.0,
				stats.length,
				started.elapsed().as_secs_f64(),
			);
			if let Some(failure) = &stats.first_failure {
				println!("          first failure: {failure}");
			}
		}
		counted.add(hash, stats, tally.extrinsics);
	}
	for thread in threads {
		thread.join().map_err(|_| "a submitting thread panicked")??;
	}
	Ok(counted.blocks.into_iter().map(|(_, stats)| stats).collect())
}

/// The blocks a scenario has read, which a reorganisation of the chain can take back.
#[derive(Default)]
struct Counted {
	/// Every block read, in order: its number, its hash and the scenario's extrinsics in it.
	read: Vec<(u64, Hash, u64)>,
	/// The blocks that held any of the scenario's extrinsics, with their hashes.
	blocks: Vec<(Hash, BlockStats)>,
	/// The scenario's extrinsics in the blocks read.
	included: u64,
}

impl Counted {
	/// Counts block `hash`, which held `extrinsics` of the scenario's.
	fn add(&mut self, hash: Hash, stats: BlockStats, extrinsics: u64) {
		self.read.push((stats.number, hash, extrinsics));
		self.included = self.included.saturating_add(extrinsics);
		if extrinsics > 0 {
			self.blocks.push((hash, stats));
		}
	}

	/// Forgets the blocks read that the best chain no longer holds (`best_at` gives its hash at
	/// a height), newest first, and returns the height to read again from, if any.
	fn retract(
		&mut self,
		mut best_at: impl FnMut(u64) -> Result<Option<Hash>, Error>,
	) -> Result<Option<u64>, Error> {
		let mut from = None;
		while let Some(&(number, hash, extrinsics)) = self.read.last() {
			if best_at(number)? == Some(hash) {
				break;
			}
			self.read.pop();
			self.included = self.included.saturating_sub(extrinsics);
			if self.blocks.last().is_some_and(|(h, _)| *h == hash) {
				self.blocks.pop();
			}
			from = Some(number);
		}
		Ok(from)
	}
}

/// The steady-state figures of a scenario's blocks: the first and last blocks are ramps (the
/// pool filling, the tail draining) and are left out when there are more than two.
fn measure(name: &'static str, kind: Kind, blocks: &[BlockStats]) -> Result<Measured, Error> {
	let units = |b: &BlockStats| b.kinds.get(&kind).map_or(0, |t| t.units);
	let failed: u64 = blocks.iter().map(|b| b.kinds.get(&kind).map_or(0, |t| t.failed)).sum();
	let total: u64 = blocks.iter().map(units).sum();
	let (before, steady) = match blocks {
		[first, middle @ .., _last] if !middle.is_empty() => (first, middle),
		[first, ..] => (first, blocks),
		[] => return Err(format!("{name}: no block held any")),
	};
	let count = steady.len();
	let steady_units: u64 = steady.iter().map(units).sum();
	let end = steady.last().map_or(before.timestamp, |b| b.timestamp);
	// With the ramps kept (two blocks or fewer) the first block's own slot is counted too.
	let start = if std::ptr::eq(steady.as_ptr(), blocks.as_ptr()) {
		before.timestamp.saturating_sub(openledger_runtime::time::SLOT_DURATION)
	} else {
		before.timestamp
	};
	let seconds = end.saturating_sub(start) as f64 / 1000.0;
	Ok(Measured {
		name,
		units_per_second: steady_units as f64 / seconds.max(f64::MIN_POSITIVE),
		units_per_block: steady_units as f64 / count as f64,
		max_units_in_a_block: blocks.iter().map(units).max().unwrap_or(0),
		weight_use: steady.iter().map(|b| b.normal_weight_use).sum::<f64>() / count as f64,
		bytes_per_block: steady.iter().map(|b| b.length as f64).sum::<f64>() / count as f64,
		blocks: count,
		units: total,
		failed,
	})
}

fn main() {
	if let Err(e) = run_all(Args::parse()) {
		eprintln!("openledger-loadgen: {e}");
		std::process::exit(1);
	}
}

fn run_all(args: Args) -> Result<(), Error> {
	let chain = Chain::connect(&args.url)?;
	println!(
		"openledger-loadgen: {} accounts, {} connections, {} measured blocks per scenario",
		args.accounts, args.connections, args.blocks
	);
	let mut workload = Workload::prepare(&chain, &args)?;
	let mut results = Vec::new();
	for name in &args.scenarios {
		let scenario = workload.scenario(&chain, &args, &args.url, name)?;
		let (label, kind) = (scenario.name, scenario.kind);
		println!("{label}: {} extrinsics", scenario.extrinsics());
		let blocks = run(&chain, &args.url, scenario, false)?;
		let measured = measure(label, kind, &blocks)?;
		println!(
			"{label}: {:.1}/s ({:.0} per block over {} full blocks, at most {} in one), {:.1}% of normal weight, {:.0} KB per block; {} in all, {} failed",
			measured.units_per_second,
			measured.units_per_block,
			measured.blocks,
			measured.max_units_in_a_block,
			measured.weight_use * 100.0,
			measured.bytes_per_block / 1024.0,
			measured.units,
			measured.failed,
		);
		if measured.failed > 0 {
			return Err(format!("{label}: {} extrinsics failed", measured.failed));
		}
		results.push(measured);
	}
	report(&results);
	Ok(())
}

/// The summary table, each rate also as a ratio to transfers.
fn report(results: &[Measured]) {
	let transfers = results.iter().find(|m| m.name == "transfers").map(|m| m.units_per_second);
	println!(
		"\n| scenario | per second | × transfers | per block | normal weight used | KB per block |"
	);
	println!("|---|---|---|---|---|---|");
	for m in results {
		let ratio =
			transfers.map_or("–".to_owned(), |t| format!("{:.2}", m.units_per_second / t));
		println!(
			"| {} | {:.1} | {ratio} | {:.0} | {:.1}% | {:.0} |",
			m.name,
			m.units_per_second,
			m.units_per_block,
			m.weight_use * 100.0,
			m.bytes_per_block / 1024.0
		);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn block(number: u64) -> BlockStats {
		BlockStats {
			number,
			timestamp: number.saturating_mul(6_000),
			kinds: Default::default(),
			normal_weight_use: 1.0,
			length: 0,
			first_failure: None,
		}
	}

	/// Counts blocks 1..=4 (block `n`'s hash is `n` repeated), holding 10, 0, 20 and 30
	/// extrinsics.
	fn counted() -> Counted {
		let mut counted = Counted::default();
		for (number, extrinsics) in [(1, 10), (2, 0), (3, 20), (4, 30)] {
			counted.add(Hash::repeat_byte(number as u8), block(number), extrinsics);
		}
		counted
	}

	#[test]
	fn nothing_is_retracted_while_the_best_chain_holds_what_was_read() {
		let mut counted = counted();
		let retracted = counted.retract(|n| Ok(Some(Hash::repeat_byte(n as u8))));
		assert_eq!(retracted, Ok(None));
		assert_eq!(counted.included, 60);
		assert_eq!(counted.blocks.len(), 3);
	}

	#[test]
	fn replaced_blocks_are_uncounted_and_read_again() {
		let mut counted = counted();
		// The best chain now has other blocks from #3 on.
		let best =
			|n: u64| Ok(Some(Hash::repeat_byte(if n >= 3 { 100 + n as u8 } else { n as u8 })));
		assert_eq!(counted.retract(best), Ok(Some(3)));
		assert_eq!(counted.included, 10);
		assert_eq!(counted.blocks.iter().map(|(_, b)| b.number).collect::<Vec<_>>(), vec![1]);
		assert_eq!(counted.read.len(), 2);

		// Read again from there, the new blocks count.
		counted.add(Hash::repeat_byte(103), block(3), 25);
		assert_eq!(counted.retract(best), Ok(None));
		assert_eq!(counted.included, 35);
	}

	#[test]
	fn a_best_chain_shorter_than_what_was_read_retracts_the_rest() {
		let mut counted = counted();
		let best = |n: u64| Ok((n <= 2).then(|| Hash::repeat_byte(n as u8)));
		assert_eq!(counted.retract(best), Ok(Some(3)));
		assert_eq!(counted.included, 10);
	}
}
