//! Prometheus metrics, served at `GET /metrics`.

use prometheus::{
	Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts,
	Registry, TextEncoder,
};

/// The gateway's metrics.
pub struct Metrics {
	registry: Registry,
	/// Requests answered, by endpoint and HTTP status.
	pub requests: IntCounterVec,
	/// Seconds from request to response, by endpoint.
	pub latency: HistogramVec,
	/// Seconds spent generating, and attributing, an answer.
	pub generation: Histogram,
	pub attribution: Histogram,
	/// Tokens read and written.
	pub prompt_tokens: IntCounter,
	pub completion_tokens: IntCounter,
	/// Answers attributed, and how many contributions each credits.
	pub attributions: IntCounter,
	pub attribution_entries: Histogram,
	/// Inferences settled on chain, or given up.
	pub settled: IntCounter,
	pub settle_failures: IntCounterVec,
	/// Inferences per `settleBatch` transaction.
	pub batch_size: Histogram,
	/// Answered inferences waiting for settlement.
	pub backlog: IntGauge,
	/// Challenges of this gateway's records answered, and those it could not answer.
	pub challenges_answered: IntCounter,
	pub challenges_unanswered: IntCounter,
}

fn buckets(from: f64, factor: f64, count: usize) -> Vec<f64> {
	prometheus::exponential_buckets(from, factor, count).unwrap_or_default()
}

impl Metrics {
	/// The metrics, registered.
	pub fn new() -> Result<Metrics, prometheus::Error> {
		let registry = Registry::new_custom(Some("openledger_gateway".into()), None)?;
		let latency_buckets = buckets(0.001, 2.0, 16);
		let metrics = Metrics {
			requests: IntCounterVec::new(
				Opts::new("requests_total", "HTTP requests answered, by endpoint and status"),
				&["endpoint", "status"],
			)?,
			latency: HistogramVec::new(
				HistogramOpts::new("request_seconds", "Seconds from request to response")
					.buckets(latency_buckets.clone()),
				&["endpoint"],
			)?,
			generation: Histogram::with_opts(
				HistogramOpts::new("generation_seconds", "Seconds generating an answer")
					.buckets(latency_buckets.clone()),
			)?,
			attribution: Histogram::with_opts(
				HistogramOpts::new("attribution_seconds", "Seconds attributing an answer")
					.buckets(latency_buckets),
			)?,
			prompt_tokens: IntCounter::new("prompt_tokens_total", "Prompt tokens read")?,
			completion_tokens: IntCounter::new("completion_tokens_total", "Tokens generated")?,
			attributions: IntCounter::new("attributions_total", "Answers attributed")?,
			attribution_entries: Histogram::with_opts(
				HistogramOpts::new("attribution_entries", "Contributions credited by an answer")
					.buckets(vec![0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0]),
			)?,
			settled: IntCounter::new("settled_total", "Inferences settled on chain")?,
			settle_failures: IntCounterVec::new(
				Opts::new("settle_failures_total", "Settlement attempts that failed, by kind"),
				&["kind"],
			)?,
			batch_size: Histogram::with_opts(
				HistogramOpts::new("settle_batch_size", "Inferences per settleBatch transaction")
					.buckets(buckets(1.0, 2.0, 10)),
			)?,
			backlog: IntGauge::new("settle_backlog", "Answered inferences not yet settled")?,
			challenges_answered: IntCounter::new(
				"challenges_answered_total",
				"Challenges of this gateway's records answered with a span witness",
			)?,
			challenges_unanswered: IntCounter::new(
				"challenges_unanswered_total",
				"Challenges of this gateway's records it could not answer",
			)?,
			registry,
		};
		let r = &metrics.registry;
		r.register(Box::new(metrics.requests.clone()))?;
		r.register(Box::new(metrics.latency.clone()))?;
		r.register(Box::new(metrics.generation.clone()))?;
		r.register(Box::new(metrics.attribution.clone()))?;
		r.register(Box::new(metrics.prompt_tokens.clone()))?;
		r.register(Box::new(metrics.completion_tokens.clone()))?;
		r.register(Box::new(metrics.attributions.clone()))?;
		r.register(Box::new(metrics.attribution_entries.clone()))?;
		r.register(Box::new(metrics.settled.clone()))?;
		r.register(Box::new(metrics.settle_failures.clone()))?;
		r.register(Box::new(metrics.batch_size.clone()))?;
		r.register(Box::new(metrics.backlog.clone()))?;
		r.register(Box::new(metrics.challenges_answered.clone()))?;
		r.register(Box::new(metrics.challenges_unanswered.clone()))?;
		Ok(metrics)
	}

	/// Every metric in Prometheus' text format.
	pub fn render(&self) -> String {
		let mut out = Vec::new();
		let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
		String::from_utf8_lossy(&out).into_owned()
	}
}
