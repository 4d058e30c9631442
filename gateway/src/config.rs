//! The gateway's configuration: a TOML file (`--config`), each of whose settings a flag of the
//! same name overrides. `docs/gateway.md` has an example file.

use crate::agents::AgentSpec;
use clap::Args;
use serde::Deserialize;
use std::{
	net::SocketAddr,
	path::{Path, PathBuf},
	time::Duration,
};

/// `openledger-gateway serve`'s options. Every option but `--config` may also be set in the
/// file, under the same name; a flag given on the command line wins.
#[derive(Args, Debug, Default)]
pub struct Flags {
	/// A TOML file with any of the settings below, and `[[models]]` tables for backends other
	/// than the built-in model (docs/gateway.md).
	#[arg(long)]
	pub config: Option<PathBuf>,
	/// The node's RPC endpoint [default: http://127.0.0.1:9944].
	#[arg(long)]
	pub node: Option<String>,
	/// The provider's secret: a secret URI or mnemonic. `//Name`-style development keys are
	/// accepted on development and local chains only. Prefer --key-file.
	#[arg(long)]
	pub key: Option<String>,
	/// A file holding the provider's secret URI or mnemonic (one line; keep it mode 0600).
	#[arg(long, conflicts_with = "key")]
	pub key_file: Option<PathBuf>,
	/// Serve this model with the built-in ∞-gram model of its lineage (repeat the option).
	/// Models with other backends are configured in the file.
	#[arg(long = "model")]
	pub models: Vec<u32>,
	/// Where to listen for HTTP [default: 127.0.0.1:8080].
	#[arg(long)]
	pub listen: Option<SocketAddr>,
	/// The URL at which others reach this gateway: outputs are published under
	/// `<public-url>/v1/outputs/` and the chain records that base [default: http://<listen>].
	#[arg(long)]
	pub public_url: Option<String>,
	/// Where the settlement queue and the index cache live [default: ./gateway-data].
	#[arg(long)]
	pub data_dir: Option<PathBuf>,
	/// A directory of Datanet files, found by their content hashes, tried before each
	/// contribution's URI.
	#[arg(long)]
	pub files: Option<PathBuf>,
	/// The HTTP gateway that `ipfs://` URIs are fetched through [default: http://127.0.0.1:8081].
	#[arg(long)]
	pub ipfs_gateway: Option<String>,
	/// The provider bond to hold, in OPEN; the gateway bonds the difference at start
	/// [default: 1000, the chain's default minimum].
	#[arg(long)]
	pub bond: Option<u128>,
	/// The largest request body accepted, in bytes [default: 65536].
	#[arg(long)]
	pub max_body_bytes: Option<usize>,
	/// The most tokens an answer may have, and the default of a request that names none
	/// [default: 256].
	#[arg(long)]
	pub max_tokens: Option<usize>,
	/// How often answered inferences are settled, in milliseconds [default: 2000].
	#[arg(long)]
	pub settle_interval_ms: Option<u64>,
	/// Serve the models to anyone, unpaid, unattributed and unsettled: a model server for
	/// another gateway to use as its `openai` backend (as it would use vLLM). Needs no key.
	/// Listen on a private address only.
	#[arg(long)]
	pub backend_only: bool,
	/// Run the agent this file declares at `POST /v1/agents/{id}/tasks` (repeat the option;
	/// docs/agents.md). Its steps' models must be served here.
	#[arg(long = "agent")]
	pub agents: Vec<PathBuf>,
	/// The agents' operator secret (the key their owners named with `operator`). Prefer
	/// --operator-key-file.
	#[arg(long)]
	pub operator_key: Option<String>,
	/// A file holding the agents' operator secret URI or mnemonic (one line; mode 0600).
	#[arg(long, conflicts_with = "operator_key")]
	pub operator_key_file: Option<PathBuf>,
}

/// The file's form: the flags' settings, and the models.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
	node: Option<String>,
	key: Option<String>,
	key_file: Option<PathBuf>,
	listen: Option<SocketAddr>,
	public_url: Option<String>,
	data_dir: Option<PathBuf>,
	files: Option<PathBuf>,
	ipfs_gateway: Option<String>,
	bond: Option<u128>,
	max_body_bytes: Option<usize>,
	max_tokens: Option<usize>,
	settle_interval_ms: Option<u64>,
	backend_only: Option<bool>,
	#[serde(default)]
	models: Vec<ModelConfig>,
	/// Agent files, relative to the configuration file's directory.
	#[serde(default)]
	agents: Vec<PathBuf>,
	operator_key: Option<String>,
	operator_key_file: Option<PathBuf>,
}

/// A model this gateway serves, and what answers for it.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelConfig {
	/// The model's id on chain.
	pub id: u32,
	/// What generates its answers.
	#[serde(default)]
	pub backend: Backend,
}

/// What generates a model's answers.
#[derive(Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", tag = "kind")]
pub enum Backend {
	/// The ∞-gram model of the model version's lineage, built in: its artifact hash must be the
	/// registered one.
	#[default]
	InfiniGram,
	/// Any server with the OpenAI API (llama.cpp's server, vLLM, Ollama, another gateway).
	Openai {
		/// Its API's base URL, for example `http://127.0.0.1:8000/v1`.
		url: String,
		/// The model name to ask it for.
		model: String,
		/// Sent as `Authorization: Bearer …`, if the server wants one.
		api_key: Option<String>,
	},
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Config {
	pub node: String,
	/// The provider's secret URI (never logged); `None` only for a backend-only gateway.
	pub key: Option<String>,
	pub listen: SocketAddr,
	pub public_url: String,
	pub data_dir: PathBuf,
	pub files: Option<PathBuf>,
	pub ipfs_gateway: String,
	/// In OPEN.
	pub bond: u128,
	pub max_body_bytes: usize,
	pub max_tokens: usize,
	pub settle_interval: Duration,
	pub backend_only: bool,
	pub models: Vec<ModelConfig>,
	/// The agents to run, read and checked.
	pub agents: Vec<AgentSpec>,
	/// The agents' operator secret URI (never logged); set whenever `agents` is not empty.
	pub operator_key: Option<String>,
}

/// A secret given on the command line, in a file, or in the configuration file.
fn secret(
	flag: Option<String>,
	file: Option<PathBuf>,
	in_config: Option<String>,
	what: &str,
) -> Result<Option<String>, String> {
	Ok(match (flag, file, in_config) {
		(Some(key), _, _) => Some(key),
		(None, Some(path), _) => Some(
			std::fs::read_to_string(&path)
				.map_err(|e| format!("cannot read the {what} file {}: {e}", path.display()))?
				.trim()
				.to_owned(),
		),
		(None, None, key) => key,
	})
}

impl Config {
	/// The file's settings under the flags'; an error names what is wrong.
	pub fn load(flags: Flags) -> Result<Config, String> {
		let file: File = match &flags.config {
			Some(path) => {
				let text = std::fs::read_to_string(path)
					.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
				toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
			},
			None => File::default(),
		};
		let backend_only = flags.backend_only || file.backend_only.unwrap_or(false);
		let key = secret(flags.key, flags.key_file.or(file.key_file), file.key, "key")?;
		let operator_key = secret(
			flags.operator_key,
			flags.operator_key_file.or(file.operator_key_file),
			file.operator_key,
			"operator key",
		)?;
		let base = flags.config.as_deref().and_then(Path::parent).unwrap_or(Path::new(""));
		let agents = file
			.agents
			.iter()
			.map(|path| base.join(path))
			.chain(flags.agents)
			.map(|path| AgentSpec::load(&path))
			.collect::<Result<Vec<_>, _>>()?;
		if !agents.is_empty() && (operator_key.is_none() || backend_only) {
			return Err("agents need an operator key (--operator-key-file FILE) and a paying 			            gateway (not --backend-only)"
				.into());
		}
		if key.is_none() && !backend_only {
			return Err("no provider key: give --key-file FILE (or --key, or `key` in the \
			            configuration file)"
				.into());
		}
		let listen = flags
			.listen
			.or(file.listen)
			.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
		let public_url = flags
			.public_url
			.or(file.public_url)
			.unwrap_or_else(|| format!("http://{listen}"))
			.trim_end_matches('/')
			.to_owned();
		let mut models = file.models;
		for id in flags.models {
			if !models.iter().any(|m| m.id == id) {
				models.push(ModelConfig { id, backend: Backend::InfiniGram });
			}
		}
		let mut ids: Vec<u32> = models.iter().map(|m| m.id).collect();
		ids.sort_unstable();
		if ids.windows(2).any(|w| w.first() == w.get(1)) {
			return Err("a model is configured twice".into());
		}
		if models.is_empty() {
			return Err("no models to serve: give --model ID or [[models]] in the file".into());
		}
		let max_tokens = flags.max_tokens.or(file.max_tokens).unwrap_or(256);
		let max_body_bytes = flags.max_body_bytes.or(file.max_body_bytes).unwrap_or(65_536);
		if max_tokens == 0 || max_body_bytes == 0 {
			return Err("max-tokens and max-body-bytes must be above 0".into());
		}
		Ok(Config {
			node: flags.node.or(file.node).unwrap_or_else(|| "http://127.0.0.1:9944".into()),
			key,
			listen,
			public_url,
			data_dir: flags.data_dir.or(file.data_dir).unwrap_or_else(|| "gateway-data".into()),
			files: flags.files.or(file.files),
			ipfs_gateway: flags
				.ipfs_gateway
				.or(file.ipfs_gateway)
				.unwrap_or_else(|| "http://127.0.0.1:8081".into()),
			bond: flags.bond.or(file.bond).unwrap_or(1000),
			max_body_bytes,
			max_tokens,
			backend_only,
			settle_interval: Duration::from_millis(
				flags.settle_interval_ms.or(file.settle_interval_ms).unwrap_or(2000).max(100),
			),
			models,
			agents,
			operator_key,
		})
	}

	/// Where this gateway publishes outputs: the output base it records on chain.
	pub fn output_base(&self) -> String {
		format!("{}/v1/outputs/", self.public_url)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn file(text: &str) -> tempfile::NamedTempFile {
		let file = tempfile::NamedTempFile::new().unwrap();
		std::fs::write(file.path(), text).unwrap();
		file
	}

	#[test]
	fn flags_win_over_the_file_and_defaults_fill_the_rest() {
		let f = file(
			r#"
			node = "http://node:9944"
			key = "//Eve"
			max-tokens = 64
			[[models]]
			id = 3
			[[models]]
			id = 4
			backend = { kind = "openai", url = "http://127.0.0.1:8000/v1", model = "llama" }
			"#,
		);
		let flags = Flags {
			config: Some(f.path().into()),
			max_tokens: Some(32),
			models: vec![3, 5],
			..Flags::default()
		};
		let config = Config::load(flags).unwrap();
		assert_eq!(config.node, "http://node:9944");
		assert_eq!(config.max_tokens, 32);
		assert_eq!(config.public_url, "http://127.0.0.1:8080");
		assert_eq!(config.output_base(), "http://127.0.0.1:8080/v1/outputs/");
		assert_eq!(
			config.models.iter().map(|m| m.id).collect::<Vec<_>>(),
			vec![3, 4, 5],
			"a flag's model already in the file is not added twice"
		);
		assert_eq!(
			config.models[1].backend,
			Backend::Openai {
				url: "http://127.0.0.1:8000/v1".into(),
				model: "llama".into(),
				api_key: None
			}
		);
	}

	#[test]
	fn mistakes_are_named() {
		let unknown = file("nodes = \"x\"\n");
		let err = Config::load(Flags { config: Some(unknown.path().into()), ..Flags::default() })
			.unwrap_err();
		assert!(err.contains("unknown field `nodes`"), "{err}");
		let err = Config::load(Flags { models: vec![1], ..Flags::default() }).unwrap_err();
		assert!(err.contains("no provider key"), "{err}");
		let backend = Flags { models: vec![1], backend_only: true, ..Flags::default() };
		assert_eq!(Config::load(backend).unwrap().key, None, "a backend needs no key");
		let err =
			Config::load(Flags { key: Some("//Eve".into()), ..Flags::default() }).unwrap_err();
		assert!(err.contains("no models"), "{err}");
		let agent = file("agent = 0\n[[steps]]\nmodel = 1\nprompt = \"{input}\"\n");
		let err = Config::load(Flags {
			key: Some("//Eve".into()),
			models: vec![1],
			agents: vec![agent.path().into()],
			..Flags::default()
		})
		.unwrap_err();
		assert!(err.contains("operator key"), "{err}");
		let twice = file("key = \"//Eve\"\n[[models]]\nid = 1\n[[models]]\nid = 1\n");
		let err = Config::load(Flags { config: Some(twice.path().into()), ..Flags::default() })
			.unwrap_err();
		assert!(err.contains("twice"), "{err}");
	}
}
