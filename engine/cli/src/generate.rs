//! `generate` and `model-hash`: the ∞-gram model of a lineage's indexes, offline
//! (`openledger_attribution_engine::infini`).

use crate::{Node, Result};
use clap::Args;
use openledger_attribution_engine::{
	hex,
	infini::{model_hash, Decoding, Finish, InfiniGram, Sampling},
	Index,
};
use openledger_client::Chain;
use serde_json::json;
use std::{collections::BTreeSet, path::PathBuf, process::ExitCode};

#[derive(Args)]
pub struct Lineage {
	/// The index of each Datanet version in the model's lineage (repeat the option); for an
	/// adapter, its own lineage's.
	#[arg(long = "index", required = true)]
	indexes: Vec<PathBuf>,
	/// For an adapter, the index of each Datanet version in its base model's lineage: the
	/// adapter answers from its own data first and backs off to these.
	#[arg(long = "base-index")]
	base_indexes: Vec<PathBuf>,
}

impl Lineage {
	/// The indexes, as layers: the model's own, then its base's if any.
	fn load(&self) -> Result<Vec<Vec<Index>>> {
		let load = |paths: &[PathBuf]| -> Result<Vec<Index>> {
			paths.iter().map(|path| crate::open_index(path)).collect()
		};
		let mut layers = vec![load(&self.indexes)?];
		if !self.base_indexes.is_empty() {
			layers.push(load(&self.base_indexes)?);
		}
		Ok(layers)
	}
}

fn refs(layers: &[Vec<Index>]) -> Vec<Vec<&Index>> {
	layers.iter().map(|layer| layer.iter().collect()).collect()
}

#[derive(Args)]
pub struct GenerateArgs {
	#[command(flatten)]
	lineage: Lineage,
	/// The prompt the answer continues.
	#[arg(long)]
	prompt: String,
	/// The most tokens to generate.
	#[arg(long, default_value_t = 64)]
	max_tokens: usize,
	/// Sample with this seed instead of taking the most frequent next token (greedy, the
	/// default: the same answer every time).
	#[arg(long)]
	seed: Option<u64>,
	/// With --seed: above 0; 1 samples the data's counts as they are, lower sharpens them.
	#[arg(long, default_value_t = 1.0, requires = "seed")]
	temperature: f64,
	/// Stop before this text (repeat the option for more).
	#[arg(long)]
	stop: Vec<String>,
	/// Also write the answer to this file (for `settle --output-file`).
	#[arg(long)]
	out: Option<PathBuf>,
	/// Print one JSON object instead of text.
	#[arg(long)]
	json: bool,
}

pub fn generate(args: GenerateArgs) -> Result<ExitCode> {
	if !(args.temperature > 0.0 && args.temperature.is_finite()) {
		return Err(format!("--temperature must be above 0, not {}", args.temperature));
	}
	let layers = args.lineage.load()?;
	let layers = refs(&layers);
	let model = InfiniGram::new(layers.clone());
	let sampling = match args.seed {
		Some(seed) => Sampling::Seeded { seed, temperature: args.temperature },
		None => Sampling::Greedy,
	};
	let decoding = Decoding { max_tokens: args.max_tokens, sampling, stop: args.stop };
	let answer = model.generate(&args.prompt, &decoding);
	if let Some(out) = &args.out {
		std::fs::write(out, &answer.text)
			.map_err(|e| format!("cannot write {}: {e}", out.display()))?;
	}
	let finish = match answer.finish {
		Finish::Length => "length",
		Finish::Stop => "stop",
		Finish::End => "end",
	};
	let hash = hex(&model_hash(&layers));
	if args.json {
		let out = json!({ "text": answer.text, "tokens": answer.tokens, "finish": finish, "modelHash": hash });
		println!("{out}");
	} else {
		println!("{}", answer.text);
		eprintln!("{} tokens, finished by {finish}; model {hash}", answer.tokens);
	}
	Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct ModelHashArgs {
	#[command(flatten)]
	lineage: Lineage,
	/// Check the hash against this registered model's artifact hash: the indexes must be its
	/// version's lineage (`--base-index` its base version's, for an adapter). Exit status 1 if
	/// the hashes differ.
	#[arg(long)]
	model: Option<u32>,
	/// With --model: the version to check (default: its latest).
	#[arg(long, requires = "model")]
	version: Option<u32>,
	#[command(flatten)]
	node: Node,
}

pub fn print_model_hash(args: ModelHashArgs) -> Result<ExitCode> {
	let layers = args.lineage.load()?;
	let hash = model_hash(&refs(&layers));
	println!("{}", hex(&hash));
	let Some(model) = args.model else { return Ok(ExitCode::SUCCESS) };
	let chain = Chain::connect(&args.node.url)?;
	let latest = chain.model(model)?.ok_or_else(|| format!("model {model} does not exist"))?;
	let version = args.version.unwrap_or(latest.latest_version);
	let info = chain
		.model_version(model, version)?
		.ok_or_else(|| format!("model {model} has no version {version}"))?;
	let own: BTreeSet<(u32, u32)> = info.lineage.iter().map(|e| (e.datanet, e.version)).collect();
	let own_indexes = layers.first().map(Vec::as_slice).unwrap_or_default();
	crate::check_indexes(&chain, own_indexes, &own, &format!("model {model} version {version}"))?;
	match (&info.base, layers.get(1)) {
		(Some(base), Some(indexes)) => {
			let lineage = chain.lineage(base.model, base.version)?;
			let want = lineage.iter().map(|e| (e.datanet, e.version)).collect();
			crate::check_indexes(
				&chain,
				indexes,
				&want,
				&format!("base model {} version {}", base.model, base.version),
			)?;
		},
		(Some(base), None) =>
			return Err(format!(
				"model {model} is an adapter of model {} version {}: give its lineage's indexes \
				 with --base-index",
				base.model, base.version
			)),
		(None, Some(_)) =>
			return Err(format!("model {model} is not an adapter: drop --base-index")),
		(None, None) => {},
	}
	if info.artifact_hash.0 == hash {
		println!("model {model} version {version}: its artifact hash is this model's");
		Ok(ExitCode::SUCCESS)
	} else {
		println!(
			"model {model} version {version}: its artifact hash is {}, NOT this model's",
			hex(info.artifact_hash.as_bytes())
		);
		Ok(ExitCode::from(1))
	}
}
