//! Proof of Attribution: which Datanet contributions a model's output quotes, and by how much.
//!
//! ## Overview
//!
//! An inference provider settles a paid inference on chain with an **attribution**: a list of
//! contributions and the share of the data fee each earns. This crate computes that list from
//! the output text itself, by a fixed rule that anyone holding the same Datanet files can rerun
//! and check, bit for bit:
//!
//! 1. [`Index::build`] tokenises every contribution of one published Datanet version ([`tokenize`],
//!    from `openledger-attribution-rule`, the crate the runtime checks spans with) and builds
//!    suffix arrays over the tokens ([`suffix`]). The index is written in a deterministic,
//!    documented format ([`Index::to_bytes`]) and named by its BLAKE2-256 hash.
//! 2. [`attribute`] finds the maximal spans of the output (at least `min_span` tokens) that occur
//!    verbatim in the indexed contributions, credits each span's tokens to the contributions
//!    containing it, and turns the credits into shares in parts per billion that sum to exactly 100
//!    %, capped to the chain's maximum number of entries.
//! 3. [`infini`] reads the same indexes as a language model (an ∞-gram model): a model answers from
//!    its lineage's data, and its answers are attributed by step 2 like any output.
//!
//! Same inputs give the same bytes on any machine: no floating point, no hash-map iteration
//! order, little-endian integers, ties broken by contribution id. The Unicode tables the
//! tokeniser uses are recorded in the index, and an index made with other tables is refused.
//!
//! ## Example
//!
//! ```
//! use openledger_attribution_engine::{attribute, content_root, ContributionText, Index, IndexMeta, Params};
//!
//! let text = |id: u64, s: &str| ContributionText {
//!     id,
//!     content_hash: content_root(s.as_bytes()),
//!     bytes: s.as_bytes().to_vec(),
//! };
//! let index = Index::build(
//!     IndexMeta { datanet: 0, version: 1, merkle_root: [0; 32] },
//!     vec![
//!         text(7, "rest and fluids bring a fever down within two days"),
//!         text(9, "a cold lasts about a week and needs no antibiotics at all"),
//!     ],
//! )
//! .unwrap();
//! let output = "Doctors say rest and fluids bring a fever down; a cold lasts about a week and needs no antibiotics.";
//! let result = attribute(&[&index], output, &Params { min_span: 4, max_entries: 32 }).unwrap();
//! // Span "rest and fluids bring a fever down" (7 tokens) and "a cold ... no antibiotics" (10 tokens).
//! assert_eq!(result.shares(), vec![(7, 411_764_706), (9, 588_235_294)]);
//! ```
//!
//! ## Design notes
//!
//! - Exactness comes from the suffix arrays: a span is found if and only if it occurs, and all its
//!   occurrences are one contiguous range of the array.
//! - An index is split into shards of about [`index::SHARD_TOKENS`] tokens at contribution
//!   boundaries. The split depends only on the contributions, so the bytes do not depend on the
//!   machine, while the shards' suffix arrays are built in parallel.
//! - The shares rule is written out in [`attribute`] and in `docs/attribution.md`.

// An off-chain tool: Rust's bounds checks and integer overflow checks in tests are the safety
// net here, and a panic is a bug report, not a stalled chain. Unwraps stay forbidden.
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

pub mod attribute;
mod codec;
pub mod index;
pub mod infini;
pub mod merkle;
pub mod runs;
pub mod suffix;
pub mod synth;
pub mod tokens;
/// The tokeniser, shared with the runtime.
pub use openledger_attribution_rule::tokenize;

pub use attribute::{attribute, Attribution, Entry, Params, Span, CREDIT_PER_TOKEN};
pub use index::{ContributionText, Index, IndexMeta, IndexedContribution, Verify};

/// BLAKE2b with a 32-byte output: the chain's content hashes and this crate's index hashes.
pub fn blake2_256(data: &[u8]) -> [u8; 32] {
	let mut out = [0u8; 32];
	out.copy_from_slice(blake2b_simd::Params::new().hash_length(32).hash(data).as_bytes());
	out
}

/// The content root a contribution of `bytes` commits to on chain: a BLAKE2 tree over 1 KiB
/// chunks ([`openledger_attribution_rule::content`]); for a file of one chunk, its
/// [`blake2_256`].
pub fn content_root(bytes: &[u8]) -> [u8; 32] {
	openledger_attribution_rule::content::root::<openledger_attribution_rule::Blake2b>(bytes)
}

/// Whether `bytes` are what `hash` commits to on chain: their [`content_root`], or, for a file
/// over 1 KiB contributed before content roots (runtime spec 105 and earlier), their plain
/// [`blake2_256`]. Either binds the file. The plain hash is computed only if the root differs.
pub fn commits_to(bytes: &[u8], hash: &[u8; 32]) -> bool {
	content_root(bytes) == *hash || (bytes.len() > 1024 && blake2_256(bytes) == *hash)
}

/// `0x`-prefixed lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + 2 * bytes.len());
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

/// `f` over `items` on rayon's pool (as many threads as the machine has), results in `items`'
/// order. A panic in `f` panics the caller: rayon hands it on, so no item's result can go missing
/// and an attribution cannot come back short without an error.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
	use rayon::prelude::*;
	items.par_iter().map(&f).collect()
}

/// What can go wrong building, reading or querying an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
	/// A contribution's bytes do not have the content root it was given with.
	HashMismatch {
		/// The contribution.
		id: u64,
	},
	/// Two contributions carry the same id.
	DuplicateContribution {
		/// The id given twice.
		id: u64,
	},
	/// A contribution has more tokens than one shard can address (2^31 - 2).
	TooLarge {
		/// The contribution.
		id: u64,
	},
	/// The bytes are not an index of this format; the message says where they went wrong.
	Format(String),
	/// The index was made with other Unicode tables than this build's tokeniser uses, so the
	/// same text could tokenise differently. Rebuild it.
	UnicodeMismatch {
		/// The index's Unicode version.
		index: (u8, u8, u8),
		/// This build's.
		this_build: (u8, u8, u8),
	},
	/// A parameter is out of range; the message says which.
	InvalidParams(&'static str),
	/// An index file could not be read or written.
	Io(String),
}

impl core::fmt::Display for Error {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Error::HashMismatch { id } =>
				write!(f, "contribution {id}: the bytes do not match its content root"),
			Error::DuplicateContribution { id } => write!(f, "contribution {id} is given twice"),
			Error::TooLarge { id } => write!(f, "contribution {id} is too large to index"),
			Error::Format(what) => write!(f, "not a valid index: {what}"),
			Error::UnicodeMismatch { index, this_build } => write!(
				f,
				"the index was built with Unicode {}.{}.{} tables, this tool has {}.{}.{}: rebuild it",
				index.0, index.1, index.2, this_build.0, this_build.1, this_build.2
			),
			Error::InvalidParams(what) => write!(f, "invalid parameters: {what}"),
			Error::Io(what) => write!(f, "{what}"),
		}
	}
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parallel_map_keeps_the_order_of_its_items() {
		let items: Vec<u32> = (0..1000).collect();
		assert_eq!(
			parallel_map(&items, |i| i * 2),
			items.iter().map(|i| i * 2).collect::<Vec<_>>()
		);
	}

	#[test]
	fn a_panic_in_one_item_fails_the_whole_map() {
		// The engine's own thread pool joined its workers with `unwrap_or_default`, so a worker
		// that panicked lost its items' results and the map returned fewer of them, silently.
		let items: Vec<u32> = (0..64).collect();
		let mapped = std::panic::catch_unwind(|| {
			parallel_map(&items, |&i| {
				assert_ne!(i, 37, "one item fails");
				i
			})
		});
		assert!(mapped.is_err(), "the panic reached the caller: {mapped:?}");
	}

	#[test]
	fn blake2_256_matches_the_chain() {
		// `sp_core::hashing::blake2_256(b"")`, as the chain and polkadot.js compute it.
		assert_eq!(
			hex(&blake2_256(b"")),
			"0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
		);
	}
}
