//! Agents this gateway runs: each is a small declarative file of steps that call the agent's
//! models with prompt templates, each step's output passed on to the next. `POST
//! /v1/agents/{id}/tasks` runs one of them for a task opened on chain (`agents.openTask`): every
//! step's inference is bought from the task's budget with the operator's key
//! (`agents.buyInference`), answered here like any paid request, and the task is completed on
//! chain with the hash of the result.
//!
//! A step's request is a completion request fixed by the task's input and the steps before it
//! (greedy decoding), so it hashes the same whenever it is made, and the chain sells a task one
//! inference per request hash: a gateway that stopped in the middle of a task, asked again,
//! finds the inferences it bought on chain and the answers it gave in its queue, and carries on
//! from there without paying twice.
//!
//! ```toml
//! # The on-chain agent this file runs, and its steps.
//! agent = 0
//! [[steps]]
//! model = 0
//! prompt = "Question: {input}\nAnswer:"
//! max-tokens = 48
//! [[steps]]
//! model = 1
//! prompt = "In short: {previous}"
//! max-tokens = 24
//! ```
//!
//! Templates may name `{input}` (the task's input), `{previous}` (the step before's output) and
//! `{step1}`, `{step2}`, … (an earlier step's output).

use crate::{
	app::{App, Refusal},
	backend::Endpoint,
	canonical,
};
use openledger_attribution_engine::{blake2_256, hex};
use openledger_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_agents::{Task, TaskStatus};
use serde::Deserialize;
use serde_json::{json, Value};
use sp_core::{sr25519, Pair, H256};
use std::{
	collections::{BTreeMap, BTreeSet},
	path::Path,
	sync::Mutex,
};

/// The environment variable that makes the gateway stop dead after answering the named step of
/// a task (1 for the first): the crash the resumption tests rehearse.
pub const CRASH_AFTER_STEP: &str = "OPENLEDGER_GATEWAY_CRASH_AFTER_STEP";

/// An agent's file.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AgentSpec {
	/// The agent's id on chain.
	pub agent: u32,
	/// Its steps, in order.
	pub steps: Vec<Step>,
}

/// One step: a completion by one of the agent's models.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Step {
	/// The model to ask (served by this gateway, and one the agent may call).
	pub model: u32,
	/// The prompt, with `{input}`, `{previous}` and `{stepN}` filled in.
	pub prompt: String,
	/// The most tokens the step's answer may have [default: the gateway's max-tokens].
	pub max_tokens: Option<usize>,
}

impl AgentSpec {
	/// Reads and checks the agent file at `path`.
	pub fn load(path: &Path) -> Result<AgentSpec, String> {
		let text = std::fs::read_to_string(path)
			.map_err(|e| format!("cannot read the agent file {}: {e}", path.display()))?;
		let spec: AgentSpec =
			toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
		spec.check().map_err(|e| format!("{}: {e}", path.display()))?;
		Ok(spec)
	}

	/// Each template names only its input and the steps before it.
	fn check(&self) -> Result<(), String> {
		if self.steps.is_empty() {
			return Err("an agent has at least one step".into());
		}
		for (index, step) in self.steps.iter().enumerate() {
			for name in placeholders(&step.prompt)? {
				let known = name == "input" ||
					(name == "previous" && index > 0) ||
					name.strip_prefix("step")
						.and_then(|n| n.parse::<usize>().ok())
						.is_some_and(|n| n >= 1 && n <= index);
				if !known {
					return Err(format!(
						"step {}: the prompt names {{{name}}}; it may name {{input}}, \
						 {{previous}} after the first step, and {{step1}} to {{step{index}}}",
						index + 1
					));
				}
			}
		}
		Ok(())
	}
}

/// The names between braces in `template`.
fn placeholders(template: &str) -> Result<Vec<&str>, String> {
	let mut names = Vec::new();
	let mut rest = template;
	while let Some(open) = rest.find('{') {
		let after = rest.get(open + 1..).unwrap_or_default();
		let close = after.find('}').ok_or("a `{` with no `}`")?;
		names.push(after.get(..close).unwrap_or_default());
		rest = after.get(close + 1..).unwrap_or_default();
	}
	Ok(names)
}

/// `template` with its placeholders filled from `input` and the outputs so far.
fn fill(template: &str, input: &str, outputs: &[String]) -> String {
	let mut text = template.replace("{input}", input);
	if let Some(previous) = outputs.last() {
		text = text.replace("{previous}", previous);
	}
	for (index, output) in outputs.iter().enumerate() {
		text = text.replace(&format!("{{step{}}}", index + 1), output);
	}
	text
}

/// The hash a task's request commits to: BLAKE2-256 of `{"input": …}` in RFC 8785 form. The
/// user opens the task with it, so that nobody else's input is run on their budget.
pub fn task_request_hash(input: &str) -> Result<[u8; 32], String> {
	canonical::request_hash(&json!({ "input": input }))
}

/// The agents this gateway runs, and the key it runs them with.
pub struct Agents {
	specs: BTreeMap<u32, AgentSpec>,
	operator: sr25519::Pair,
	/// One operator transaction at a time: their nonces follow one another.
	submitting: Mutex<()>,
	/// Tasks being run now: a second request for one is refused until the first is done.
	running: Mutex<BTreeSet<u64>>,
}

fn refuse(status: u16, code: &'static str, message: impl Into<String>) -> Refusal {
	Refusal { status, code, message: message.into() }
}

impl Agents {
	/// Checks each agent against the chain: it exists, the key is its operator, and it may call
	/// every model its steps ask, each served by this gateway.
	pub fn new(
		app: &App,
		specs: Vec<AgentSpec>,
		operator: sr25519::Pair,
	) -> Result<Agents, String> {
		let key: openledger_runtime::AccountId = operator.public().into();
		let mut by_id = BTreeMap::new();
		for spec in specs {
			let agent = app
				.chain
				.agent(spec.agent)?
				.ok_or_else(|| format!("agent {} is not registered on this chain", spec.agent))?;
			if agent.operator != key {
				return Err(format!(
					"the operator key is not agent {}'s operator: its owner sets it with \
					 agents.setOperator",
					spec.agent
				));
			}
			for step in &spec.steps {
				if !agent.models.iter().any(|m| m.model == step.model) {
					return Err(format!(
						"agent {} may not call model {} (agents.updateAgent lists its models)",
						spec.agent, step.model
					));
				}
				if !app.models.contains_key(&step.model) {
					return Err(format!(
						"agent {}'s steps ask model {}, which this gateway does not serve",
						spec.agent, step.model
					));
				}
			}
			if by_id.insert(spec.agent, spec).is_some() {
				return Err("an agent is configured twice".into());
			}
		}
		Ok(Agents {
			specs: by_id,
			operator,
			submitting: Mutex::new(()),
			running: Mutex::new(BTreeSet::new()),
		})
	}

	/// The agents run here.
	pub fn ids(&self) -> impl Iterator<Item = &u32> {
		self.specs.keys()
	}

	/// Runs task `body.task` of agent `agent` on `body.input`, or resumes it; blocking.
	pub fn run(&self, app: &App, agent: u32, body: &Value) -> Result<Value, Refusal> {
		let bad = |message: &str| refuse(400, "invalid_request", message);
		let task_id = body
			.get("task")
			.and_then(Value::as_u64)
			.ok_or_else(|| bad("`task` must be the id of the task opened on chain"))?;
		let input = body
			.get("input")
			.and_then(Value::as_str)
			.ok_or_else(|| bad("`input` must be the task's input, as text"))?;
		let spec = self.specs.get(&agent).ok_or_else(|| {
			refuse(404, "agent_not_found", format!("this gateway does not run agent {agent}"))
		})?;
		let _running = Running::start(&self.running, task_id)?;
		self.run_task(app, spec, task_id, input)
	}

	fn run_task(
		&self,
		app: &App,
		spec: &AgentSpec,
		task_id: u64,
		input: &str,
	) -> Result<Value, Refusal> {
		let task = self.task_for(app, spec.agent, task_id, input)?;
		// Asked again once done (the answer was lost on the way, say): the same answer.
		if let Some(done) = app.queue.task_result(task_id).map_err(internal)? {
			return Ok(done);
		}
		Self::still_open(app, task_id, &task)?;
		let crash_after: Option<usize> =
			std::env::var(CRASH_AFTER_STEP).ok().and_then(|s| s.parse().ok());
		let mut outputs: Vec<String> = Vec::new();
		let mut steps = Vec::new();
		for (index, step) in spec.steps.iter().enumerate() {
			let prompt = fill(&step.prompt, input, &outputs);
			let request = json!({
				"model": step.model.to_string(),
				"prompt": prompt,
				"max_tokens": step.max_tokens.unwrap_or(app.config.max_tokens),
				"temperature": 0,
			});
			let hash = canonical::request_hash(&request).map_err(internal)?;
			let inference = match task.inferences.iter().find(|i| i.request_hash.0 == hash) {
				Some(bought) => bought.inference,
				None => self.buy(app, task_id, step.model, hash)?,
			};
			let (output, openledger) = match app.replay(inference)? {
				Some(answered) => answered,
				None => {
					let mut response = app.answer(Endpoint::Completions, inference, &request)?;
					let output = response
						.pointer("/choices/0/text")
						.and_then(Value::as_str)
						.unwrap_or_default()
						.to_owned();
					(output, response["openledger"].take())
				},
			};
			tracing::info!(task = task_id, step = index + 1, inference, "agent step answered");
			if crash_after == Some(index + 1) {
				tracing::error!("{CRASH_AFTER_STEP} is set: stopping dead");
				std::process::abort();
			}
			steps.push(json!({
				"step": index + 1,
				"model": step.model,
				"inference": inference,
				"prompt": prompt,
				"output": output,
				"openledger": openledger,
			}));
			outputs.push(output);
		}
		let result = outputs.pop().unwrap_or_default();
		let result_hash = blake2_256(result.as_bytes());
		let block = self.complete(app, task_id, result_hash)?;
		let body = json!({
			"object": "agent.task",
			"agent": spec.agent,
			"task": task_id,
			"result": result,
			"resultHash": hex(&result_hash),
			"completedInBlock": block,
			"steps": steps,
		});
		app.queue.put_task_result(task_id, &body).map_err(internal)?;
		Ok(body)
	}

	/// Task `id`, checked: this agent's, opened for this input.
	fn task_for(
		&self,
		app: &App,
		agent: u32,
		id: u64,
		input: &str,
	) -> Result<Task<Runtime>, Refusal> {
		let task = app
			.chain
			.task(id)
			.map_err(|e| refuse(503, "node_unavailable", e))?
			.ok_or_else(|| refuse(404, "unknown_task", format!("no task {id} is on chain")))?;
		if task.agent != agent {
			return Err(refuse(
				409,
				"wrong_agent",
				format!("task {id} was opened for agent {}, not agent {agent}", task.agent),
			));
		}
		let hash = task_request_hash(input).map_err(internal)?;
		if task.request_hash.0 != hash {
			return Err(refuse(
				402,
				"payment_mismatch",
				format!(
					"task {id} was opened for the request with hash {}; this input's \
					 ({{\"input\": …}} in RFC 8785 form) hashes to {}",
					hex(task.request_hash.as_bytes()),
					hex(&hash)
				),
			));
		}
		Ok(task)
	}

	/// The task can still be worked on: open, and its deadline not passed.
	fn still_open(app: &App, id: u64, task: &Task<Runtime>) -> Result<(), Refusal> {
		if task.status != TaskStatus::Open {
			return Err(refuse(
				409,
				"task_closed",
				format!("task {id} is closed: {:?}", task.status),
			));
		}
		let now = app.chain.best_number().map_err(|e| refuse(503, "node_unavailable", e))?;
		if now > u64::from(task.deadline) {
			return Err(refuse(
				409,
				"deadline_passed",
				format!("task {id} was due by block {}; it is block {now}", task.deadline),
			));
		}
		Ok(())
	}

	/// Buys the step's inference from the task's budget; returns its id.
	fn buy(&self, app: &App, task: u64, model: u32, hash: [u8; 32]) -> Result<u64, Refusal> {
		let call = RuntimeCall::Agents(pallet_agents::Call::buy_inference {
			task,
			model,
			max_fee: u128::MAX,
			request_hash: H256(hash),
		});
		let included = self.submit(app, "agents.buyInference", call)?;
		included
			.events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Agents(pallet_agents::Event::InferenceBought {
					inference, ..
				}) => Some(*inference),
				_ => None,
			})
			.ok_or_else(|| internal("agents.buyInference emitted no InferenceBought"))
	}

	/// Completes the task on chain with the result's hash; returns the block.
	fn complete(&self, app: &App, task: u64, result_hash: [u8; 32]) -> Result<u64, Refusal> {
		let call = RuntimeCall::Agents(pallet_agents::Call::complete_task {
			task,
			result_hash: H256(result_hash),
		});
		Ok(self.submit(app, "agents.completeTask", call)?.number)
	}

	/// Submits an operator transaction (`what`, for errors) and waits for it; a failed one is
	/// refused by its error.
	fn submit(
		&self,
		app: &App,
		what: &str,
		call: RuntimeCall,
	) -> Result<openledger_client::Included, Refusal> {
		let _one_at_a_time =
			self.submitting.lock().map_err(|_| internal("a submission panicked"))?;
		let included = app
			.chain
			.submit(&self.operator, call)
			.map_err(|e| refuse(503, "node_unavailable", e))?;
		match &included.failure {
			Some(why) =>
				Err(refuse(402, "chain_refused", format!("the chain refused {what}: {why}"))),
			None => Ok(included),
		}
	}
}

/// A task marked as being run, until dropped (a panic in the run unmarks it too).
struct Running<'a> {
	tasks: &'a Mutex<BTreeSet<u64>>,
	task: u64,
}

impl<'a> Running<'a> {
	fn start(tasks: &'a Mutex<BTreeSet<u64>>, task: u64) -> Result<Running<'a>, Refusal> {
		let mut running = tasks.lock().map_err(|_| internal("a task run panicked"))?;
		if !running.insert(task) {
			return Err(refuse(
				409,
				"task_running",
				format!("task {task} is being run: wait for that request's answer"),
			));
		}
		Ok(Running { tasks, task })
	}
}

impl Drop for Running<'_> {
	fn drop(&mut self) {
		if let Ok(mut running) = self.tasks.lock() {
			running.remove(&self.task);
		}
	}
}

fn internal(e: impl Into<String>) -> Refusal {
	refuse(500, "internal_error", e)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn spec(prompts: &[&str]) -> AgentSpec {
		AgentSpec {
			agent: 0,
			steps: prompts
				.iter()
				.map(|p| Step { model: 0, prompt: (*p).into(), max_tokens: None })
				.collect(),
		}
	}

	#[test]
	fn templates_name_the_input_and_earlier_steps_only() {
		assert_eq!(spec(&["Q: {input}", "Sum up {previous} of {step1}"]).check(), Ok(()));
		for bad in [
			vec!["{previous}"],
			vec!["{input}", "{step2}"],
			vec!["{output}"],
			vec!["{input"],
			vec![],
		] {
			assert!(spec(&bad).check().is_err(), "{bad:?}");
		}
	}

	#[test]
	fn steps_pass_their_outputs_on() {
		let outputs = vec!["fever".to_owned(), "rest".to_owned()];
		assert_eq!(
			fill("{input}: {step1}, then {previous}.", "flu", &outputs),
			"flu: fever, then rest."
		);
		assert_eq!(fill("Q: {input}", "flu", &[]), "Q: flu");
	}

	#[test]
	fn an_agent_file_is_read_and_checked() {
		let file = tempfile::NamedTempFile::new().unwrap();
		std::fs::write(
			file.path(),
			"agent = 3\n[[steps]]\nmodel = 0\nprompt = \"Q: {input}\"\nmax-tokens = 8\n",
		)
		.unwrap();
		let spec = AgentSpec::load(file.path()).unwrap();
		assert_eq!(spec.agent, 3);
		assert_eq!(spec.steps[0].max_tokens, Some(8));
		std::fs::write(file.path(), "agent = 3\n[[steps]]\nmodel = 0\nprompt = \"{x}\"\n").unwrap();
		assert!(AgentSpec::load(file.path()).unwrap_err().contains("{x}"));
		std::fs::write(file.path(), "agent = 3\nsteps = []\nextra = 1\n").unwrap();
		assert!(AgentSpec::load(file.path()).unwrap_err().contains("unknown field"));
	}

	#[test]
	fn a_task_is_run_by_one_request_at_a_time_even_if_that_one_panics() {
		let tasks = Mutex::new(BTreeSet::new());
		let first = Running::start(&tasks, 7).unwrap();
		assert_eq!(Running::start(&tasks, 7).err().map(|r| r.code), Some("task_running"));
		assert!(Running::start(&tasks, 8).is_ok(), "another task runs meanwhile");
		drop(first);
		let panicked = std::panic::catch_unwind(|| {
			let _running = Running::start(&tasks, 7).unwrap();
			panic!("a step panicked");
		});
		assert!(panicked.is_err());
		assert!(Running::start(&tasks, 7).is_ok(), "a panicked run leaves the task free");
	}

	#[test]
	fn a_task_request_hash_is_its_input_in_canonical_form() {
		let hash = task_request_hash("héllo").unwrap();
		assert_eq!(hash, blake2_256("{\"input\":\"héllo\"}".as_bytes()));
	}
}
