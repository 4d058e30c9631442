// The four-validator local network (scripts/local-testnet.sh): all finalize the same chain,
// finality survives one validator down, and the validator catches up when it comes back; with
// two down blocks go on but finality stalls until they return, and no transaction that was
// included while it all happened is lost.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  finalized, rpc, waitFor, localTestnet, connect, devAccounts, submitOk, eventData,
  modelOnPublishedData,
} from './lib/node.mjs';

const OPEN = 10n ** 18n;

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

test('two validators down: blocks go on, finality stalls, then resumes; no included transaction is lost', async () => {
  const api = await connect(`ws://127.0.0.1:${port('alice')}`);
  const [bob, charlie, eve, ferdie] = devAccounts('Bob', 'Charlie', 'Eve', 'Ferdie');
  const ok = (tx, signer, options) => submitOk(api, tx, signer, options);
  try {
    // A Datanet with Bob's contribution in version 1, and Dave's model on it served by Eve.
    const { datanet, contributions: [seed], model } =
      await modelOnPublishedData(api, 'faults', [['seed data', bob]], OPEN);

    // Load while the faults happen: Charlie contributes, Ferdie pays for inferences and Eve
    // settles them, one after the other. Everything seen in a block is recorded.
    const included = { contributions: [], settled: [] };
    let running = true;
    const load = (async () => {
      for (let round = 0; running; round += 1) {
        const hash = blake2AsHex(`load ${round}`, 256);
        const [contributed, requested] = await Promise.all([
          ok(api.tx.datanets.contribute(datanet, hash, 10, '', ''), charlie),
          ok(api.tx.attribution.requestInference(model, OPEN, hash), ferdie),
        ]);
        included.contributions.push({
          id: eventData(contributed, 'datanets', 'Contributed').contribution.toNumber(), hash,
        });
        const inference = eventData(requested, 'attribution', 'InferenceRequested').inference.toNumber();
        await ok(api.tx.attribution.settleInference(inference, hash, [{ contribution: seed, weight: 1_000_000_000 }]), eve);
        included.settled.push(inference);
      }
    })();

    // Charlie and Dave go down: Alice and Bob still author in their slots, but two of four
    // GRANDPA voters cannot finalize.
    localTestnet(['kill', 'charlie'], env);
    localTestnet(['kill', 'dave'], env);
    const live = ['alice', 'bob'];
    const best = async () => (await rpc(port('alice'), 'chain_getHeader')).number;
    const stalledAt = Math.max(...(await heads(live)).map((h) => h.number));
    const bestAtKill = parseInt(await best(), 16);
    await waitFor('blocks keep coming with two validators down', async () => parseInt(await best(), 16) >= bestAtKill + 4,
      { timeoutMs: 120_000 });
    const stalled = Math.max(...(await heads(live)).map((h) => h.number));
    assert.ok(stalled <= stalledAt + 2, `finality stalled (finalized ${stalledAt} then ${stalled})`);
    assert.ok(included.settled.length > 0 || included.contributions.length > 0, 'load went on');

    // Back up, on their own databases: finality resumes past the blocks made meanwhile, and
    // all four agree.
    localTestnet(['restart', 'charlie'], env);
    localTestnet(['restart', 'dave'], env);
    const resumeTarget = parseInt(await best(), 16);
    const resumed = await waitFor(`finality resumes past ${resumeTarget}`, async () => {
      const hs = await heads(NAMES);
      const low = Math.min(...hs.map((h) => h.number));
      return low >= resumeTarget ? low : null;
    }, { timeoutMs: 240_000 });
    assert.ok(await agreeAt(NAMES, resumed), `all four agree on finalized block ${resumed}`);

    // Stop the load and let its last block be finalized; every node's finalized state holds
    // every contribution and settlement that was seen in a block.
    running = false;
    await load;
    const last = parseInt(await best(), 16);
    await waitFor(`all finalize ${last}`, async () => (await heads(NAMES)).every((h) => h.number >= last),
      { timeoutMs: 180_000 });
    assert.ok(included.contributions.length >= 3, `enough load (${included.contributions.length} rounds)`);
    console.log(`  … ${included.contributions.length} contributions and ${included.settled.length} settlements were included; checking every node`);
    for (const name of NAMES) {
      const at = await rpc(port(name), 'chain_getFinalizedHead');
      const other = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${port(name)}`), noInitWarn: true });
      try {
        const view = await other.at(at);
        for (const { id, hash } of included.contributions) {
          const c = await view.query.datanets.contributions(id);
          assert.equal(c.unwrap().contentHash.toHex(), hash, `${name} has contribution ${id}`);
        }
        for (const inference of included.settled) {
          const stored = await view.query.attribution.inferences(inference);
          assert.ok(stored.isSome && stored.unwrap().isSettled, `${name} has the record of inference ${inference}`);
        }
      } finally {
        await other.disconnect();
      }
    }
  } finally {
    await api.disconnect();
  }
});
