// The content root a contribution commits to on chain (docs/datanets.md, "Content roots"): a
// binary BLAKE2-256 tree over 1 KiB chunks, split at the largest power of two below each run's
// length; a file of one chunk has its plain BLAKE2-256 hash. The Rust side is
// `openledger_attribution_rule::content::root`.

import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

export const CHUNK_BYTES = 1024;

/** The root of the tree of chunks `lo..hi` of `bytes`. */
function subtree(bytes, lo, hi) {
  if (hi - lo <= 1) return blake2AsU8a(bytes.subarray(lo * CHUNK_BYTES, (lo + 1) * CHUNK_BYTES), 256);
  let split = 1;
  while (split * 2 < hi - lo) split *= 2;
  return blake2AsU8a(u8aConcat(subtree(bytes, lo, lo + split), subtree(bytes, lo + split, hi)), 256);
}

/** The content root of `bytes` (a Uint8Array or Buffer), as 0x-prefixed hex. */
export function contentRoot(bytes) {
  const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  return u8aToHex(subtree(Uint8Array.from(bytes), 0, chunks));
}
