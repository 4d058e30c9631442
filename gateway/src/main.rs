//! `openledger-gateway`: an inference provider's server. It serves models over an
//! OpenAI-compatible HTTP API, answers only requests paid for on chain, attributes every answer
//! to the Datanet contributions it quotes, and settles the answers on chain by itself.
//!
//! ```text
//! openledger-gateway serve --key-file KEY --model 3 [--config gateway.toml] [...]
//! openledger-gateway build-model --model 3 [--version 1]      # check a registered model
//! openledger-gateway build-model --lineage 0/1 [--lineage 2/1] [--base 3/1]
//! ```
//!
//! docs/gateway.md has how to run a provider, the API with examples, the model and the
//! guarantees.

// An off-chain server: Rust's bounds and overflow checks are the net here, as in the engine;
// unwraps stay forbidden.
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod agents;
mod api;
mod app;
mod backend;
mod canonical;
mod challenges;
mod config;
mod lineage;
mod metrics;
mod queue;
mod settler;

use clap::{Args, Parser, Subcommand};
use openledger_attribution_engine::{hex, infini::model_hash};
use openledger_client::{signer, Chain};
use openledger_runtime::{currency::OPEN, AccountId, Runtime, RuntimeCall};
use serde_json::json;
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use std::{
	path::PathBuf,
	process::ExitCode,
	sync::{atomic::AtomicBool, Arc},
	time::{Duration, Instant},
};

/// An OpenLedger inference gateway: serves Datanet-trained models over an OpenAI-compatible
/// API, answers only paid requests, attributes each answer to its data and settles it on chain.
#[derive(Parser)]
#[command(name = "openledger-gateway", version)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Serve models: check each paid request on chain, answer it, attribute the answer and
	/// settle it. Stops cleanly on Ctrl-C or SIGTERM, finishing the settlement round it is in.
	Serve(Box<config::Flags>),
	/// Build the ∞-gram model of a lineage (fetching and indexing its files) and print its
	/// artifact hash: the one to register the model with, or, with --model, check a registered
	/// model's against.
	BuildModel(BuildArgs),
}

#[derive(Args)]
struct BuildArgs {
	/// The node's RPC endpoint.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	node: String,
	/// A registered model to rebuild; exit status 1 if its artifact hash is not the build's.
	#[arg(long, conflicts_with = "lineage", required_unless_present = "lineage")]
	model: Option<u32>,
	/// With --model: its version (default: the latest).
	#[arg(long, requires = "model")]
	version: Option<u32>,
	/// A Datanet version of a model to be registered, as DATANET/VERSION (repeat the option).
	#[arg(long, value_parser = parse_pair)]
	lineage: Vec<(u32, u32)>,
	/// For an adapter to be registered: its base model version, as MODEL/VERSION.
	#[arg(long, value_parser = parse_pair, requires = "lineage")]
	base: Option<(u32, u32)>,
	/// A directory of Datanet files, found by content hash before each contribution's URI.
	#[arg(long)]
	files: Option<PathBuf>,
	/// The HTTP gateway `ipfs://` URIs are fetched through.
	#[arg(long, default_value = "http://127.0.0.1:8081")]
	ipfs_gateway: String,
	/// Where the indexes are cached (the same as `serve --data-dir` reuses them).
	#[arg(long, default_value = "gateway-data")]
	data_dir: PathBuf,
}

fn parse_pair(text: &str) -> Result<(u32, u32), String> {
	let (a, b) = text.split_once('/').ok_or("expected two numbers as A/B")?;
	Ok((a.parse().map_err(|_| "not a number")?, b.parse().map_err(|_| "not a number")?))
}

fn main() -> ExitCode {
	let outcome = match Cli::parse().command {
		Command::Serve(flags) => serve(*flags),
		Command::BuildModel(args) => build_model(args),
	};
	match outcome {
		Ok(code) => code,
		Err(error) => {
			tracing::error!("{error}");
			eprintln!("error: {error}");
			ExitCode::from(2)
		},
	}
}

/// Logs to standard error, one event a line with its fields as `key=value`; the level is
/// `info` unless `OPENLEDGER_GATEWAY_LOG` says otherwise (for example `debug`).
fn init_logs() {
	let filter = tracing_subscriber::EnvFilter::try_from_env("OPENLEDGER_GATEWAY_LOG")
		.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
	tracing_subscriber::fmt()
		.with_env_filter(filter)
		.with_writer(std::io::stderr)
		.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
		.init();
}

/// Connects to the node, waiting up to a minute for it to come up.
fn connect(url: &str) -> Result<Chain, String> {
	let started = Instant::now();
	loop {
		match Chain::connect(url) {
			Ok(chain) => return Ok(chain),
			Err(e) if e.contains("cannot reach") && started.elapsed() < Duration::from_secs(60) => {
				tracing::info!(node = url, "waiting for the node");
				std::thread::sleep(Duration::from_secs(2));
			},
			Err(e) => return Err(e),
		}
	}
}

fn build_model(args: BuildArgs) -> Result<ExitCode, String> {
	init_logs();
	let chain = connect(&args.node)?;
	let (layers, registered) = match args.model {
		Some(model) => {
			let found =
				chain.model(model)?.ok_or_else(|| format!("model {model} does not exist"))?;
			let version = args.version.unwrap_or(found.latest_version);
			let registered = lineage::registered(&chain, model, version)?;
			(registered.layers, Some((model, version, registered.artifact_hash)))
		},
		None => (lineage::layers_of(&chain, args.lineage.clone(), args.base)?, None),
	};
	let sources = lineage::Sources { dir: args.files, ipfs_gateway: args.ipfs_gateway };
	let built = lineage::load(&chain, &layers, &sources, &args.data_dir.join("indexes"))?;
	let hash = model_hash(&built.layer_refs());
	println!("{}", hex(&hash));
	match registered {
		Some((model, version, registered)) if registered != hash => {
			println!(
				"model {model} version {version}: registered with artifact hash {}, NOT this build's",
				hex(&registered)
			);
			Ok(ExitCode::from(1))
		},
		Some((model, version, _)) => {
			println!("model {model} version {version}: its artifact hash is this build's");
			Ok(ExitCode::SUCCESS)
		},
		None => Ok(ExitCode::SUCCESS),
	}
}

fn serve(flags: config::Flags) -> Result<ExitCode, String> {
	let config = config::Config::load(flags)?;
	init_logs();
	let chain = connect(&config.node)?;
	let signer = match &config.key {
		Some(key) => Some(chain_key(&chain, key, "provider")?),
		None => None,
	};
	let operator = match &config.operator_key {
		Some(key) => Some(chain_key(&chain, key, "operator")?),
		None => None,
	};
	let provider: AccountId = signer.as_ref().map_or([0; 32].into(), |s| s.public().into());
	std::fs::create_dir_all(&config.data_dir)
		.map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
	let (queue, dropped) = queue::Queue::open(&config.data_dir.join("queue.redb"))?;
	if dropped > 0 {
		tracing::warn!(dropped, "requests being answered when the gateway stopped were given up; their consumers may ask again");
	}
	let metrics = metrics::Metrics::new().map_err(|e| e.to_string())?;
	let app = Arc::new(app::App::new(chain, queue, provider.clone(), config.clone(), metrics));

	for model in &config.models {
		let found = app
			.chain
			.model(model.id)?
			.ok_or_else(|| format!("model {} does not exist on this chain", model.id))?;
		if !config.backend_only && !found.providers.contains(&provider) {
			return Err(format!(
				"{} is not a provider of model {}: its owner authorizes providers \
				 (models.authorizeProvider)",
				provider.to_ss58check(),
				model.id
			));
		}
		app.lineage(model.id, found.latest_version)?;
	}
	let agents = match operator {
		Some(operator) if !config.agents.is_empty() => {
			let agents = agents::Agents::new(&app, config.agents.clone(), operator)?;
			let ids: Vec<String> = agents.ids().map(u32::to_string).collect();
			tracing::info!(agents = %ids.join(", "), "running agents");
			Some(Arc::new(agents))
		},
		_ => None,
	};
	let stop = Arc::new(AtomicBool::new(false));
	let settler = match signer {
		Some(signer) if !config.backend_only => {
			tracing::info!(provider = %provider.to_ss58check(), node = %config.node, "provider");
			ensure_bond(&app, &signer)?;
			ensure_output_base(&app, &signer)?;
			let backlog = app.queue.backlog()?;
			tracing::info!(backlog, "answered inferences waiting for settlement");
			let (app, stop) = (app.clone(), stop.clone());
			Some(std::thread::spawn(move || settler::run(app, signer, stop)))
		},
		_ => {
			tracing::warn!("backend only: answering anyone, unpaid, with nothing settled");
			None
		},
	};
	let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
	let served = runtime.block_on(async {
		let listener = tokio::net::TcpListener::bind(config.listen)
			.await
			.map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
		tracing::info!(listen = %config.listen, public = %config.public_url, "serving");
		axum::serve(listener, api::router(app.clone(), agents))
			.with_graceful_shutdown(shutdown())
			.await
			.map_err(|e| e.to_string())
	});
	tracing::info!("stopping: finishing the settlement round");
	stop.store(true, std::sync::atomic::Ordering::Relaxed);
	if let Some(settler) = settler {
		let _ = settler.join();
	}
	served.map(|()| ExitCode::SUCCESS)
}

/// Ctrl-C or SIGTERM.
async fn shutdown() {
	let terminate = async {
		match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
			Ok(mut signal) => {
				signal.recv().await;
			},
			Err(_) => std::future::pending().await,
		}
	};
	tokio::select! {
		_ = tokio::signal::ctrl_c() => {},
		() = terminate => {},
	}
}

/// The provider's or the operator's key (`what`); a well-known development key only on a
/// development or local chain.
fn chain_key(chain: &Chain, key: &str, what: &str) -> Result<sr25519::Pair, String> {
	let pair = signer(key).map_err(|e| format!("the {what} key: {e}"))?;
	if key.trim_start().starts_with("//") {
		let kind = chain.rpc().call("system_chainType", json!([]))?;
		if !matches!(kind.as_str(), Some("Development" | "Local")) {
			return Err(format!(
				"the {what} key is a development key ({key:?}, known to everyone) and this \
				 chain is {kind}: use a key of your own"
			));
		}
	}
	Ok(pair)
}

/// Bonds the difference between the configured bond and the provider's active bond.
fn ensure_bond(app: &app::App, signer: &sr25519::Pair) -> Result<(), String> {
	let want = app.config.bond.checked_mul(OPEN).ok_or("the bond is too large")?;
	let key = pallet_provider_bonds::Bonds::<Runtime>::hashed_key_for(&app.provider);
	let bond: Option<pallet_provider_bonds::BondOf<Runtime>> = app.chain.map_value(&key)?;
	let active = bond.map_or(0, |b| b.active);
	if active >= want {
		return Ok(());
	}
	let amount = want - active;
	tracing::info!(amount_open = (amount / OPEN) as u64, "bonding");
	let call = RuntimeCall::ProviderBonds(pallet_provider_bonds::Call::bond { amount });
	report(app.chain.submit(signer, call)?, "bonding")
}

/// Records this gateway's output base on chain, unless it is already the provider's.
fn ensure_output_base(app: &app::App, signer: &sr25519::Pair) -> Result<(), String> {
	let base = app.config.output_base();
	let current = app.chain.output_base(&app.provider)?;
	if current.as_ref().map(|b| b.as_slice()) == Some(base.as_bytes()) {
		return Ok(());
	}
	let bounded = base
		.as_bytes()
		.to_vec()
		.try_into()
		.map_err(|_| format!("the output base {base:?} is longer than the chain allows"))?;
	tracing::info!(base, "recording the output base on chain");
	let call =
		RuntimeCall::Attribution(pallet_attribution::Call::set_output_base { base: Some(bounded) });
	report(app.chain.submit(signer, call)?, "recording the output base")
}

fn report(included: openledger_client::Included, what: &str) -> Result<(), String> {
	match included.failure {
		Some(why) => Err(format!("{what} failed: {why}")),
		None => Ok(()),
	}
}
