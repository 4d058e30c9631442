//! The Merkle root a Datanet version commits to, recomputed from its content hashes, so an index
//! can prove it holds exactly the version's contributions, in order.
//!
//! The construction is the chain's (`pallet_datanets::merkle`, documented in
//! `docs/datanets.md`): the content hashes in acceptance order are the leaves of a complete
//! binary tree of depth 32 whose empty positions hold zero hashes; inner nodes are
//! `blake2_256(left ‖ right)`; the root is `blake2_256(tree_root ‖ leaf count as u64 LE)`.

use crate::blake2_256;

/// The tree's depth.
const DEPTH: usize = 32;

fn hash_pair(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
	let mut both = [0u8; 64];
	both[..32].copy_from_slice(left);
	both[32..].copy_from_slice(right);
	blake2_256(&both)
}

/// The root of a version whose contributions have these content hashes, in acceptance order.
pub fn root(leaves: &[[u8; 32]]) -> [u8; 32] {
	let mut level = leaves.to_vec();
	// The root of an all-empty subtree of the current height.
	let mut zero = [0u8; 32];
	for _ in 0..DEPTH {
		if level.len() % 2 == 1 {
			level.push(zero);
		}
		level = level.chunks_exact(2).map(|pair| hash_pair(&pair[0], &pair[1])).collect();
		zero = hash_pair(&zero, &zero);
	}
	let tree_root = level.first().copied().unwrap_or(zero);
	let mut mixed = [0u8; 40];
	mixed[..32].copy_from_slice(&tree_root);
	mixed[32..].copy_from_slice(&(leaves.len() as u64).to_le_bytes());
	blake2_256(&mixed)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::hex;

	#[test]
	fn the_documented_test_vectors() {
		assert_eq!(
			hex(&root(&[])),
			"0x4a0b17416e47d8e7664e31ac23a96e762ab4a63a493001a0be1ab74f7ec55dde"
		);
		let leaves = [blake2_256(b"a"), blake2_256(b"b"), blake2_256(b"c")];
		assert_eq!(
			hex(&root(&leaves)),
			"0xfe30ea7ebf8da29495a88c8bed0db9812b0c6cedcfbcc2d16a01413bb85fa2f8"
		);
	}
}
