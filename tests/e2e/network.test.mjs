// The four-validator local network (scripts/local-testnet.sh): all finalize the same chain,
// finality survives one validator down, and the validator catches up when it comes back.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finalized, rpc, waitFor, localTestnet } from './lib/node.mjs';

// Ports well away from the defaults, so a developer's own local testnet does not clash.
const PORT_BASE = 1000 + Math.floor(Math.random() * 500);
const env = { OPENLEDGER_NET_DIR: mkdtempSync(join(tmpdir(), 'openledger-net-')), OPENLEDGER_PORT_BASE: String(PORT_BASE) };
const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const port = (name) => 9944 + PORT_BASE + NAMES.indexOf(name);
const heads = async (names) => Promise.all(names.map(async (n) => ({ name: n, ...(await finalized(port(n))) })));

/** Every node in `names` has the same block at `height`. */
async function agreeAt(names, height) {
  const hashes = await Promise.all(names.map((n) => rpc(port(n), 'chain_getBlockHash', [height])));
  return hashes.every((h) => h && h === hashes[0]);
}

before(() => localTestnet(['start'], env));
after(() => localTestnet(['stop'], env));

test('all four validators finalize the same blocks', async () => {
  const min = await waitFor('all four finalize block >= 3', async () => {
    const hs = await heads(NAMES);
    const low = Math.min(...hs.map((h) => h.number));
    return low >= 3 ? low : null;
  }, { timeoutMs: 180_000 });
  assert.ok(await agreeAt(NAMES, min), `all agree on block ${min}`);
  const peers = await rpc(port('alice'), 'system_peers');
  assert.equal(peers.length, 3, 'alice is connected to the other three');
});

test('finality continues with one validator down, and it catches up after a restart', async () => {
  localTestnet(['kill', 'dave'], env);
  const live = ['alice', 'bob', 'charlie'];
  const atKill = Math.max(...(await heads(live)).map((h) => h.number));
  const target = atKill + 3;
  await waitFor(`three validators finalize past ${target}`, async () => {
    const hs = await heads(live);
    return hs.every((h) => h.number >= target);
  }, { timeoutMs: 180_000 });
  assert.ok(await agreeAt(live, target));

  localTestnet(['restart', 'dave'], env);
  const caughtUp = await waitFor('dave catches up to the others\' finalized head', async () => {
    const [others, dave] = [await heads(live), (await heads(['dave']))[0]];
    const head = Math.min(...others.map((h) => h.number));
    return dave.number >= head && head > target ? head : null;
  }, { timeoutMs: 180_000 });
  assert.ok(await agreeAt(NAMES, caughtUp), `all four agree on finalized block ${caughtUp}`);
});
