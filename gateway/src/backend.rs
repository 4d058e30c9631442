//! What answers a request: the built-in ∞-gram model of the model version's lineage, or any
//! server with the OpenAI API. Either way the answer is text, which the gateway then attributes
//! against the lineage.

use crate::{config::Backend, lineage::Lineage};
use openledger_attribution_engine::infini::{tokens_of, Decoding, Finish, InfiniGram, Sampling};
use serde_json::{json, Value};
use std::time::Duration;

/// Which API was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
	/// `/v1/completions`: a prompt.
	Completions,
	/// `/v1/chat/completions`: messages.
	Chat,
}

impl Endpoint {
	/// The path under the API's base URL.
	pub fn path(self) -> &'static str {
		match self {
			Endpoint::Completions => "/completions",
			Endpoint::Chat => "/chat/completions",
		}
	}
}

/// A request's generation settings, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
	pub max_tokens: usize,
	/// `None`: greedy (temperature 0).
	pub temperature: Option<f64>,
	pub seed: Option<u64>,
	pub stop: Vec<String>,
}

/// An answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
	pub text: String,
	pub prompt_tokens: usize,
	pub completion_tokens: usize,
	/// OpenAI's `finish_reason`: `stop` or `length`.
	pub finish: &'static str,
}

/// The text a request asks the model to continue: a completion's prompt, or a chat's message
/// contents one a line (the ∞-gram model reads the end of it).
pub fn prompt_of(endpoint: Endpoint, body: &Value) -> Result<String, String> {
	match endpoint {
		Endpoint::Completions => match body.get("prompt") {
			Some(Value::String(prompt)) => Ok(prompt.clone()),
			Some(Value::Array(parts)) if parts.len() == 1 => parts[0]
				.as_str()
				.map(str::to_owned)
				.ok_or_else(|| "`prompt` must be text".into()),
			_ => Err("`prompt` must be one string".into()),
		},
		Endpoint::Chat => {
			let messages = body
				.get("messages")
				.and_then(Value::as_array)
				.filter(|m| !m.is_empty())
				.ok_or("`messages` must be a non-empty array")?;
			let mut lines = Vec::new();
			for message in messages {
				match message.get("content") {
					Some(Value::String(text)) => lines.push(text.clone()),
					Some(Value::Array(parts)) =>
						for part in parts {
							match (part.get("type").and_then(Value::as_str), part.get("text")) {
								(Some("text"), Some(Value::String(text))) =>
									lines.push(text.clone()),
								_ => return Err("only text message parts are served".into()),
							}
						},
					_ => return Err("each message needs a `content`".into()),
				}
			}
			Ok(lines.join("\n"))
		},
	}
}

/// Generates with `backend` (the lineage is the built-in model's data).
pub fn generate(
	backend: &Backend,
	lineage: &Lineage,
	endpoint: Endpoint,
	body: &Value,
	settings: &Settings,
	inference: u64,
) -> Result<Answer, String> {
	let prompt = prompt_of(endpoint, body)?;
	match backend {
		Backend::InfiniGram => {
			let model = InfiniGram::new(lineage.layer_refs());
			let sampling = match settings.temperature {
				None => Sampling::Greedy,
				// Without a seed, the inference's id: anyone can sample the same answer again.
				Some(temperature) =>
					Sampling::Seeded { seed: settings.seed.unwrap_or(inference), temperature },
			};
			let decoding =
				Decoding { max_tokens: settings.max_tokens, sampling, stop: settings.stop.clone() };
			let generation = model.generate(&prompt, &decoding);
			Ok(Answer {
				prompt_tokens: tokens_of(&prompt).len(),
				completion_tokens: generation.tokens,
				finish: match generation.finish {
					Finish::Length => "length",
					Finish::Stop | Finish::End => "stop",
				},
				text: generation.text,
			})
		},
		Backend::Openai { url, model, api_key } =>
			upstream(url, model, api_key.as_deref(), endpoint, body, settings, &prompt),
	}
}

/// Asks an OpenAI-compatible server: the consumer's request as it came (without the
/// `openledger` member), for the server's model name, with the settings the gateway allows.
fn upstream(
	url: &str,
	model: &str,
	api_key: Option<&str>,
	endpoint: Endpoint,
	body: &Value,
	settings: &Settings,
	prompt: &str,
) -> Result<Answer, String> {
	let mut request = body.clone();
	if let Value::Object(members) = &mut request {
		members.remove(crate::canonical::MEMBER);
		members.remove("stream");
		members.insert("model".into(), json!(model));
		members.insert("max_tokens".into(), json!(settings.max_tokens));
		members.insert("n".into(), json!(1));
	}
	let address = format!("{}{}", url.trim_end_matches('/'), endpoint.path());
	let agent = ureq::Agent::config_builder()
		.timeout_global(Some(Duration::from_secs(120)))
		.http_status_as_error(false)
		.build()
		.new_agent();
	let mut call = agent.post(&address);
	if let Some(key) = api_key {
		call = call.header("Authorization", &format!("Bearer {key}"));
	}
	let mut response = call
		.send_json(&request)
		.map_err(|e| format!("the backend at {address} did not answer: {e}"))?;
	let status = response.status();
	let reply: Value = response
		.body_mut()
		.read_json()
		.map_err(|e| format!("the backend at {address} answered {status} without JSON: {e}"))?;
	if !status.is_success() {
		let why = reply.pointer("/error/message").and_then(Value::as_str).unwrap_or("no reason");
		return Err(format!("the backend at {address} answered {status}: {why}"));
	}
	let choice = reply.pointer("/choices/0").ok_or("the backend's answer has no choices")?;
	let text = match endpoint {
		Endpoint::Completions => choice.get("text"),
		Endpoint::Chat => choice.pointer("/message/content"),
	}
	.and_then(Value::as_str)
	.ok_or("the backend's answer has no text")?
	.to_owned();
	let count = |pointer: &str, or: usize| {
		reply.pointer(pointer).and_then(Value::as_u64).map_or(or, |n| n as usize)
	};
	Ok(Answer {
		prompt_tokens: count("/usage/prompt_tokens", tokens_of(prompt).len()),
		completion_tokens: count("/usage/completion_tokens", tokens_of(&text).len()),
		finish: if choice.get("finish_reason").and_then(Value::as_str) == Some("length") {
			"length"
		} else {
			"stop"
		},
		text,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn prompts_of_both_endpoints() {
		let chat = json!({ "messages": [
			{ "role": "system", "content": "be brief" },
			{ "role": "user", "content": [{ "type": "text", "text": "what lowers a fever?" }] },
		]});
		assert_eq!(prompt_of(Endpoint::Chat, &chat).unwrap(), "be brief\nwhat lowers a fever?");
		assert_eq!(
			prompt_of(Endpoint::Completions, &json!({ "prompt": "rest and" })).unwrap(),
			"rest and"
		);
		assert_eq!(
			prompt_of(Endpoint::Completions, &json!({ "prompt": ["rest"] })).unwrap(),
			"rest"
		);
		assert!(prompt_of(Endpoint::Completions, &json!({ "prompt": ["a", "b"] })).is_err());
		assert!(prompt_of(Endpoint::Chat, &json!({ "messages": [] })).is_err());
		let image =
			json!({ "messages": [{ "role": "user", "content": [{ "type": "image_url" }] }] });
		assert!(prompt_of(Endpoint::Chat, &image).unwrap_err().contains("only text"));
	}
}
