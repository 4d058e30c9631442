// The four-validator local network (scripts/local-testnet.sh), started once for every test
// that needs one: all finalize the same chain, finality survives one validator down, and the
// validator catches up when it comes back; with two down blocks go on but finality stalls until
// they return, and no transaction that was included while it all happened is lost. Then a
// runtime upgrade decided by OPEN holders: `system.setCode` with the next runtime
// (spec_version + 1, built by scripts/next-runtime.sh) is noted as a preimage and passed on the
// `root` track; every node switches to the new runtime without a restart, keeps finalizing, and
// takes transactions.
//
// The chain is `local-fast-governance`: the `local` network's validators, accounts and missing
// sudo key, with referenda decided in blocks rather than days, so the upgrade fits in a test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  finalized, rpc, waitFor, localTestnet, connect, devAccounts, submitOk, eventData,
  modelOnPublishedData, proposeReferendum, webPageAccess, startDevNode, NODE_BIN,
} from './lib/node.mjs';

const OPEN = 10n ** 18n;

// Ports well away from the defaults, so a developer's own local testnet does not clash.
const PORT_BASE = 1000 + Math.floor(Math.random() * 500);
const NET_DIR = mkdtempSync(join(tmpdir(), 'openledger-net-'));
const env = {
  OPENLEDGER_NET_DIR: NET_DIR, OPENLEDGER_PORT_BASE: String(PORT_BASE), OPENLEDGER_CHAIN: 'local-fast-governance',
};
const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const port = (name) => 9944 + PORT_BASE + NAMES.indexOf(name);
const TARGET = process.env.CARGO_TARGET_DIR || '/var/tmp/openledger-target';
const NEXT_RUNTIME = process.env.OPENLEDGER_NEXT_RUNTIME_WASM ||
  join(TARGET, 'release', 'wbuild', 'openledger-runtime', 'openledger_runtime_next.compact.compressed.wasm');
const specVersions = () => Promise.all(NAMES.map(async (n) => (await rpc(port(n), 'state_getRuntimeVersion')).specVersion));
const pids = () => NAMES.map((n) => readFileSync(join(NET_DIR, `${n}.pid`), 'utf8').trim());
const heads = async (names) => Promise.all(names.map(async (n) => ({ name: n, ...(await finalized(port(n))) })));

/** Every node in `names` has the same block at `height`. */
async function agreeAt(names, height) {
  const hashes = await Promise.all(names.map((n) => rpc(port(n), 'chain_getBlockHash', [height])));
  return hashes.every((h) => h && h === hashes[0]);
}

before(() => {
  assert.ok(existsSync(NEXT_RUNTIME), `the next runtime is built (scripts/next-runtime.sh): ${NEXT_RUNTIME}`);
  localTestnet(['start'], env);
});
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

test('a validator\'s RPC answers no web page of another site (scripts/local-testnet.sh names the origins)', async () => {
  const attacker = await webPageAccess(port('alice'), {
    origin: 'https://attacker.example', host: `attacker.example:${port('alice')}`,
  });
  assert.equal(attacker.allowOrigin, null, 'the browser is not allowed to send a page\'s call');
  assert.equal(attacker.hostStatus, 403, 'a call under another site\'s name is refused');
  const local = await webPageAccess(port('alice'), { origin: 'https://polkadot.js.org', host: `127.0.0.1:${port('alice')}` });
  assert.equal(local.allowOrigin, 'https://polkadot.js.org');
  assert.equal(local.hostStatus, 200);
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
          ok(api.tx.datanets.contribute(datanet, hash, 10, '', '', 2n * OPEN), charlie),
          ok(api.tx.attribution.requestInference(model, OPEN, hash), ferdie),
        ]);
        included.contributions.push({
          id: eventData(contributed, 'datanets', 'Contributed').contribution.toNumber(), hash,
        });
        const inference = eventData(requested, 'attribution', 'InferenceRequested').inference.toNumber();
        await ok(api.tx.attribution.settleInference(inference, hash, [{ contribution: seed, share: 1_000_000_000 }]), eve);
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
    console.error(`  … ${included.contributions.length} contributions and ${included.settled.length} settlements were included; checking every node`);
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
          // Settled since spec 110 as a record that can be challenged.
          assert.ok(stored.isSome && stored.unwrap().isChallengeable, `${name} has the record of inference ${inference}`);
        }
      } finally {
        await other.disconnect();
      }
    }
  } finally {
    await api.disconnect();
  }
});

// After the tests that need Dave, before the upgrade (which runs the same pallets one spec up).
test('a validator run twice signs two blocks in its slots, is reported, leaves the set, and finality goes on', async () => {
  // Dave's keys on a second node: both author in Dave's slots, each its own block.
  const alicePeer = execFileSync(NODE_BIN, ['key', 'inspect-node-key'],
    { input: '0000000000000000000000000000000000000000000000000000000000000001' }).toString().trim();
  const twin = await startDevNode(['--dave', '--name', 'dave-twin', '--node-key', randomBytes(32).toString('hex'),
    '--bootnodes', `/ip4/127.0.0.1/tcp/${30333 + PORT_BASE}/p2p/${alicePeer}`],
  { chainArgs: ['--chain', 'local-fast-governance'] });
  const api = await connect(`ws://127.0.0.1:${port('alice')}`);
  const seen = [];
  const unsubscribe = await api.query.system.events((records) => {
    for (const { event } of records) {
      if (event.section === 'offences' || (event.section === 'validatorSet' && event.method === 'OffenderReported')) {
        seen.push(event);
      }
    }
  });
  try {
    const [dave] = devAccounts('Dave');
    const daveIn = async (query) => (await query()).map(String).includes(dave.address);
    assert.ok(await daveIn(api.query.session.validators), 'Dave validates');

    // Reported by the validators that see both blocks, in one of their own blocks.
    await waitFor('Dave is reported and leaves the validator set', async () => !(await daveIn(api.query.validatorSet.validators)),
      { timeoutMs: 240_000, everyMs: 3000 });
    const offence = seen.find((e) => e.section === 'offences' && e.method === 'Offence');
    assert.ok(offence, 'the offence is on chain');
    const kind = Buffer.from(offence.data[0].toU8a()).toString();
    assert.ok(['aura:equivocatio', 'grandpa:equivoca'].includes(kind), `an equivocation: ${kind}`);
    const reported = seen.find((e) => e.method === 'OffenderReported');
    assert.equal(reported.data.who.toString(), dave.address);
    assert.equal(reported.data.removed.isTrue, true);
    console.error(`  … ${kind} reported; ${seen.length} offence events`);

    // The next two blocks start a session each: the second runs without Dave.
    await waitFor('the session runs without Dave', async () => !(await daveIn(api.query.session.validators)),
      { timeoutMs: 60_000, everyMs: 2000 });
    assert.equal((await api.query.grandpa.authorities()).length, 3, 'GRANDPA has three voters');
    await twin.stop();

    // Alice, Bob and Charlie finalize on their own.
    const live = ['alice', 'bob', 'charlie'];
    const from = Math.max(...(await heads(live)).map((h) => h.number));
    await waitFor(`the other three finalize past ${from + 3}`, async () => (await heads(live)).every((h) => h.number > from + 3),
      { timeoutMs: 120_000 });
  } finally {
    unsubscribe();
    await api.disconnect();
    await twin.stop();
  }
});

// Last, so that the tests above run on the runtime the nodes were started with.
test('a referendum on the root track upgrades every node\'s runtime without a restart', async () => {
  const api = await connect(`ws://127.0.0.1:${port('alice')}`);
  const voters = devAccounts('Alice', 'Bob', 'Charlie', 'Dave');
  const [alice] = voters;
  const [eve] = devAccounts('Eve');
  const ok = (tx, signer, options) => submitOk(api, tx, signer, options);
  try {
    const before = await specVersions();
    const processes = pids();
    assert.ok(before.every((v) => v === before[0]), `one runtime: ${before}`);
    assert.equal((await api.query.sudo.key()).isNone, true, 'no sudo key: only a referendum can upgrade');

    // The proposal: `system.setCode` with the new wasm, noted as a preimage.
    const code = u8aToHex(readFileSync(NEXT_RUNTIME));
    const setCode = api.tx.system.setCode(code);
    console.error(`  … proposing a ${Math.round(setCode.method.encodedLength / 1024)} KiB runtime`);
    const index = await proposeReferendum(api, alice, { system: 'Root' }, setCode);
    assert.equal((await api.query.referenda.referendumInfoFor(index)).unwrap().asOngoing.track.toNumber(), 0, 'the root track');

    // The four validators' accounts vote aye with 900,000 OPEN each: 60 % of the OPEN that can
    // vote, above the root track's 50 % at the start of its decision period.
    await Promise.all(voters.map((who) => ok(api.tx.convictionVoting.vote(index, {
      Standard: { vote: { aye: true, conviction: 'None' }, balance: 900_000n * OPEN },
    }), who)));

    const upgraded = before[0] + 1;
    await waitFor(`every node runs spec version ${upgraded}`, async () => (await specVersions()).every((v) => v === upgraded),
      { timeoutMs: 240_000 });
    // polkadot.js follows the upgrade on its own (new metadata, new types); queries made while
    // it switches may be decoded with the old types, so wait until it has.
    await waitFor('polkadot.js has the new runtime\'s metadata', async () => api.runtimeVersion.specVersion.toNumber() === upgraded,
      { timeoutMs: 60_000, everyMs: 500 });
    assert.equal((await api.query.referenda.referendumInfoFor(index)).unwrap().type, 'Approved');
    // The block that sets the code still ran the old runtime; the next one runs the new runtime's
    // upgrade hooks and records it.
    await waitFor('the first block of the new runtime records the upgrade', async () =>
      (await api.query.system.lastRuntimeUpgrade()).unwrap().specVersion.toNumber() === upgraded,
    { timeoutMs: 60_000 });
    assert.deepEqual(pids(), processes, 'no node was restarted');

    // The chain goes on under the new runtime: all four finalize past the upgrade, and a
    // transfer signed for the new spec version is included.
    const upgradeHead = (await finalized(port('alice'))).number;
    const transfer = await ok(api.tx.balances.transferKeepAlive(eve.address, OPEN), alice);
    assert.ok(eventData(transfer, 'balances', 'Transfer'));
    await waitFor(`all four finalize past ${upgradeHead + 2}`, async () => {
      const heads = await Promise.all(NAMES.map((n) => finalized(port(n))));
      return heads.every((h) => h.number > upgradeHead + 2);
    }, { timeoutMs: 120_000 });
  } finally {
    await api.disconnect();
  }
});
