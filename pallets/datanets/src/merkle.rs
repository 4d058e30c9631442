//! The append-only Merkle accumulator behind each version's `merkle_root`.
//!
//! ## The construction, for anyone recomputing a root off-chain
//!
//! - **Leaves**: the content hashes (32 bytes each) of the Datanet's accepted contributions, in
//!   acceptance order (`sequence` 0, 1, 2, ...). A version holding `n` contributions uses the first
//!   `n`.
//! - **Tree**: a complete binary tree of depth [`DEPTH`] (32): leaf positions past the last
//!   contribution hold 32 zero bytes, and each inner node is `blake2_256(left ‖ right)`. The
//!   all-zero subtree hashes are therefore `Z0 = 0x00…00`, `Z(h+1) = blake2_256(Zh ‖ Zh)`.
//! - **Root**: `blake2_256(tree_root ‖ n)`, where `n` is the leaf count as 8 little-endian bytes.
//!   Mixing in the count tells a list from the same list followed by zero hashes.
//!
//! [`root_of`] is that definition written out naively; the tests check the accumulator
//! against it.
//!
//! ## Why a frontier
//!
//! The chain never stores the tree. It keeps, per Datanet, the *frontier*: at each level the
//! last left child still waiting for its right sibling (Ethereum's deposit contract does the
//! same). Adding a leaf touches at most [`DEPTH`] levels and on average two; computing the root
//! is [`DEPTH`] steps whatever the Datanet's size. So accepting a contribution and publishing a
//! version cost the same with ten contributions or ten million.

use codec::Encode;
use sp_core::H256;
use sp_io::hashing::blake2_256;

/// The depth of the tree.
pub const DEPTH: usize = 32;

/// How many leaves the tree takes: one short of `2^DEPTH`, so that the last insertion still
/// leaves its subtree root in the frontier.
pub const CAPACITY: u64 = (1 << DEPTH) - 1;

/// At each level, the last left child waiting for its right sibling.
pub type Frontier = [H256; DEPTH];

/// The accumulator already holds [`CAPACITY`] leaves.
#[derive(Debug, PartialEq, Eq)]
pub struct Full;

/// `blake2_256(left ‖ right)`.
fn hash_pair(left: &H256, right: &H256) -> H256 {
	H256((left, right).using_encoded(blake2_256))
}

/// `blake2_256(tree_root ‖ count as u64 little-endian)`.
fn mix_in_count(tree_root: &H256, count: u64) -> H256 {
	H256((tree_root, count).using_encoded(blake2_256))
}

/// Adds `leaf` as leaf number `count` (the accumulator holds `count` leaves before the call).
pub fn insert(frontier: &mut Frontier, count: u64, leaf: H256) -> Result<(), Full> {
	if count >= CAPACITY {
		return Err(Full);
	}
	let mut node = leaf;
	// The number of leaves after the insertion: its lowest set bit is the level where the new
	// subtree waits for a sibling; below it, each level's left child pairs with `node`.
	let mut size = count.saturating_add(1);
	for left in frontier.iter_mut() {
		if size & 1 == 1 {
			*left = node;
			return Ok(());
		}
		node = hash_pair(left, &node);
		size >>= 1;
	}
	// `size <= CAPACITY < 2^DEPTH` has a set bit below `DEPTH`.
	Err(Full)
}

/// The root of the first `count` leaves, from the frontier those leaves left.
pub fn root(frontier: &Frontier, count: u64) -> H256 {
	let mut node = H256::zero();
	let mut zero = H256::zero();
	let mut size = count;
	for left in frontier {
		node = if size & 1 == 1 { hash_pair(left, &node) } else { hash_pair(&node, &zero) };
		zero = hash_pair(&zero, &zero);
		size >>= 1;
	}
	mix_in_count(&node, count)
}

/// The root of `leaves`, computed level by level from the definition. Linear in the number of
/// leaves: for tests and `try_state`, never for extrinsics.
#[cfg(any(feature = "std", feature = "try-runtime"))]
pub fn root_of(leaves: &[H256]) -> H256 {
	let mut level = leaves.to_vec();
	let mut zero = H256::zero();
	for _ in 0..DEPTH {
		if level.len() % 2 == 1 {
			level.push(zero);
		}
		level = level
			.chunks_exact(2)
			.filter_map(|pair| match pair {
				[left, right] => Some(hash_pair(left, right)),
				_ => None,
			})
			.collect();
		zero = hash_pair(&zero, &zero);
	}
	let tree_root = level.first().copied().unwrap_or(zero);
	mix_in_count(&tree_root, leaves.len() as u64)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn leaf(i: u64) -> H256 {
		H256(i.using_encoded(blake2_256))
	}

	#[test]
	fn the_accumulator_matches_the_definition_at_every_size() {
		let mut frontier = Frontier::default();
		let mut leaves = Vec::new();
		assert_eq!(root(&frontier, 0), root_of(&leaves));
		for i in 0..70 {
			insert(&mut frontier, i, leaf(i)).unwrap();
			leaves.push(leaf(i));
			assert_eq!(root(&frontier, i + 1), root_of(&leaves), "after {} leaves", i + 1);
		}
	}

	#[test]
	fn a_root_of_fewer_leaves_stays_what_it_was() {
		// Publishing reads the root at the current count; a later insertion must not change
		// what a version published before it recorded.
		let mut frontier = Frontier::default();
		for i in 0..5 {
			insert(&mut frontier, i, leaf(i)).unwrap();
		}
		let at_five = root(&frontier, 5);
		let leaves: Vec<_> = (0..5).map(leaf).collect();
		assert_eq!(at_five, root_of(&leaves));
		insert(&mut frontier, 5, leaf(5)).unwrap();
		assert_ne!(root(&frontier, 6), at_five);
	}

	#[test]
	fn the_count_is_part_of_the_root() {
		let a = vec![leaf(1)];
		let a_and_zero = vec![leaf(1), H256::zero()];
		assert_ne!(root_of(&a), root_of(&a_and_zero));
	}

	#[test]
	fn empty_root_is_the_zero_tree_with_count_zero() {
		let mut zero = H256::zero();
		for _ in 0..DEPTH {
			zero = hash_pair(&zero, &zero);
		}
		assert_eq!(root(&Frontier::default(), 0), mix_in_count(&zero, 0));
		assert_eq!(root_of(&[]), root(&Frontier::default(), 0));
	}

	#[test]
	fn known_answers_match_the_documented_vectors() {
		// docs/datanets.md lists these; tests/e2e/lib/merkle.mjs computes the same values.
		let hex = |h: H256| format!("{h:?}");
		assert_eq!(
			hex(root(&Frontier::default(), 0)),
			"0x4a0b17416e47d8e7664e31ac23a96e762ab4a63a493001a0be1ab74f7ec55dde"
		);
		let mut frontier = Frontier::default();
		for (i, text) in [b"a", b"b", b"c"].into_iter().enumerate() {
			insert(&mut frontier, i as u64, H256(blake2_256(text))).unwrap();
		}
		assert_eq!(
			hex(root(&frontier, 3)),
			"0xfe30ea7ebf8da29495a88c8bed0db9812b0c6cedcfbcc2d16a01413bb85fa2f8"
		);
	}

	#[test]
	fn a_full_accumulator_refuses_more_leaves() {
		let mut frontier = Frontier::default();
		assert_eq!(insert(&mut frontier, CAPACITY, leaf(0)), Err(Full));
		// The last free position still works.
		assert_eq!(insert(&mut frontier, CAPACITY - 1, leaf(0)), Ok(()));
	}
}
