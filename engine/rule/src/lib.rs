//! The attribution rule's shared core: what the runtime checks and the engine computes, from one
//! crate, so that the chain and the tools apply one rule.
//!
//! ## Overview
//!
//! - [`tokenize`]: how text becomes tokens, the units of every span.
//! - [`content`]: how a contribution commits to its bytes: the root of a binary BLAKE2 tree over 1
//!   KiB chunks, so that a few chunks can be proven without the rest of the file.
//! - [`witness`]: a **span witness**, the proof that a run of an output's tokens occurs verbatim in
//!   a contribution: the output's bytes, the run's place in them, and the contribution's chunks
//!   holding the run with their path to its content root.
//!
//! `no_std` and free of Substrate: the runtime links it into wasm and hashes with its host
//! function ([`Hasher`]); the engine and the clients use [`Blake2b`].
//!
//! ## Example
//!
//! ```
//! use openledger_attribution_rule::{content::Commitment, witness, Blake2b};
//!
//! let data = b"Rest and fluids bring a fever down within two days, doctors say.";
//! let output = b"As a rule: rest and fluids bring a fever down within two days.";
//! let commitment = Commitment::of::<Blake2b>(data);
//! // Output tokens 5 to 13, "and fluids ... days" (the contribution's "Rest" is another token).
//! let at = witness::find(output, 5, 9, data).unwrap();
//! assert_eq!(at, 5);
//! let proof = witness::prove::<Blake2b>(output, 5, 9, data, at).unwrap();
//! assert_eq!(witness::verify::<Blake2b>(output, &proof.view(), &commitment, 8), Ok(()));
//! // A rule asking for ten tokens refuses it.
//! assert!(witness::verify::<Blake2b>(output, &proof.view(), &commitment, 10).is_err());
//! //! ```

#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod content;
pub mod tokenize;
pub mod witness;

/// BLAKE2b with a 32-byte output: how contributions, outputs and the chain hash.
pub trait Hasher {
	/// The hash of `data`.
	fn hash(data: &[u8]) -> [u8; 32];
}

/// [`Hasher`] in portable Rust, for everything but the runtime.
pub struct Blake2b;

impl Hasher for Blake2b {
	fn hash(data: &[u8]) -> [u8; 32] {
		let mut out = [0u8; 32];
		out.copy_from_slice(blake2b_simd::Params::new().hash_length(32).hash(data).as_bytes());
		out
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn blake2b_matches_the_chain() {
		// `sp_core::hashing::blake2_256(b"")`.
		assert_eq!(
			Blake2b::hash(b""),
			[
				0x0e, 0x57, 0x51, 0xc0, 0x26, 0xe5, 0x43, 0xb2, 0xe8, 0xab, 0x2e, 0xb0, 0x60, 0x99,
				0xda, 0xa1, 0xd1, 0xe5, 0xdf, 0x47, 0x77, 0x8f, 0x77, 0x87, 0xfa, 0xab, 0x45, 0xcd,
				0xf1, 0x2f, 0xe3, 0xa8
			]
		);
	}
}
