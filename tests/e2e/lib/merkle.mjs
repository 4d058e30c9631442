// The version Merkle root of pallet-datanets, recomputed off-chain (docs/datanets.md):
// leaves are content hashes in acceptance order, padded with zero hashes to a depth-32 tree,
// inner nodes blake2_256(left ‖ right), and the root is blake2_256(tree_root ‖ count as u64 LE).

import { blake2AsU8a } from '@polkadot/util-crypto';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';

const DEPTH = 32;

/** The root over `leaves` (hex strings or Uint8Arrays of 32 bytes), as a 0x-hex string. */
export function versionRoot(leaves) {
  let level = leaves.map((leaf) => (typeof leaf === 'string' ? hexToU8a(leaf) : leaf));
  let zero = new Uint8Array(32);
  for (let height = 0; height < DEPTH; height++) {
    if (level.length % 2 === 1) level.push(zero);
    const next = [];
    for (let i = 0; i < level.length; i += 2) next.push(blake2AsU8a(u8aConcat(level[i], level[i + 1])));
    level = next;
    zero = blake2AsU8a(u8aConcat(zero, zero));
  }
  const count = new Uint8Array(8);
  new DataView(count.buffer).setBigUint64(0, BigInt(leaves.length), true);
  return u8aToHex(blake2AsU8a(u8aConcat(level[0] ?? zero, count)));
}
