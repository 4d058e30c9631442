//! The HTTP API: OpenAI's `/v1/completions`, `/v1/chat/completions` and `/v1/models`, and the
//! gateway's own `/v1/inferences/{id}`, `/v1/outputs/{id}` (and its `/citations`),
//! `/v1/agents/{id}/tasks`, `/metrics` and `/health`.

use crate::{
	agents::Agents,
	app::{App, Refusal},
	backend::Endpoint,
	canonical,
};
use axum::{
	body::Body,
	extract::{Path, State},
	http::{header, HeaderMap, StatusCode},
	response::{IntoResponse, Response},
	routing::{get, post},
	Json, Router,
};
use serde_json::{json, Value};
use std::{sync::Arc, time::Instant};

/// The header a paid request may name its inference in (or `openledger.inference` in the body).
pub const INFERENCE_HEADER: &str = "openledger-inference";

/// The gateway's routes over `app`, and the agents it runs.
pub fn router(app: Arc<App>, agents: Option<Arc<Agents>>) -> Router {
	let tasks = Router::new()
		.route("/v1/agents/{id}/tasks", post(agent_task))
		.with_state((app.clone(), agents));
	Router::new()
		.route("/v1/completions", post(completions))
		.route("/v1/chat/completions", post(chat))
		.route("/v1/models", get(models))
		.route("/v1/inferences/{id}", get(inference))
		.route("/v1/outputs/{id}", get(output))
		.route("/v1/outputs/{id}/citations", get(citations))
		.route("/metrics", get(metrics))
		.route("/health", get(health))
		.fallback(|| async { error(404, "not_found", "no such endpoint: see docs/gateway.md") })
		.with_state(app)
		.merge(tasks)
}

/// An OpenAI-style error body with its status.
fn error(status: u16, code: &str, message: impl Into<String>) -> Response {
	let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
	let kind = if status.is_server_error() { "server_error" } else { "invalid_request_error" };
	let body = json!({ "error": {
		"message": message.into(), "type": kind, "code": code, "param": null } });
	(status, Json(body)).into_response()
}

impl IntoResponse for Refusal {
	fn into_response(self) -> Response {
		error(self.status, self.code, self.message)
	}
}

async fn completions(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
	complete(app, Endpoint::Completions, headers, body).await
}

async fn chat(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
	complete(app, Endpoint::Chat, headers, body).await
}

/// Either completion endpoint, measured.
async fn complete(app: Arc<App>, endpoint: Endpoint, headers: HeaderMap, body: Body) -> Response {
	let started = Instant::now();
	let label = match endpoint {
		Endpoint::Completions => "completions",
		Endpoint::Chat => "chat",
	};
	let outcome = paid_answer(&app, endpoint, &headers, body).await;
	let (response, status) = match outcome {
		Ok(body) => (Json(body).into_response(), 200),
		Err(refusal) => {
			tracing::info!(endpoint = label, status = refusal.status, code = refusal.code,
				message = %refusal.message, "request refused");
			let status = refusal.status;
			(refusal.into_response(), status)
		},
	};
	app.metrics.requests.with_label_values(&[label, &status.to_string()]).inc();
	app.metrics
		.latency
		.with_label_values(&[label])
		.observe(started.elapsed().as_secs_f64());
	response
}

/// The request body: a JSON object of at most `max_body_bytes`.
async fn json_body(app: &App, headers: &HeaderMap, body: Body) -> Result<Value, Refusal> {
	let limit = app.config.max_body_bytes;
	let too_large = || Refusal {
		status: 413,
		code: "request_too_large",
		message: format!("the request body is over {limit} bytes"),
	};
	let declared = headers
		.get(header::CONTENT_LENGTH)
		.and_then(|v| v.to_str().ok())
		.and_then(|v| v.parse::<u64>().ok());
	if declared.is_some_and(|n| n > limit as u64) {
		return Err(too_large());
	}
	let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| too_large())?;
	let bad = |message: String| Refusal { status: 400, code: "invalid_request", message };
	let body: Value =
		serde_json::from_slice(&bytes).map_err(|e| bad(format!("the body is not JSON: {e}")))?;
	if !body.is_object() {
		return Err(bad("the body must be a JSON object".into()));
	}
	Ok(body)
}

async fn paid_answer(
	app: &Arc<App>,
	endpoint: Endpoint,
	headers: &HeaderMap,
	body: Body,
) -> Result<Value, Refusal> {
	let body = json_body(app, headers, body).await?;
	let app = app.clone();
	if app.config.backend_only {
		return tokio::task::spawn_blocking(move || app.answer_unpaid(endpoint, &body))
			.await
			.map_err(|e| Refusal { status: 500, code: "internal_error", message: e.to_string() })?;
	}
	let inference = inference_named(headers, &body)?;
	tokio::task::spawn_blocking(move || {
		let answered = app.answer(endpoint, inference, &body);
		if answered.is_ok() {
			tracing::info!(inference, "answered");
		}
		answered
	})
	.await
	.map_err(|e| Refusal { status: 500, code: "internal_error", message: e.to_string() })?
}

/// The paid inference a request names: in the `OpenLedger-Inference` header, or as
/// `openledger.inference` in the body (a number, or decimal text).
fn inference_named(headers: &HeaderMap, body: &Value) -> Result<u64, Refusal> {
	let in_header = headers.get(INFERENCE_HEADER).map(|v| v.to_str().unwrap_or("").to_owned());
	let in_body = body.pointer(&format!("/{}/inference", canonical::MEMBER)).map(|v| match v {
		Value::String(s) => s.clone(),
		other => other.to_string(),
	});
	let parse = |text: &str| {
		text.trim().parse::<u64>().map_err(|_| Refusal {
			status: 400,
			code: "invalid_request",
			message: format!("the inference must be a whole number, not {text:?}"),
		})
	};
	match (in_header, in_body) {
		(None, None) => Err(Refusal {
			status: 402,
			code: "payment_required",
			message: "pay first: call attribution.requestInference(model, maxFee, requestHash) \
			          with requestHash the BLAKE2-256 of this body in canonical form, then name \
			          the inference in the OpenLedger-Inference header (docs/gateway.md)"
				.into(),
		}),
		(Some(h), Some(b)) if parse(&h)? != parse(&b)? => Err(Refusal {
			status: 400,
			code: "invalid_request",
			message: "the header and the body name different inferences".into(),
		}),
		(Some(text), _) | (None, Some(text)) => parse(&text),
	}
}

/// `POST /v1/agents/{id}/tasks` with `{"task": …, "input": …}`: runs (or resumes) the task.
async fn agent_task(
	State((app, agents)): State<(Arc<App>, Option<Arc<Agents>>)>,
	Path(agent): Path<String>,
	headers: HeaderMap,
	body: Body,
) -> Response {
	let outcome = async {
		let agent: u32 = agent.parse().map_err(|_| Refusal {
			status: 400,
			code: "invalid_request",
			message: format!("{agent:?} is not an agent id"),
		})?;
		let agents = agents.ok_or_else(|| Refusal {
			status: 404,
			code: "agent_not_found",
			message: "this gateway runs no agents".into(),
		})?;
		let body = json_body(&app, &headers, body).await?;
		tokio::task::spawn_blocking(move || agents.run(&app, agent, &body))
			.await
			.map_err(|e| Refusal { status: 500, code: "internal_error", message: e.to_string() })?
	};
	match outcome.await {
		Ok(body) => Json(body).into_response(),
		Err(refusal) => {
			tracing::info!(status = refusal.status, code = refusal.code,
				message = %refusal.message, "task refused");
			refusal.into_response()
		},
	}
}

async fn models(State(app): State<Arc<App>>) -> Response {
	let data: Vec<Value> = app
		.models
		.values()
		.map(|m| {
			let backend = match &m.config.backend {
				crate::config::Backend::InfiniGram => "infini-gram",
				crate::config::Backend::Openai { .. } => "openai",
			};
			json!({ "id": m.config.id.to_string(), "object": "model", "created": 0,
				"owned_by": "openledger", "openledger": { "model": m.config.id, "backend": backend } })
		})
		.collect();
	Json(json!({ "object": "list", "data": data })).into_response()
}

/// Runs a blocking read of the queue off the async runtime.
async fn read<T: Send + 'static>(
	app: Arc<App>,
	f: impl FnOnce(&App) -> Result<T, String> + Send + 'static,
) -> Result<T, Refusal> {
	tokio::task::spawn_blocking(move || f(&app))
		.await
		.map_err(|e| e.to_string())
		.and_then(|r| r)
		.map_err(|message| Refusal { status: 500, code: "internal_error", message })
}

fn id_of(text: &str) -> Result<u64, Refusal> {
	text.parse().map_err(|_| Refusal {
		status: 400,
		code: "invalid_request",
		message: format!("{text:?} is not an inference id"),
	})
}

async fn inference(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
	let found = async {
		let id = id_of(&id)?;
		Ok::<_, Refusal>((id, read(app, move |app| app.status(id)).await?))
	};
	match found.await {
		Ok((_, Some(status))) => Json(status).into_response(),
		Ok((id, None)) =>
			error(404, "unknown_inference", format!("this gateway has not answered inference {id}")),
		Err(refusal) => refusal.into_response(),
	}
}

async fn output(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
	let found = async {
		let id = id_of(&id)?;
		Ok::<_, Refusal>((id, read(app, move |app| app.output(id)).await?))
	};
	match found.await {
		Ok((_, Some(text))) =>
			([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), ANY_PAGE], text).into_response(),
		Ok((id, None)) => no_output(id),
		Err(refusal) => refusal.into_response(),
	}
}

/// A published output's citations: its spans found in the lineage's files, with the
/// contributions each one quotes (what a completion's `openledger.citations` had).
async fn citations(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
	let found = async {
		let id = id_of(&id)?;
		// Found again in the lineage's files, as when it was answered: blocking work.
		let citations = tokio::task::spawn_blocking(move || app.published_citations(id))
			.await
			.map_err(|e| Refusal {
			status: 500,
			code: "internal_error",
			message: e.to_string(),
		})??;
		Ok::<_, Refusal>((id, citations))
	};
	match found.await {
		Ok((id, Some(citations))) =>
			([ANY_PAGE], Json(json!({ "inference": id, "citations": citations }))).into_response(),
		Ok((id, None)) => no_output(id),
		Err(refusal) => refusal.into_response(),
	}
}

/// A published output is public: any page may read it (an explorer shows it beside its record).
const ANY_PAGE: (header::HeaderName, &str) = (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*");

fn no_output(id: u64) -> Response {
	error(
		404,
		"no_output",
		format!("no published output for inference {id}: not answered here, or private"),
	)
}

async fn metrics(State(app): State<Arc<App>>) -> Response {
	if let Ok(backlog) = app.queue.backlog() {
		app.metrics.backlog.set(backlog as i64);
	}
	([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], app.metrics.render()).into_response()
}

async fn health(State(app): State<Arc<App>>) -> Response {
	match read(app, |app| app.queue.backlog()).await {
		Ok(backlog) => Json(json!({ "status": "ok", "backlog": backlog })).into_response(),
		Err(refusal) => refusal.into_response(),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use axum::http::HeaderValue;

	#[test]
	fn the_inference_is_named_in_the_header_or_the_body() {
		let mut headers = HeaderMap::new();
		let body = json!({ "model": "1" });
		assert_eq!(inference_named(&headers, &body).unwrap_err().status, 402);
		assert_eq!(inference_named(&headers, &json!({ "openledger": { "inference": 7 } })), Ok(7));
		assert_eq!(
			inference_named(&headers, &json!({ "openledger": { "inference": "8" } })),
			Ok(8)
		);
		headers.insert(INFERENCE_HEADER, HeaderValue::from_static("9"));
		assert_eq!(inference_named(&headers, &body), Ok(9));
		assert_eq!(inference_named(&headers, &json!({ "openledger": { "inference": 9 } })), Ok(9));
		let both = inference_named(&headers, &json!({ "openledger": { "inference": 1 } }));
		assert_eq!(both.unwrap_err().status, 400);
		headers.insert(INFERENCE_HEADER, HeaderValue::from_static("-1"));
		assert_eq!(inference_named(&headers, &body).unwrap_err().status, 400);
	}
}
