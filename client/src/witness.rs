//! The evidence of a span witness as the runtime takes it (`answer_challenge`,
//! `challenge_omission`): output tokens shown to occur in a contribution's file, bound to one
//! inference of one record so that it cannot be replayed for another.

use crate::rpc::Error;
use codec::Encode;
use openledger_attribution_rule::{witness, Blake2b};
use openledger_runtime::{Hash, Runtime};
use pallet_attribution::{challenges::WITNESS_DOMAIN, AttributionRecord, SpanEvidence};
use sp_core::H256;
use sp_runtime::traits::{BlakeTwo256, Hash as _};

/// What a witness is bound to.
pub struct Binding<'a> {
	/// The chain's genesis hash.
	pub genesis: Hash,
	/// The inference.
	pub inference: u64,
	/// Its record (the model and version).
	pub record: &'a AttributionRecord<Runtime>,
	/// The contribution whose file holds the span.
	pub contribution: u64,
}

/// The evidence that `output`'s tokens `start..start + tokens` occur in `file` at byte `at`.
pub fn span_evidence(
	binding: &Binding,
	output: Vec<u8>,
	(start, tokens): (u32, u32),
	(file, at): (&[u8], u64),
) -> Result<SpanEvidence<Runtime>, Error> {
	let proof = witness::prove::<Blake2b>(&output, start, tokens, file, at)
		.ok_or("cannot build the witness: the file does not hold those tokens there")?;
	let bound = (
		WITNESS_DOMAIN,
		binding.genesis,
		binding.inference,
		binding.record.model,
		binding.record.version,
		binding.contribution,
	);
	Ok(SpanEvidence::<Runtime> {
		binding: BlakeTwo256::hash(&bound.encode()),
		output: output
			.try_into()
			.map_err(|_| "the output is above the chain's MaxOutputBytes")?,
		output_start: start,
		tokens,
		span_start: at,
		first_chunk: proof.first_chunk,
		chunks: proof.chunks.try_into().map_err(|_| "the witness reveals too many bytes")?,
		proof: proof
			.proof
			.into_iter()
			.map(H256)
			.collect::<Vec<_>>()
			.try_into()
			.map_err(|_| "the proof has too many hashes")?,
	})
}
