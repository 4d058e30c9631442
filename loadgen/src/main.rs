//! `openledger-loadgen`: measures, on one running node, how many balance transfers,
//! contributions and attributed inference settlements (single and batched) the chain includes
//! per block and per second.
//!
//! ```text
//! openledger-loadgen [--url http://127.0.0.1:9944] [--accounts 1024] [--connections 4]
//!                    [--blocks 5] [--attribution 16] [--batch 100]
//!                    [--scenarios transfers,contributions,batched-contributions,
//!                                 settlements,batched-settlements]
//! ```
//!
//! It funds `--accounts` accounts derived from `//Alice` (`//Alice//loadgen//N`), sets up what
//! each scenario needs (a Datanet, a published version, a model, paid inference requests), then
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
		default_value = "transfers,contributions,batched-contributions,settlements,batched-settlements"
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
	let mut blocks = Vec::new();
	let mut included = 0u64;
	loop {
		let refused = progress.refused.load(Ordering::Relaxed);
		if included.saturating_add(refused) >= total {
			break;
		}
		if last_progress.elapsed() > Duration::from_secs(90) {
			progress.stop.store(true, Ordering::Relaxed);
			return Err(format!(
				"{}: nothing included for 90 s ({included} of {total} included, {refused} refused)",
				scenario.name
			));
		}
		if next > chain.best_number()? {
			std::thread::sleep(Duration::from_millis(200));
			continue;
		}
		let (_, stats) = watch::read_block(chain, next)?;
		next = next.saturating_add(1);
		let tally = stats.kinds.get(&scenario.kind).copied().unwrap_or_default();
		if tally.extrinsics > 0 {
			included = included.saturating_add(tally.extrinsics);
			progress.included.store(included, Ordering::Relaxed);
			last_progress = Instant::now();
		}
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
		if tally.extrinsics > 0 {
			blocks.push(stats);
		}
	}
	for thread in threads {
		thread.join().map_err(|_| "a submitting thread panicked")??;
	}
	Ok(blocks)
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
