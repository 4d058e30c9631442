//! Span witnesses: proof that a run of an output's tokens occurs verbatim in a contribution,
//! checked against the output's bytes and the contribution's [`Commitment`] alone.
//!
//! A witness names the run (`tokens` tokens of the output from token `output_start`), where the
//! contribution's copy starts (`span_start`, a byte offset in the contribution), and reveals the
//! contribution's chunks around it with their [range proof](crate::content).
//!
//! The revealed chunks are a window into the file, and text read through a window can differ
//! from the file's at its edges: a character cut by the window's first byte reads as U+FFFD, and
//! so can one cut by its last. UTF-8 resynchronises within three bytes, so a witness is accepted
//! only where the window shows the file's own reading: the copy starts at the file's start or
//! more than three bytes into the window, after at least one whole character, and ends at the
//! file's end or at least four bytes before the window's end. [`prove`] picks chunks with that
//! room.

use crate::{
	content::{self, Commitment, RangeError, CHUNK_BYTES},
	tokenize, Hasher,
};
use alloc::vec::Vec;

/// A span witness, borrowing its bytes (see [`OwnedWitness`] for one that owns them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Witness<'a> {
	/// The output token the run starts at.
	pub output_start: u32,
	/// How many tokens the run has.
	pub tokens: u32,
	/// The byte of the contribution where its copy of the run starts.
	pub span_start: u64,
	/// The first chunk revealed.
	pub first_chunk: u64,
	/// The bytes of the chunks revealed, from `first_chunk` on.
	pub chunks: &'a [u8],
	/// Their range proof.
	pub proof: &'a [[u8; 32]],
}

/// A span witness that owns its bytes, as [`prove`] builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedWitness {
	/// See [`Witness::output_start`].
	pub output_start: u32,
	/// See [`Witness::tokens`].
	pub tokens: u32,
	/// See [`Witness::span_start`].
	pub span_start: u64,
	/// See [`Witness::first_chunk`].
	pub first_chunk: u64,
	/// See [`Witness::chunks`].
	pub chunks: Vec<u8>,
	/// See [`Witness::proof`].
	pub proof: Vec<[u8; 32]>,
}

impl OwnedWitness {
	/// The witness, borrowed.
	pub fn view(&self) -> Witness<'_> {
		Witness {
			output_start: self.output_start,
			tokens: self.tokens,
			span_start: self.span_start,
			first_chunk: self.first_chunk,
			chunks: &self.chunks,
			proof: &self.proof,
		}
	}
}

/// Why a witness does not prove its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WitnessError {
	/// The run has fewer tokens than the rule's shortest span.
	ShortSpan,
	/// The output has no such run of tokens.
	OutsideOutput,
	/// The chunks are not the contribution's: see the [`RangeError`].
	Chunks(RangeError),
	/// `span_start` is not where a token starts, as the revealed chunks show the file: outside
	/// them, too close to their start, or inside a token.
	NoTokenStart,
	/// The copy runs past what the revealed chunks show of the file.
	BeyondChunks,
	/// The tokens at `span_start` are not the run's.
	TokensDiffer,
}

/// Checks that `witness` proves its run of `output`'s tokens, of at least `min_span` tokens, in
/// the contribution committed to by `content`.
pub fn verify<H: Hasher>(
	output: &[u8],
	witness: &Witness,
	content: &Commitment,
	min_span: u32,
) -> Result<(), WitnessError> {
	if witness.tokens < min_span.max(1) {
		return Err(WitnessError::ShortSpan);
	}
	let out = tokenize::token_ranges(output);
	let (from, count) = (witness.output_start as usize, witness.tokens as usize);
	let run = out.get(from..from.saturating_add(count)).ok_or(WitnessError::OutsideOutput)?;

	content
		.check_range::<H>(witness.first_chunk, witness.chunks, witness.proof)
		.map_err(WitnessError::Chunks)?;
	// The window's bytes are the file's from `window_start`.
	let window_start = witness.first_chunk.saturating_mul(CHUNK_BYTES);
	let window_end = window_start.saturating_add(witness.chunks.len() as u64);
	let offset = witness.span_start.checked_sub(window_start).ok_or(WitnessError::NoTokenStart)?;
	// Where the window reads as the file: past the continuation bytes of a character it cuts at
	// its start, and short of the last character it may cut at its end.
	let leading = witness.chunks.iter().take(3).take_while(|b| (**b & 0xC0) == 0x80).count();
	let readable_from = if window_start == 0 { 0 } else { leading as u64 };
	let readable_to =
		if window_end == content.size { window_end } else { window_end.saturating_sub(4) };
	if witness.span_start != 0 && offset <= readable_from {
		return Err(WitnessError::NoTokenStart);
	}

	let window = tokenize::token_ranges(witness.chunks);
	let first = window
		.iter()
		.position(|&(start, _)| start as u64 == offset)
		.ok_or(WitnessError::NoTokenStart)?;
	let copy = window
		.get(first..first.saturating_add(count))
		.ok_or(WitnessError::BeyondChunks)?;
	let copy_end = copy.last().map_or(offset, |&(_, end)| end as u64);
	if window_start.saturating_add(copy_end) > readable_to {
		return Err(WitnessError::BeyondChunks);
	}
	let same = run
		.iter()
		.zip(copy)
		.all(|(o, c)| tokenize::text(output, *o) == tokenize::text(witness.chunks, *c));
	if !same {
		return Err(WitnessError::TokensDiffer);
	}
	Ok(())
}

/// Builds the witness that tokens `output_start..output_start + tokens` of `output` occur in
/// `contribution` from its byte `span_start`: reveals the chunks from four bytes before the copy
/// to four bytes after it. `None` if the output has no such run or the contribution no token at
/// `span_start` (the witness would not verify either way if the tokens differ).
pub fn prove<H: Hasher>(
	output: &[u8],
	output_start: u32,
	tokens: u32,
	contribution: &[u8],
	span_start: u64,
) -> Option<OwnedWitness> {
	let out = tokenize::token_ranges(output);
	out.get(output_start as usize..(output_start as usize).checked_add(tokens as usize)?)?;
	let file = tokenize::token_ranges(contribution);
	let first = file.iter().position(|&(start, _)| start as u64 == span_start)?;
	let &(_, copy_end) = file.get(first.checked_add(tokens as usize)?.checked_sub(1)?)?;
	let first_chunk = span_start.saturating_sub(4) / CHUNK_BYTES;
	let last_chunk = (copy_end as u64).saturating_add(3) / CHUNK_BYTES;
	Some(OwnedWitness {
		output_start,
		tokens,
		span_start,
		first_chunk,
		chunks: content::chunks(contribution, first_chunk, last_chunk).to_vec(),
		proof: content::range_proof::<H>(contribution, first_chunk, last_chunk),
	})
}

/// Where `tokens` tokens of `output` from token `output_start` first occur in `contribution`: the
/// byte its copy starts at, for [`prove`].
pub fn find(output: &[u8], output_start: u32, tokens: u32, contribution: &[u8]) -> Option<u64> {
	let out = tokenize::token_ranges(output);
	let from = output_start as usize;
	let run = out.get(from..from.checked_add(tokens as usize)?)?;
	let file = tokenize::token_ranges(contribution);
	file.windows(run.len().max(1)).find_map(|window| {
		let same = window
			.iter()
			.zip(run)
			.all(|(c, o)| tokenize::text(contribution, *c) == tokenize::text(output, *o));
		(same && window.len() == run.len()).then(|| window.first().map(|&(s, _)| s as u64))?
	})
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use crate::Blake2b;
	use alloc::{string::String, vec};

	const OUTPUT: &[u8] = b"Doctors agree: rest and fluids bring a fever down within two days.";

	/// A contribution of several chunks holding the output's run "rest ... days" near byte
	/// `at`, with filler words around it.
	fn contribution(at: usize, total: usize) -> Vec<u8> {
		let mut text = String::new();
		while text.len() < at {
			text.push_str("lorem ipsum ");
		}
		text.push_str("rest and fluids bring a fever down within two days");
		while text.len() < total {
			text.push_str(" dolor sit");
		}
		text.into_bytes()
	}

	fn check(output: &[u8], w: &OwnedWitness, file: &[u8], min: u32) -> Result<(), WitnessError> {
		verify::<Blake2b>(output, &w.view(), &Commitment::of::<Blake2b>(file), min)
	}

	#[test]
	fn a_run_is_proven_wherever_it_sits() {
		// In the first chunk, across a chunk boundary, at the file's end, in a one-chunk file.
		for (at, total) in [(0, 3000), (1000, 3000), (2990, 3000), (0, 60), (3000, 3040)] {
			let file = contribution(at, total);
			let start = find(OUTPUT, 3, 10, &file).expect("the run is in the file");
			let w = prove::<Blake2b>(OUTPUT, 3, 10, &file, start).unwrap();
			assert_eq!(check(OUTPUT, &w, &file, 8), Ok(()), "at {at} of {total}");
			assert!(w.chunks.len() as u64 <= 2 * CHUNK_BYTES);
		}
	}

	#[test]
	fn a_short_run_a_wrong_run_or_a_wrong_file_is_refused() {
		let file = contribution(1500, 4000);
		let start = find(OUTPUT, 3, 10, &file).unwrap();
		let w = prove::<Blake2b>(OUTPUT, 3, 10, &file, start).unwrap();
		assert_eq!(check(OUTPUT, &w, &file, 11), Err(WitnessError::ShortSpan));
		// The run claimed one token earlier in the output: ":" is not "rest".
		let shifted = OwnedWitness { output_start: 2, ..w.clone() };
		assert_eq!(check(OUTPUT, &shifted, &file, 8), Err(WitnessError::TokensDiffer));
		// Past the output's end.
		let long = OwnedWitness { output_start: 10, ..w.clone() };
		assert_eq!(check(OUTPUT, &long, &file, 8), Err(WitnessError::OutsideOutput));
		// Another output: the same words but one.
		let other = b"Doctors agree: rest and fluids bring a fever down within three days.";
		assert_eq!(check(other, &w, &file, 8), Err(WitnessError::TokensDiffer));
		// Another file's commitment.
		let elsewhere = contribution(1400, 4000);
		assert!(matches!(check(OUTPUT, &w, &elsewhere, 8), Err(WitnessError::Chunks(_))));
		// A changed byte in the revealed chunks.
		let mut forged = w.clone();
		forged.chunks[10] ^= 0x20;
		assert!(matches!(check(OUTPUT, &forged, &file, 8), Err(WitnessError::Chunks(_))));
		// A start inside a token ("est" of "rest").
		let inside = OwnedWitness { span_start: start + 1, ..w.clone() };
		assert_eq!(check(OUTPUT, &inside, &file, 8), Err(WitnessError::NoTokenStart));
	}

	#[test]
	fn a_copy_at_the_windows_edge_is_refused() {
		// The copy starts right at a chunk boundary: seen from that chunk, the word before it
		// could run into it ("xrest"), so the window must start earlier.
		let mut text = vec![b'x'; 1024];
		text.extend_from_slice(b"rest and fluids bring a fever down within two days");
		let w = OwnedWitness {
			output_start: 3,
			tokens: 10,
			span_start: 1024,
			first_chunk: 1,
			chunks: content::chunks(&text, 1, 1).to_vec(),
			proof: content::range_proof::<Blake2b>(&text, 1, 1),
		};
		assert_eq!(check(OUTPUT, &w, &text, 8), Err(WitnessError::NoTokenStart));
		// And the file does not hold the run: "xxxx…xrest" is one token.
		assert_eq!(find(OUTPUT, 3, 10, &text), None);

		// The copy ends right at a chunk boundary with more file after it: "days" could go on
		// ("daysx"), so the window must reach four bytes further.
		let text = contribution(0, 0);
		let pad = 1024 - text.len();
		let mut padded = vec![b' '; pad];
		padded.extend_from_slice(&text);
		padded.extend_from_slice(b"xyz more text");
		let start = pad as u64;
		let w = OwnedWitness {
			output_start: 3,
			tokens: 10,
			span_start: start,
			first_chunk: 0,
			chunks: content::chunks(&padded, 0, 0).to_vec(),
			proof: content::range_proof::<Blake2b>(&padded, 0, 0),
		};
		assert_eq!(check(OUTPUT, &w, &padded, 8), Err(WitnessError::BeyondChunks));
		assert_eq!(find(OUTPUT, 3, 10, &padded), None, "daysxyz is one token");
	}

	#[test]
	fn invalid_utf8_reads_as_replacement_on_both_sides() {
		let output = "see \u{FFFD} rest and fluids bring a fever down".as_bytes();
		let mut file = b"notes: \xff rest and fluids bring a fever down, and more".to_vec();
		file.extend(core::iter::repeat_n(b' ', 2000));
		let start = find(output, 1, 8, &file).unwrap();
		let w = prove::<Blake2b>(output, 1, 8, &file, start).unwrap();
		assert_eq!(check(output, &w, &file, 8), Ok(()));
	}
}
