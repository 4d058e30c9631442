//! The gateway's state and its one piece of work: answering a paid request, from the check on
//! chain to the answer written to the queue.

use crate::{
	backend::{self, Endpoint, Settings},
	canonical,
	config::{Backend, Config, ModelConfig},
	lineage::{self, Lineage, Sources},
	metrics::Metrics,
	queue::{Entry, Queue, State},
};
use openledger_attribution_engine::{attribute, blake2_256, hex, infini::model_hash, Params, Span};
use openledger_client::Chain;
use openledger_runtime::{AccountId, Runtime};
use pallet_attribution::Inference;
use serde_json::{json, Value};
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
	time::{Instant, SystemTime, UNIX_EPOCH},
};

/// A failed request: an HTTP status and an OpenAI-style error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
	pub status: u16,
	/// OpenAI's `error.code`, one word.
	pub code: &'static str,
	pub message: String,
}

fn refuse(status: u16, code: &'static str, message: impl Into<String>) -> Refusal {
	Refusal { status, code, message: message.into() }
}

/// A model this gateway serves, with the lineages of its versions loaded so far.
pub struct Served {
	pub config: ModelConfig,
	versions: Mutex<BTreeMap<u32, Arc<Lineage>>>,
}

/// Everything a request needs.
pub struct App {
	pub chain: Chain,
	pub queue: Queue,
	pub models: BTreeMap<u32, Served>,
	/// The provider this gateway settles as.
	pub provider: AccountId,
	pub config: Config,
	pub sources: Sources,
	pub metrics: Metrics,
	/// The chain's cap on attribution entries.
	pub max_entries: usize,
}

/// A paid request, checked on chain.
struct Paid {
	model: u32,
	version: u32,
	private: bool,
}

impl App {
	/// The app over its parts; models load their lineages on first use ([`App::lineage`]).
	pub fn new(
		chain: Chain,
		queue: Queue,
		provider: AccountId,
		config: Config,
		metrics: Metrics,
	) -> App {
		let models = config
			.models
			.iter()
			.map(|m| (m.id, Served { config: m.clone(), versions: Mutex::new(BTreeMap::new()) }))
			.collect();
		let sources =
			Sources { dir: config.files.clone(), ipfs_gateway: config.ipfs_gateway.clone() };
		let max_entries = <<Runtime as pallet_attribution::Config>::MaxAttribution as
			frame_support::traits::Get<u32>>::get() as usize;
		App { chain, queue, models, provider, config, sources, metrics, max_entries }
	}

	/// The lineage of version `version` of served model `model`, loaded (fetched, checked,
	/// indexed or read from the cache) on first use. The built-in model's artifact hash must be
	/// the registered one: a provider serves the model the chain names, or none.
	pub fn lineage(&self, model: u32, version: u32) -> Result<Arc<Lineage>, String> {
		let served =
			self.models.get(&model).ok_or_else(|| format!("model {model} is not served"))?;
		// One load at a time per model; other models' requests go on.
		let mut versions = served.versions.lock().map_err(|_| "a lineage load panicked")?;
		if let Some(lineage) = versions.get(&version) {
			return Ok(lineage.clone());
		}
		tracing::info!(model, version, "loading the model version's lineage");
		let cache = self.config.data_dir.join("indexes");
		let registered = lineage::registered(&self.chain, model, version)?;
		let lineage = lineage::load(&self.chain, &registered.layers, &self.sources, &cache)?;
		if served.config.backend == Backend::InfiniGram {
			let built = model_hash(&lineage.layer_refs());
			if built != registered.artifact_hash {
				return Err(format!(
					"model {model} version {version} is registered with artifact hash {}, but the \
					 ∞-gram model of its lineage is {}: serve it with the backend it was \
					 registered for",
					hex(&registered.artifact_hash),
					hex(&built)
				));
			}
		}
		let lineage = Arc::new(lineage);
		versions.insert(version, lineage.clone());
		tracing::info!(model, version, "model version ready");
		Ok(lineage)
	}

	/// Answers a paid request: checks it on chain, claims the inference, generates, attributes,
	/// writes the answer to the queue for settlement (durably), and returns the response body.
	/// Blocking: run it off the async runtime.
	pub fn answer(
		&self,
		endpoint: Endpoint,
		inference: u64,
		body: &Value,
	) -> Result<Value, Refusal> {
		let model = requested_model(body, &self.models)?;
		let settings = settings_of(body, self.config.max_tokens)?;
		let hash = canonical::request_hash(body).map_err(|e| refuse(400, "invalid_request", e))?;
		let paid = self.check_paid(inference, model, hash)?;
		match self.queue.claim(inference, paid.model, paid.version, paid.private) {
			Ok(Ok(())) => {},
			Ok(Err(existing)) =>
				return Err(refuse(
					409,
					"already_answered",
					format!(
						"inference {inference} was already answered by this gateway ({}): \
						 GET /v1/inferences/{inference}",
						state_name(&existing.state)
					),
				)),
			Err(e) => return Err(refuse(500, "internal_error", e)),
		}
		let answered = self.generate_and_record(endpoint, inference, body, &settings, &paid);
		if answered.is_err() {
			if let Err(e) = self.queue.release(inference) {
				tracing::error!(inference, error = %e, "cannot release a failed claim");
			}
		}
		answered
	}

	/// Answers a request as a backend-only gateway does: from the served model's latest version
	/// loaded at start, with nothing checked on chain, attributed or settled.
	pub fn answer_unpaid(&self, endpoint: Endpoint, body: &Value) -> Result<Value, Refusal> {
		let model = requested_model(body, &self.models)?;
		let settings = settings_of(body, self.config.max_tokens)?;
		let served = self
			.models
			.get(&model)
			.ok_or_else(|| refuse(404, "model_not_found", "not served"))?;
		let (version, lineage) = served
			.versions
			.lock()
			.map_err(|_| refuse(500, "internal_error", "a lineage load panicked"))?
			.iter()
			.next_back()
			.map(|(version, lineage)| (*version, lineage.clone()))
			.ok_or_else(|| refuse(503, "lineage_unavailable", "the model is not loaded"))?;
		let answer =
			backend::generate(&served.config.backend, &lineage, endpoint, body, &settings, 0)
				.map_err(|e| refuse(400, "invalid_request", e))?;
		self.metrics.completion_tokens.inc_by(answer.completion_tokens as u64);
		Ok(openai_response(endpoint, &format!("{model}-{version}"), model, &answer))
	}

	/// The work after the claim; an error leaves the claim to be released.
	fn generate_and_record(
		&self,
		endpoint: Endpoint,
		inference: u64,
		body: &Value,
		settings: &Settings,
		paid: &Paid,
	) -> Result<Value, Refusal> {
		let lineage = self
			.lineage(paid.model, paid.version)
			.map_err(|e| refuse(503, "lineage_unavailable", e))?;
		let backend = &self
			.models
			.get(&paid.model)
			.ok_or_else(|| refuse(404, "model_not_found", "not served"))?
			.config
			.backend;
		let started = Instant::now();
		let answer = backend::generate(backend, &lineage, endpoint, body, settings, inference)
			.map_err(|e| {
				if matches!(backend, Backend::InfiniGram) {
					refuse(400, "invalid_request", e)
				} else {
					refuse(503, "backend_unavailable", e)
				}
			})?;
		self.metrics.generation.observe(started.elapsed().as_secs_f64());
		let started = Instant::now();
		let params = Params { max_entries: self.max_entries, ..Params::default() };
		let attribution = attribute(&lineage.indexes(), &answer.text, &params)
			.map_err(|e| refuse(500, "attribution_failed", e.to_string()))?;
		self.metrics.attribution.observe(started.elapsed().as_secs_f64());
		self.metrics.attributions.inc();
		self.metrics.attribution_entries.observe(attribution.entries.len() as f64);
		self.metrics.prompt_tokens.inc_by(answer.prompt_tokens as u64);
		self.metrics.completion_tokens.inc_by(answer.completion_tokens as u64);

		let output_hash = blake2_256(answer.text.as_bytes());
		let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
		let entry = Entry {
			state: State::Answered,
			model: paid.model,
			version: paid.version,
			private: paid.private,
			output: answer.text.clone(),
			output_hash,
			attribution: attribution.shares(),
			answered_at: now,
		};
		self.queue
			.answer(inference, &entry)
			.map_err(|e| refuse(500, "internal_error", e))?;

		let openledger = self.openledger_member(inference, &entry, &attribution.spans, &lineage);
		let mut response =
			openai_response(endpoint, &format!("openledger-{inference}"), paid.model, &answer);
		response["openledger"] = openledger;
		Ok(response)
	}

	/// The `openledger` member of an answer's response: where it is published, its attribution
	/// and the spans of it that quote the data (`spans`, of `entry.output`).
	fn openledger_member(
		&self,
		inference: u64,
		entry: &Entry,
		spans: &[Span],
		lineage: &Lineage,
	) -> Value {
		let citations: Vec<Value> = spans
			.iter()
			.map(|span| {
				json!({
					"text": entry.output.get(span.bytes.0..span.bytes.1),
					"tokenStart": span.token_start,
					"tokens": span.tokens,
					"contributions": span.contributions.iter().map(|id| json!({
						"id": id, "uri": lineage.uris.get(id) })).collect::<Vec<_>>(),
				})
			})
			.collect();
		json!({
			"inference": inference,
			"model": entry.model,
			"version": entry.version,
			"outputHash": hex(&entry.output_hash),
			"private": entry.private,
			"outputUri": (!entry.private).then(|| format!("{}{inference}", self.config.output_base())),
			"attribution": entry.attribution.iter().map(|(c, ppb)| json!({
				"contribution": c, "sharePpb": ppb })).collect::<Vec<_>>(),
			"citations": citations,
			"settlement": format!("/v1/inferences/{inference}"),
		})
	}

	/// An inference this gateway answered already: its output and the `openledger` member its
	/// response had (the citations found again in its lineage). `None` if it has no answer here.
	pub fn replay(&self, inference: u64) -> Result<Option<(String, Value)>, Refusal> {
		let internal = |e: String| refuse(500, "internal_error", e);
		let Some(entry) = self.queue.get(inference).map_err(internal)? else { return Ok(None) };
		if entry.state == State::Claimed {
			return Ok(None);
		}
		let lineage = self
			.lineage(entry.model, entry.version)
			.map_err(|e| refuse(503, "lineage_unavailable", e))?;
		let params = Params { max_entries: self.max_entries, ..Params::default() };
		let spans = attribute(&lineage.indexes(), &entry.output, &params)
			.map_err(|e| refuse(500, "attribution_failed", e.to_string()))?
			.spans;
		let openledger = self.openledger_member(inference, &entry, &spans, &lineage);
		Ok(Some((entry.output, openledger)))
	}

	/// The inference must be pending on chain, for `model`, paid with `hash`.
	fn check_paid(&self, inference: u64, model: u32, hash: [u8; 32]) -> Result<Paid, Refusal> {
		let unavailable = |e: String| refuse(503, "node_unavailable", e);
		let (pending, private) = match self.chain.inference(inference).map_err(unavailable)? {
			Some(Inference::Pending(pending)) => (pending, false),
			Some(Inference::PendingPrivate(pending)) => (pending, true),
			Some(Inference::Settled(_) | Inference::Challengeable(_)) =>
				return Err(refuse(
					409,
					"already_settled",
					format!("inference {inference} is already settled"),
				)),
			Some(Inference::PendingHeld(_)) =>
				return Err(refuse(
					409,
					"not_pending",
					format!("inference {inference} awaits a migration"),
				)),
			None => {
				let best = self.chain.best_hash().map_err(unavailable)?;
				let next: u64 = self
					.chain
					.storage_value(b"Attribution", b"NextInferenceId", best)
					.map_err(unavailable)?
					.unwrap_or(0);
				return Err(if inference < next {
					refuse(
						409,
						"not_pending",
						format!(
							"inference {inference} is no longer pending: its fee was refunded, or \
							 it was settled and its record has since been pruned"
						),
					)
				} else {
					refuse(
						404,
						"unknown_inference",
						format!("no inference {inference} has been paid for"),
					)
				});
			},
		};
		if pending.model != model {
			return Err(refuse(
				402,
				"payment_mismatch",
				format!(
					"inference {inference} paid for model {}, not model {model}",
					pending.model
				),
			));
		}
		if pending.request_hash.0 != hash {
			return Err(refuse(
				402,
				"payment_mismatch",
				format!(
					"inference {inference} paid for the request with hash {}; this request's \
					 canonical form (RFC 8785, without `openledger`) hashes to {}",
					hex(pending.request_hash.as_bytes()),
					hex(&hash)
				),
			));
		}
		Ok(Paid { model, version: pending.version, private })
	}

	/// What `GET /v1/inferences/{id}` says of an inference this gateway took.
	pub fn status(&self, inference: u64) -> Result<Option<Value>, String> {
		let Some(entry) = self.queue.get(inference)? else { return Ok(None) };
		let mut status = json!({
			"inference": inference,
			"state": state_name(&entry.state),
			"model": entry.model,
			"version": entry.version,
			"private": entry.private,
		});
		if entry.state != State::Claimed {
			status["outputHash"] = json!(hex(&entry.output_hash));
			status["attribution"] = json!(entry
				.attribution
				.iter()
				.map(|(c, ppb)| json!({ "contribution": c, "sharePpb": ppb }))
				.collect::<Vec<_>>());
		}
		match &entry.state {
			State::Settled { block } => status["block"] = json!(block),
			State::Failed { reason } => status["reason"] = json!(reason),
			State::Claimed | State::Answered => {},
		}
		Ok(Some(status))
	}

	/// The citations of a public inference this gateway answered, as its answer had them.
	pub fn published_citations(&self, inference: u64) -> Result<Option<Value>, Refusal> {
		Ok(self
			.replay(inference)?
			.filter(|(_, member)| member["private"] == json!(false))
			.map(|(_, member)| member["citations"].clone()))
	}

	/// The published output of a public inference this gateway answered.
	pub fn output(&self, inference: u64) -> Result<Option<String>, String> {
		Ok(self
			.queue
			.get(inference)?
			.filter(|e| !e.private && !matches!(e.state, State::Claimed))
			.map(|e| e.output))
	}
}

/// An OpenAI completion (`endpoint`'s object) of `answer` by `model`.
fn openai_response(endpoint: Endpoint, id: &str, model: u32, answer: &backend::Answer) -> Value {
	let usage = json!({
		"prompt_tokens": answer.prompt_tokens,
		"completion_tokens": answer.completion_tokens,
		"total_tokens": answer.prompt_tokens + answer.completion_tokens,
	});
	let (object, choice) = match endpoint {
		Endpoint::Completions => (
			"text_completion",
			json!({ "index": 0, "text": answer.text, "finish_reason": answer.finish, "logprobs": null }),
		),
		Endpoint::Chat => (
			"chat.completion",
			json!({ "index": 0, "finish_reason": answer.finish, "logprobs": null,
				"message": { "role": "assistant", "content": answer.text, "refusal": null } }),
		),
	};
	let created = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
	json!({
		"id": id,
		"object": object,
		"created": created,
		"model": model.to_string(),
		"choices": [choice],
		"usage": usage,
	})
}

/// The word a state is reported by.
pub fn state_name(state: &State) -> &'static str {
	match state {
		State::Claimed => "answering",
		State::Answered => "answered",
		State::Settled { .. } => "settled",
		State::Failed { .. } => "failed",
	}
}

/// The served model the request names in `model` (its id on chain, as text).
fn requested_model(body: &Value, served: &BTreeMap<u32, Served>) -> Result<u32, Refusal> {
	let name = body.get("model").and_then(Value::as_str).ok_or_else(|| {
		refuse(400, "invalid_request", "`model` must name a model: its id on chain")
	})?;
	name.parse::<u32>().ok().filter(|id| served.contains_key(id)).ok_or_else(|| {
		refuse(
			404,
			"model_not_found",
			format!(
				"this gateway does not serve model {name:?}; it serves {}",
				served.keys().map(u32::to_string).collect::<Vec<_>>().join(", ")
			),
		)
	})
}

/// The request's generation settings, each checked: OpenAI's names and ranges.
fn settings_of(body: &Value, max_tokens: usize) -> Result<Settings, Refusal> {
	let bad = |message: String| refuse(400, "invalid_request", message);
	if body.get("stream").and_then(Value::as_bool) == Some(true) {
		return Err(bad("streaming is not served: leave `stream` unset".into()));
	}
	if let Some(n) = body.get("n").filter(|n| !n.is_null()) {
		if n.as_u64() != Some(1) {
			return Err(bad("`n` must be 1: each paid inference has one answer".into()));
		}
	}
	let tokens = match body.get("max_completion_tokens").or_else(|| body.get("max_tokens")) {
		None | Some(Value::Null) => max_tokens,
		Some(value) => match value.as_u64() {
			Some(n) if n >= 1 && n <= max_tokens as u64 => n as usize,
			_ => return Err(bad(format!("`max_tokens` must be from 1 to {max_tokens}"))),
		},
	};
	let temperature = match body.get("temperature") {
		None | Some(Value::Null) => None,
		Some(value) => match value.as_f64() {
			Some(0.0) => None,
			Some(t) if t > 0.0 && t <= 2.0 => Some(t),
			_ => return Err(bad("`temperature` must be from 0 to 2".into())),
		},
	};
	let seed = match body.get("seed") {
		None | Some(Value::Null) => None,
		Some(value) =>
			Some(value.as_u64().ok_or_else(|| bad("`seed` must be a whole number".into()))?),
	};
	let stop = match body.get("stop") {
		None | Some(Value::Null) => Vec::new(),
		Some(Value::String(s)) => vec![s.clone()],
		Some(Value::Array(items)) if items.len() <= 4 => items
			.iter()
			.map(|s| s.as_str().map(str::to_owned))
			.collect::<Option<Vec<_>>>()
			.ok_or_else(|| bad("`stop` must be text".into()))?,
		Some(_) => return Err(bad("`stop` must be a string or up to 4 strings".into())),
	};
	if stop.iter().any(String::is_empty) {
		return Err(bad("a stop sequence must not be empty".into()));
	}
	Ok(Settings { max_tokens: tokens, temperature, seed, stop })
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn settings_follow_openai_and_are_bounded() {
		let s = settings_of(&json!({}), 64).unwrap();
		assert_eq!(s, Settings { max_tokens: 64, temperature: None, seed: None, stop: vec![] });
		let s = settings_of(
			&json!({ "max_tokens": 10, "temperature": 0.7, "seed": 5, "stop": ["\n", "."] }),
			64,
		)
		.unwrap();
		assert_eq!((s.max_tokens, s.temperature, s.seed), (10, Some(0.7), Some(5)));
		assert_eq!(s.stop, vec!["\n".to_owned(), ".".to_owned()]);
		assert_eq!(settings_of(&json!({ "temperature": 0 }), 64).unwrap().temperature, None);
		for bad in [
			json!({ "max_tokens": 65 }),
			json!({ "max_tokens": 0 }),
			json!({ "max_tokens": "5" }),
			json!({ "temperature": 3 }),
			json!({ "temperature": -1 }),
			json!({ "seed": -1 }),
			json!({ "stop": ["a", "b", "c", "d", "e"] }),
			json!({ "stop": [""] }),
			json!({ "stop": 5 }),
			json!({ "n": 2 }),
			json!({ "stream": true }),
		] {
			let refusal = settings_of(&bad, 64).unwrap_err();
			assert_eq!(refusal.status, 400, "{bad}");
		}
	}

	#[test]
	fn the_model_is_named_by_its_id() {
		let served: BTreeMap<u32, Served> = [(
			3,
			Served {
				config: ModelConfig { id: 3, backend: Backend::InfiniGram },
				versions: Mutex::new(BTreeMap::new()),
			},
		)]
		.into();
		assert_eq!(requested_model(&json!({ "model": "3" }), &served), Ok(3));
		assert_eq!(requested_model(&json!({ "model": "4" }), &served).unwrap_err().status, 404);
		assert_eq!(requested_model(&json!({ "model": "gpt" }), &served).unwrap_err().status, 404);
		assert_eq!(requested_model(&json!({ "model": 3 }), &served).unwrap_err().status, 400);
	}
}
