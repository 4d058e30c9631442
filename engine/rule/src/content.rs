//! How a contribution commits to its bytes: the **content root**, a binary BLAKE2 tree over
//! chunks of [`CHUNK_BYTES`], so that any run of chunks can be proven against it with a few
//! hashes and the rest of the file stays private.
//!
//! - The bytes are cut into chunks of 1,024 bytes, the last one shorter; an empty file is one empty
//!   chunk. A chunk's leaf is `blake2_256(chunk)`.
//! - A run of `n > 1` leaves hashes as `blake2_256(left ‖ right)`, where `left` is the tree of the
//!   first `k` leaves, `k` the largest power of two below `n`, and `right` the tree of the rest
//!   (the shape of RFC 6962's Merkle trees).
//! - The root is the tree of all leaves. A file of at most one chunk has the root
//!   `blake2_256(file)`, its plain hash.
//!
//! Leaves and inner nodes share one hash without a domain prefix on purpose: the verifier knows
//! the file's size from the chain, hence the tree's shape and which positions are leaves, so an
//! inner node cannot pass for a chunk; and small files keep the plain hash they always had.
//!
//! A **range proof** of chunks `first..=last` is the roots of the subtrees beside them, in the
//! order [`Commitment::check_range`] reads them: left to right, outermost first.

use crate::Hasher;
use alloc::vec::Vec;

/// The bytes of a chunk; the last chunk of a file may be shorter.
pub const CHUNK_BYTES: u64 = 1024;

/// How many chunks a file of `size` bytes has.
pub fn chunk_count(size: u64) -> u64 {
	size.div_ceil(CHUNK_BYTES).max(1)
}

/// Why a range of chunks does not prove against a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeError {
	/// The chunks do not start at a chunk of the file, or their bytes do not end at a chunk
	/// boundary or at the file's end.
	NotChunks,
	/// The proof has too few or too many hashes for the range.
	ProofLength,
	/// The chunks and the proof hash to another root.
	RootMismatch,
}

/// What a contribution commits to on chain: the root of its content, and its size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commitment {
	/// The content root.
	pub root: [u8; 32],
	/// The size in bytes.
	pub size: u64,
}

impl Commitment {
	/// The commitment of `bytes`.
	pub fn of<H: Hasher>(bytes: &[u8]) -> Self {
		Commitment { root: root::<H>(bytes), size: bytes.len() as u64 }
	}

	/// Checks that `chunks`, the bytes of the file's chunks from `first` on, are the file's,
	/// with `proof` from [`range_proof`]. Returns the index of the last chunk.
	pub fn check_range<H: Hasher>(
		&self,
		first: u64,
		chunks: &[u8],
		proof: &[[u8; 32]],
	) -> Result<u64, RangeError> {
		let start = first.checked_mul(CHUNK_BYTES).ok_or(RangeError::NotChunks)?;
		let end = start.checked_add(chunks.len() as u64).ok_or(RangeError::NotChunks)?;
		let whole_chunks = end % CHUNK_BYTES == 0;
		let inside = first < chunk_count(self.size) && end <= self.size;
		if !inside || (end != self.size && !whole_chunks) || (chunks.is_empty() && self.size > 0) {
			return Err(RangeError::NotChunks);
		}
		let last = end.saturating_sub(1) / CHUNK_BYTES;
		let range = Range { first, last: last.max(first) };
		let mut hashes = proof.iter();
		let root = range.root::<H>(0, chunk_count(self.size), chunks, &mut hashes)?;
		if hashes.next().is_some() {
			return Err(RangeError::ProofLength);
		}
		if root != self.root {
			return Err(RangeError::RootMismatch);
		}
		Ok(range.last)
	}
}

/// The content root of `bytes`.
pub fn root<H: Hasher>(bytes: &[u8]) -> [u8; 32] {
	subtree::<H>(bytes, 0, chunk_count(bytes.len() as u64))
}

/// The proof of chunks `first..=last` of `bytes` (`last` clamped to the file's last chunk).
pub fn range_proof<H: Hasher>(bytes: &[u8], first: u64, last: u64) -> Vec<[u8; 32]> {
	let mut proof = Vec::new();
	collect_proof::<H>(bytes, 0, chunk_count(bytes.len() as u64), first, last, &mut proof);
	proof
}

/// The bytes of chunks `first..=last` of `bytes` (`last` clamped to the file's last chunk).
pub fn chunks(bytes: &[u8], first: u64, last: u64) -> &[u8] {
	let at = |chunk: u64| {
		usize::try_from(chunk.saturating_mul(CHUNK_BYTES))
			.unwrap_or(usize::MAX)
			.min(bytes.len())
	};
	bytes.get(at(first)..at(last.saturating_add(1))).unwrap_or_default()
}

/// The largest power of two below `n` (for `n >= 2`): where a tree of `n` leaves splits.
fn split(n: u64) -> u64 {
	let bits = 63u32.saturating_sub(n.saturating_sub(1).leading_zeros());
	1u64.checked_shl(bits).unwrap_or(0)
}

fn join<H: Hasher>(left: [u8; 32], right: [u8; 32]) -> [u8; 32] {
	let mut both = [0u8; 64];
	both[..32].copy_from_slice(&left);
	both[32..].copy_from_slice(&right);
	H::hash(&both)
}

/// The root of the tree of chunks `lo..hi` of `bytes`.
fn subtree<H: Hasher>(bytes: &[u8], lo: u64, hi: u64) -> [u8; 32] {
	let width = hi.saturating_sub(lo);
	if width <= 1 {
		return H::hash(chunks(bytes, lo, lo));
	}
	let mid = lo.saturating_add(split(width));
	join::<H>(subtree::<H>(bytes, lo, mid), subtree::<H>(bytes, mid, hi))
}

fn collect_proof<H: Hasher>(
	bytes: &[u8],
	lo: u64,
	hi: u64,
	first: u64,
	last: u64,
	proof: &mut Vec<[u8; 32]>,
) {
	if hi <= first || lo > last {
		proof.push(subtree::<H>(bytes, lo, hi));
		return;
	}
	let width = hi.saturating_sub(lo);
	if width > 1 {
		let mid = lo.saturating_add(split(width));
		collect_proof::<H>(bytes, lo, mid, first, last, proof);
		collect_proof::<H>(bytes, mid, hi, first, last, proof);
	}
}

/// A run of chunks being checked: `first..=last`.
struct Range {
	first: u64,
	last: u64,
}

impl Range {
	/// The root of the tree of chunks `lo..hi`, from the range's bytes where the tree overlaps
	/// it and from the proof elsewhere.
	fn root<'a, H: Hasher>(
		&self,
		lo: u64,
		hi: u64,
		chunks: &[u8],
		proof: &mut impl Iterator<Item = &'a [u8; 32]>,
	) -> Result<[u8; 32], RangeError> {
		if hi <= self.first || lo > self.last {
			return proof.next().copied().ok_or(RangeError::ProofLength);
		}
		let width = hi.saturating_sub(lo);
		if width <= 1 {
			let from = lo.saturating_sub(self.first).saturating_mul(CHUNK_BYTES);
			let from = usize::try_from(from).map_err(|_| RangeError::NotChunks)?;
			let to = from.saturating_add(CHUNK_BYTES as usize).min(chunks.len());
			return Ok(H::hash(chunks.get(from..to).ok_or(RangeError::NotChunks)?));
		}
		let mid = lo.saturating_add(split(width));
		let left = self.root::<H>(lo, mid, chunks, proof)?;
		let right = self.root::<H>(mid, hi, chunks, proof)?;
		Ok(join::<H>(left, right))
	}
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use crate::Blake2b;

	fn file(len: usize) -> Vec<u8> {
		(0..len).map(|i| (i * 7 % 251) as u8).collect()
	}

	#[test]
	fn a_file_of_one_chunk_has_its_plain_hash() {
		for len in [0, 1, 1023, 1024] {
			let bytes = file(len);
			assert_eq!(root::<Blake2b>(&bytes), Blake2b::hash(&bytes), "{len} bytes");
		}
		assert_ne!(root::<Blake2b>(&file(1025)), Blake2b::hash(&file(1025)));
	}

	#[test]
	fn the_tree_splits_at_the_largest_power_of_two_below() {
		assert_eq!(
			(split(2), split(3), split(4), split(5), split(8), split(9)),
			(1, 2, 2, 4, 4, 8)
		);
		// Three chunks: (c0 c1) c2.
		let bytes = file(2 * 1024 + 10);
		let leaf = |i| Blake2b::hash(chunks(&bytes, i, i));
		let want = join::<Blake2b>(join::<Blake2b>(leaf(0), leaf(1)), leaf(2));
		assert_eq!(root::<Blake2b>(&bytes), want);
	}

	#[test]
	fn every_range_of_every_shape_proves() {
		for count in 1..=9u64 {
			let bytes = file((count as usize - 1) * 1024 + 300);
			let commitment = Commitment::of::<Blake2b>(&bytes);
			for first in 0..count {
				for last in first..count {
					let proof = range_proof::<Blake2b>(&bytes, first, last);
					let revealed = chunks(&bytes, first, last);
					assert_eq!(
						commitment.check_range::<Blake2b>(first, revealed, &proof),
						Ok(last),
						"{count} chunks, {first}..={last}"
					);
				}
			}
		}
	}

	#[test]
	fn a_wrong_byte_hash_or_range_is_refused() {
		let bytes = file(5 * 1024);
		let commitment = Commitment::of::<Blake2b>(&bytes);
		let proof = range_proof::<Blake2b>(&bytes, 1, 2);
		let revealed = chunks(&bytes, 1, 2).to_vec();
		let check = |first, chunks: &[u8], proof: &[[u8; 32]]| {
			commitment.check_range::<Blake2b>(first, chunks, proof)
		};
		assert_eq!(check(1, &revealed, &proof), Ok(2));

		let mut changed = revealed.clone();
		changed[100] ^= 1;
		assert_eq!(check(1, &changed, &proof), Err(RangeError::RootMismatch));
		let mut bad_proof = proof.clone();
		bad_proof[0][0] ^= 1;
		assert_eq!(check(1, &revealed, &bad_proof), Err(RangeError::RootMismatch));
		// The same chunks claimed at another place, cut short, or with a hash missing or extra.
		assert_eq!(check(2, &revealed, &proof), Err(RangeError::ProofLength));
		assert_eq!(check(1, &revealed[..1500], &proof), Err(RangeError::NotChunks));
		assert_eq!(check(1, &revealed, &proof[1..]), Err(RangeError::ProofLength));
		let mut longer = proof.clone();
		longer.push([0; 32]);
		assert_eq!(check(1, &revealed, &longer), Err(RangeError::ProofLength));
		assert_eq!(check(5, &[], &[]), Err(RangeError::NotChunks));
		assert_eq!(check(u64::MAX, &revealed, &proof), Err(RangeError::NotChunks));
	}

	#[test]
	fn the_documented_test_vector() {
		// Three chunks of a file of 2,100 bytes, all `a`.
		let root = root::<Blake2b>(&[b'a'; 2100]);
		let hex: std::string::String = root.iter().map(|b| std::format!("{b:02x}")).collect();
		assert_eq!(hex, "548897ad9c4c4d8416447e30347ef351c02fc4befc934901d93208944e980068");
	}
}
