//! `openledger-attribute`: the attribution engine's command line.
//!
//! ```text
//! openledger-attribute index     --datanet D --version V (--dir DIR | --manifest FILE) --out FILE
//! openledger-attribute attribute --index FILE... --output-file FILE [--json]
//! openledger-attribute settle    --inference ID --output-file FILE --index FILE... --seed SEED
//! openledger-attribute verify    --inference ID --output-file FILE --index FILE...
//! openledger-attribute challenge --inference ID --contribution C --seed SEED [--follow]
//!                                [--output-file FILE --file FILE]
//! openledger-attribute answer    --inference ID [--challenge N] [--contribution C]
//!                                --output-file FILE --file FILE --seed SEED
//! openledger-attribute generate  --index FILE... [--base-index FILE...] --prompt TEXT
//!                                [--max-tokens N] [--seed S [--temperature T]] [--stop TEXT]
//!                                [--out FILE] [--json]
//! openledger-attribute model-hash --index FILE... [--base-index FILE...] [--model M [--version V]]
//! ```
//!
//! `index` reads a published Datanet version's contributions from the chain, finds each one's
//! file by its content hash, checks the list against the version's Merkle root and writes the
//! index. `attribute` is offline. `settle` submits the attribution of an output for a pending
//! inference, signed by a provider of the model; `verify` recomputes a settled one and says
//! whether it matches the chain's record bit for bit. `challenge` disputes a settled credit, or
//! with the output and a lineage contribution's file the omission of a contribution the output
//! quotes (and with `--follow` waits for the verdict); `answer` answers a challenge with a span
//! witness built from the output and a contribution's file. `generate` answers a prompt with the
//! ∞-gram model of a lineage's indexes (offline), and `model-hash` names that model: the
//! `artifact_hash` to register it with, checked against a registered model's with `--model`.
//! docs/attribution.md has the rule, the challenges and a walk-through.

mod challenge;
mod generate;

use clap::{Args, Parser, Subcommand};
use frame_support::traits::Get;
use openledger_attribution_engine::{
	attribute, blake2_256, content_root, hex, merkle, Attribution, ContributionText, Index,
	IndexMeta, Params, Verify,
};
use openledger_client::{self as chain, Chain};
use openledger_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_attribution::AttributionEntry;
use serde_json::json;
use sp_core::H256;
use sp_runtime::Perbill;
use std::{
	collections::{BTreeMap, BTreeSet},
	path::{Path, PathBuf},
	process::ExitCode,
	time::Instant,
};

/// The engine's command line: index Datanet versions, attribute outputs, settle and verify.
#[derive(Parser)]
#[command(name = "openledger-attribute", version)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Index the files of a published Datanet version, checked against the chain.
	Index(IndexArgs),
	/// Attribute an output to the contributions of the given indexes (offline).
	Attribute(AttributeArgs),
	/// Settle a pending inference with the attribution of its output.
	Settle(SettleArgs),
	/// Recompute a settled inference's attribution and compare it with the chain's record.
	Verify(VerifyArgs),
	/// Challenge a settled inference's credit to a contribution the output does not quote, or
	/// its omission of one the output quotes.
	Challenge(challenge::ChallengeArgs),
	/// Answer a challenge with a span witness from the output and the contribution's file.
	Answer(challenge::AnswerArgs),
	/// Answer a prompt with the ∞-gram model of the given indexes (offline): what follows the
	/// longest run of the prompt's end found in the data.
	Generate(generate::GenerateArgs),
	/// Print the model hash of the given indexes: the artifact hash to register the model with.
	ModelHash(generate::ModelHashArgs),
}

#[derive(Args)]
struct Node {
	/// The node's RPC endpoint.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	url: String,
}

#[derive(Args)]
struct IndexArgs {
	#[command(flatten)]
	node: Node,
	/// The Datanet.
	#[arg(long)]
	datanet: u32,
	/// Its published version.
	#[arg(long)]
	version: u32,
	/// A directory holding the version's files (searched recursively).
	#[arg(long, conflicts_with = "manifest", required_unless_present = "manifest")]
	dir: Option<PathBuf>,
	/// A file listing the version's files, one path per line (relative to the manifest).
	#[arg(long)]
	manifest: Option<PathBuf>,
	/// Where to write the index.
	#[arg(long)]
	out: PathBuf,
}

#[derive(Args)]
struct Query {
	/// The index of each Datanet version in the model's lineage (repeat the option).
	#[arg(long = "index", required = true)]
	indexes: Vec<PathBuf>,
	/// The model's output: a file, or `-` for standard input.
	#[arg(long)]
	output_file: PathBuf,
	/// The fewest tokens a verbatim span needs to count.
	#[arg(long, default_value_t = Params::default().min_span)]
	min_span: usize,
}

#[derive(Args)]
struct AttributeArgs {
	#[command(flatten)]
	query: Query,
	/// The most entries (default: the chain's `MaxAttribution`).
	#[arg(long)]
	max_entries: Option<usize>,
	/// Print one JSON object instead of text.
	#[arg(long)]
	json: bool,
}

#[derive(Args)]
struct SettleArgs {
	#[command(flatten)]
	node: Node,
	#[command(flatten)]
	query: Query,
	/// The pending inference.
	#[arg(long)]
	inference: u64,
	/// The provider's secret seed or URI (for example //Eve on a dev chain).
	#[arg(long)]
	seed: String,
}

#[derive(Args)]
struct VerifyArgs {
	#[command(flatten)]
	node: Node,
	#[command(flatten)]
	query: Query,
	/// The settled inference.
	#[arg(long)]
	inference: u64,
}

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
	let outcome = match Cli::parse().command {
		Command::Index(args) => index(args),
		Command::Attribute(args) => attribute_offline(args),
		Command::Settle(args) => settle(args),
		Command::Verify(args) => verify(args),
		Command::Challenge(args) => challenge::challenge(args),
		Command::Answer(args) => challenge::answer(args),
		Command::Generate(args) => generate::generate(args),
		Command::ModelHash(args) => generate::print_model_hash(args),
	};
	match outcome {
		Ok(code) => code,
		Err(error) => {
			eprintln!("error: {error}");
			ExitCode::from(2)
		},
	}
}

/// The chain's cap on attribution entries.
fn max_attribution() -> usize {
	<<Runtime as pallet_attribution::Config>::MaxAttribution as Get<u32>>::get() as usize
}

/// An amount in OPEN with all its decimals ("2.5 OPEN").
fn open(amount: u128) -> String {
	let unit = openledger_runtime::currency::OPEN;
	let fraction = format!("{:018}", amount % unit);
	let fraction = fraction.trim_end_matches('0');
	let dot = if fraction.is_empty() { "" } else { "." };
	format!("{}{dot}{fraction} OPEN", amount / unit)
}

/// A share in parts per billion as a percentage with all its digits.
fn percent(ppb: u32) -> String {
	format!("{}.{:07}%", ppb / 10_000_000, ppb % 10_000_000)
}

fn read(path: &Path) -> Result<Vec<u8>> {
	if path == Path::new("-") {
		let mut bytes = Vec::new();
		std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
			.map_err(|e| format!("cannot read standard input: {e}"))?;
		return Ok(bytes);
	}
	std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The index file at `path`, memory-mapped and checked throughout.
fn open_index(path: &Path) -> Result<Index> {
	Index::open(path, Verify::Everything).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every regular file under `dir`, in path order.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
	let entries =
		std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
	let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
	paths.sort();
	for path in paths {
		if path.is_dir() {
			files_under(&path, out)?;
		} else if path.is_file() {
			out.push(path);
		}
	}
	Ok(())
}

fn index(args: IndexArgs) -> Result<ExitCode> {
	let started = Instant::now();
	let chain = Chain::connect(&args.node.url)?;
	let version = chain.version(args.datanet, args.version)?.ok_or_else(|| {
		format!("Datanet {} has no published version {}", args.datanet, args.version)
	})?;
	let listed = chain.version_contributions(args.datanet, args.version, version.contributions)?;
	let hashes: Vec<[u8; 32]> = listed.iter().map(|(_, c)| c.content_hash.0).collect();
	if merkle::root(&hashes) != version.merkle_root.0 {
		return Err(
			"the contributions the node listed do not match the version's Merkle root".into()
		);
	}
	eprintln!(
		"Datanet {} version {}: {} contributions, {} bytes, Merkle root {}",
		args.datanet,
		args.version,
		version.contributions,
		version.total_bytes,
		hex(&version.merkle_root.0)
	);

	let mut paths = Vec::new();
	match (&args.dir, &args.manifest) {
		(Some(dir), _) => files_under(dir, &mut paths)?,
		(None, Some(manifest)) => {
			let base = manifest.parent().unwrap_or(Path::new("."));
			let text = String::from_utf8_lossy(&read(manifest)?).into_owned();
			paths = text
				.lines()
				.map(str::trim)
				.filter(|l| !l.is_empty() && !l.starts_with('#'))
				.map(|l| base.join(l))
				.collect();
		},
		(None, None) => return Err("give --dir or --manifest".into()),
	}
	// Each file under the hash the version commits to it by: its content root, or the plain
	// hash of a large file contributed before content roots.
	let wanted: BTreeSet<[u8; 32]> = hashes.iter().copied().collect();
	let (mut by_hash, mut ignored) = (BTreeMap::<[u8; 32], Vec<u8>>::new(), 0usize);
	for path in &paths {
		let bytes = read(path)?;
		let root = content_root(&bytes);
		let hash =
			if wanted.contains(&root) || bytes.len() <= 1024 { root } else { blake2_256(&bytes) };
		ignored = ignored.saturating_add(usize::from(!wanted.contains(&hash)));
		by_hash.entry(hash).or_insert(bytes);
	}

	let (mut contributions, mut missing) = (Vec::new(), Vec::new());
	for (id, c) in &listed {
		match by_hash.remove(&c.content_hash.0) {
			Some(bytes) if bytes.len() as u64 == c.size_bytes => contributions
				.push(ContributionText { id: *id, content_hash: c.content_hash.0, bytes }),
			Some(bytes) =>
				return Err(format!(
					"contribution {id}: its file has {} bytes, the chain records {}",
					bytes.len(),
					c.size_bytes
				)),
			None => missing.push(format!("{id} ({})", hex(&c.content_hash.0))),
		}
	}
	if !missing.is_empty() {
		return Err(format!("no file for contributions {}", missing.join(", ")));
	}
	let bytes: usize = contributions.iter().map(|c| c.bytes.len()).sum();
	let meta = IndexMeta {
		datanet: args.datanet,
		version: args.version,
		merkle_root: version.merkle_root.0,
	};
	let built = Index::build(meta, contributions).map_err(|e| e.to_string())?;
	let encoded = built.to_bytes();
	built.write(&args.out).map_err(|e| e.to_string())?;
	let seconds = started.elapsed().as_secs_f64();
	println!(
		"indexed {} contributions ({} bytes, {} tokens, {} distinct, {} shards) into {} ({} bytes) in {:.2} s",
		built.contributions.len(),
		bytes,
		built.token_count(),
		built.vocabulary.len(),
		built.shards.len(),
		args.out.display(),
		encoded.len(),
		seconds
	);
	println!("index hash {}", hex(&blake2_256(&encoded)));
	if ignored > 0 {
		eprintln!("ignored {ignored} files that are not in the version");
	}
	Ok(ExitCode::SUCCESS)
}

/// The indexes and the output of a query, and its attribution.
struct Computed {
	indexes: Vec<Index>,
	output: Vec<u8>,
	attribution: Attribution,
}

fn compute(query: &Query, max_entries: usize) -> Result<Computed> {
	let indexes = query.indexes.iter().map(|path| open_index(path)).collect::<Result<Vec<_>>>()?;
	let output = read(&query.output_file)?;
	let params = Params { min_span: query.min_span, max_entries };
	let refs: Vec<&Index> = indexes.iter().collect();
	let attribution =
		attribute(&refs, &String::from_utf8_lossy(&output), &params).map_err(|e| e.to_string())?;
	Ok(Computed { indexes, output, attribution })
}

fn print_attribution(computed: &Computed) {
	let text = String::from_utf8_lossy(&computed.output);
	println!(
		"output: {} tokens, hash {}; {} verbatim spans",
		computed.attribution.output_tokens,
		hex(&blake2_256(&computed.output)),
		computed.attribution.spans.len()
	);
	for span in &computed.attribution.spans {
		let quoted = text.get(span.bytes.0..span.bytes.1).unwrap_or_default();
		println!("  {:>3} tokens in {:?}: {quoted:?}", span.tokens, span.contributions);
	}
	for entry in &computed.attribution.entries {
		println!("contribution {:>6}: {}", entry.contribution, percent(entry.share_ppb));
	}
}

fn attribute_offline(args: AttributeArgs) -> Result<ExitCode> {
	let computed = compute(&args.query, args.max_entries.unwrap_or_else(max_attribution))?;
	if args.json {
		let text = String::from_utf8_lossy(&computed.output);
		let spans: Vec<_> = computed
			.attribution
			.spans
			.iter()
			.map(|s| {
				json!({ "tokenStart": s.token_start, "tokens": s.tokens,
					"text": text.get(s.bytes.0..s.bytes.1), "contributions": s.contributions })
			})
			.collect();
		let entries: Vec<_> = computed
			.attribution
			.entries
			.iter()
			.map(|e| json!({ "contribution": e.contribution, "sharePpb": e.share_ppb }))
			.collect();
		let out = json!({
			"outputHash": hex(&blake2_256(&computed.output)),
			"outputTokens": computed.attribution.output_tokens,
			"indexes": computed.indexes.iter().map(|i| json!({
				"datanet": i.meta.datanet, "version": i.meta.version, "hash": hex(&i.hash()) })).collect::<Vec<_>>(),
			"spans": spans,
			"attribution": entries,
		});
		println!("{out}");
	} else {
		print_attribution(&computed);
	}
	Ok(ExitCode::SUCCESS)
}

/// The indexes must be exactly the lineage of the model version, and each must list exactly
/// the contributions the chain published in that version (ids, content hashes and sizes, in
/// order), under the version's Merkle root.
fn check_lineage(chain: &Chain, model: u32, version: u32, indexes: &[Index]) -> Result<()> {
	let want = chain.lineage(model, version)?.iter().map(|e| (e.datanet, e.version)).collect();
	check_indexes(chain, indexes, &want, &format!("model {model} version {version}"))
}

/// The indexes must be of exactly the Datanet versions `want` (`what`'s lineage), each listing
/// the version's contributions as the chain does.
fn check_indexes(
	chain: &Chain,
	indexes: &[Index],
	want: &BTreeSet<(u32, u32)>,
	what: &str,
) -> Result<()> {
	let have: BTreeSet<(u32, u32)> =
		indexes.iter().map(|i| (i.meta.datanet, i.meta.version)).collect();
	if &have != want || have.len() != indexes.len() {
		let list = |set: &BTreeSet<(u32, u32)>| {
			set.iter().map(|(d, v)| format!("{d}/{v}")).collect::<Vec<_>>().join(", ")
		};
		return Err(format!(
			"{what} was trained on Datanet versions [{}]; the indexes given are of [{}]{}",
			list(want),
			list(&have),
			if have.len() != indexes.len() { " (with repeats)" } else { "" }
		));
	}
	check_listed(chain, indexes)
}

/// Each index lists exactly the contributions the chain published in its Datanet version (ids,
/// content hashes and sizes, in order), under the version's Merkle root.
fn check_listed(chain: &Chain, indexes: &[Index]) -> Result<()> {
	for index in indexes {
		let (d, v) = (index.meta.datanet, index.meta.version);
		let published =
			chain.version(d, v)?.ok_or_else(|| format!("Datanet {d} has no version {v}"))?;
		let listed = chain.version_contributions(d, v, published.contributions)?;
		let on_chain = listed.iter().map(|(id, c)| (*id, c.content_hash.0, c.size_bytes));
		let indexed = index.contributions.iter().map(|c| (c.id, c.content_hash, c.size_bytes));
		if published.merkle_root.0 != index.meta.merkle_root || !on_chain.eq(indexed) {
			return Err(format!(
				"the index of Datanet {d} version {v} does not list the version's contributions"
			));
		}
	}
	Ok(())
}

fn settle(args: SettleArgs) -> Result<ExitCode> {
	let chain = Chain::connect(&args.node.url)?;
	let signer = chain::signer(&args.seed).map_err(|e| format!("--seed: {e}"))?;
	// One read: the stored entry says both what is pending and whether it is private.
	let (pending, private) = match chain.inference(args.inference)? {
		Some(pallet_attribution::Inference::Pending(pending)) => (pending, false),
		Some(pallet_attribution::Inference::PendingPrivate(pending)) => (pending, true),
		_ =>
			return Err(format!(
				"inference {} is not pending (unknown, settled or refunded)",
				args.inference
			)),
	};
	if !private && chain.output_base(&sp_core::Pair::public(&signer).into())?.is_none() {
		return Err(format!(
			"inference {} is public and you have no output base to publish its output at: set \
			 one first (ol output-base URL)",
			args.inference
		));
	}
	let computed = compute(&args.query, max_attribution())?;
	check_lineage(&chain, pending.model, pending.version, &computed.indexes)?;
	print_attribution(&computed);

	let entries: Vec<AttributionEntry> = computed
		.attribution
		.entries
		.iter()
		.map(|e| AttributionEntry {
			contribution: e.contribution,
			share: Perbill::from_parts(e.share_ppb),
		})
		.collect();
	let attribution = entries
		.try_into()
		.map_err(|_| "more entries than the chain accepts".to_owned())?;
	let call = RuntimeCall::Attribution(pallet_attribution::Call::settle_inference {
		inference: args.inference,
		output_hash: H256(blake2_256(&computed.output)),
		attribution,
	});
	let included = chain.submit(&signer, call)?;
	println!("included in block #{} ({})", included.number, hex(included.block.as_bytes()));
	for event in &included.events {
		println!("  {event:?}");
		if let RuntimeEvent::Attribution(pallet_attribution::Event::InferenceSettled {
			inference,
			record,
			disclosure,
		}) = event
		{
			let p = &record.payout;
			println!(
				"settled inference {inference}: fee {} to data {}, model {}, provider {}, pool {}",
				open(record.fee),
				open(p.data),
				open(p.model),
				open(p.provider),
				open(p.pool)
			);
			match disclosure {
				pallet_attribution::OutputDisclosure::Published(uri) => println!(
					"publish the output at {}: anyone may read it there and challenge the record",
					String::from_utf8_lossy(uri)
				),
				pallet_attribution::OutputDisclosure::Private =>
					println!("the consumer asked for privacy: publish nothing"),
				pallet_attribution::OutputDisclosure::Unstated => {},
			}
		}
	}
	match included.failure {
		Some(why) => Err(format!("settlement failed: {why}")),
		None => Ok(ExitCode::SUCCESS),
	}
}

fn verify(args: VerifyArgs) -> Result<ExitCode> {
	let chain = Chain::connect(&args.node.url)?;
	let record = chain.record(args.inference)?.ok_or_else(|| {
		format!(
			"no attribution record for inference {} (unknown, not settled, or pruned)",
			args.inference
		)
	})?;
	let computed = compute(&args.query, max_attribution())?;
	check_lineage(&chain, record.model, record.version, &computed.indexes)?;
	let recomputed: Vec<(u64, u32)> = computed.attribution.shares();
	let on_chain: Vec<(u64, u32)> = record
		.attribution
		.iter()
		.map(|e| (e.contribution, e.share.deconstruct()))
		.collect();
	let output_hash = blake2_256(&computed.output);
	let mut differences = Vec::new();
	if output_hash != record.output_hash.0 {
		differences.push(format!(
			"output hash: chain {}, this output {}",
			hex(record.output_hash.as_bytes()),
			hex(&output_hash)
		));
	}
	if recomputed != on_chain {
		let show = |w: &[(u64, u32)]| {
			w.iter()
				.map(|(c, p)| format!("{c}:{}", percent(*p)))
				.collect::<Vec<_>>()
				.join(", ")
		};
		differences.push(format!(
			"attribution: chain [{}], recomputed [{}]",
			show(&on_chain),
			show(&recomputed)
		));
	}
	if differences.is_empty() {
		println!(
			"inference {}: matches the chain's record ({} entries, output hash {})",
			args.inference,
			on_chain.len(),
			hex(&output_hash)
		);
		Ok(ExitCode::SUCCESS)
	} else {
		println!("inference {}: does NOT match the chain's record", args.inference);
		for d in differences {
			println!("  {d}");
		}
		Ok(ExitCode::FAILURE)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentages_keep_every_part() {
		assert_eq!(percent(1_000_000_000), "100.0000000%");
		assert_eq!(percent(411_764_706), "41.1764706%");
		assert_eq!(percent(0), "0.0000000%");
	}

	#[test]
	fn amounts_in_open() {
		let unit = openledger_runtime::currency::OPEN;
		assert_eq!(open(2 * unit + unit / 2), "2.5 OPEN");
		assert_eq!(open(unit), "1 OPEN");
		assert_eq!(open(1), "0.000000000000000001 OPEN");
	}

	#[test]
	fn the_cap_is_the_runtimes() {
		assert_eq!(max_attribution(), 32);
	}
}
