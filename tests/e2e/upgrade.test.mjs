// A runtime upgrade decided by OPEN holders, on the four-validator local network with fast
// governance (`scripts/local-testnet.sh` with OPENLEDGER_CHAIN=local-fast-governance, which has
// no sudo key): `system.setCode` with the next runtime (spec_version + 1, built by
// scripts/next-runtime.sh) is noted as a preimage and passed on the `root` track. Every node
// switches to the new runtime without a restart, keeps finalizing, and takes transactions.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import {
  finalized, rpc, waitFor, localTestnet, connect, devAccounts, submitOk, eventData, proposeReferendum,
} from './lib/node.mjs';

const OPEN = 10n ** 18n;
const TARGET = process.env.CARGO_TARGET_DIR || '/var/tmp/openledger-target';
const NEXT_RUNTIME = process.env.OPENLEDGER_NEXT_RUNTIME ||
  join(TARGET, 'release', 'wbuild', 'openledger-runtime', 'openledger_runtime_next.compact.compressed.wasm');

const PORT_BASE = 1500 + Math.floor(Math.random() * 500);
const NET_DIR = mkdtempSync(join(tmpdir(), 'openledger-upgrade-'));
const env = {
  OPENLEDGER_NET_DIR: NET_DIR, OPENLEDGER_PORT_BASE: String(PORT_BASE), OPENLEDGER_CHAIN: 'local-fast-governance',
};
const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const port = (name) => 9944 + PORT_BASE + NAMES.indexOf(name);
const specVersions = () => Promise.all(NAMES.map(async (n) => (await rpc(port(n), 'state_getRuntimeVersion')).specVersion));
const pids = () => NAMES.map((n) => readFileSync(join(NET_DIR, `${n}.pid`), 'utf8').trim());

before(() => {
  assert.ok(existsSync(NEXT_RUNTIME), `the next runtime is built (scripts/next-runtime.sh): ${NEXT_RUNTIME}`);
  localTestnet(['start'], env);
});
after(() => localTestnet(['stop'], env));

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
    console.log(`  … proposing a ${Math.round(setCode.method.encodedLength / 1024)} KiB runtime`);
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
