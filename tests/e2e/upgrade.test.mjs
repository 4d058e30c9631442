// The previous release's runtime, upgraded to this one on a real node: a development chain
// starts under spec 103 (runtime/tests/fixtures/runtime-spec103.compact.compressed.wasm, the
// runtime of the release before this one, on this node's genesis with Datanets' storage at
// version 0), contributors and a curator leave records in every state the old rules made, sudo
// sets this runtime's code, and the storage migration runs in the blocks after
// (pallet-migrations), which take no transactions until it is done.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, xxhashAsHex } from '@polkadot/util-crypto';
import {
  ROOT, NODE_BIN, startDevNode, connect, devAccounts, submitOk, eventData, waitFor,
} from './lib/node.mjs';

const OPEN = 10n ** 18n;
const OLD_RUNTIME = join(ROOT, 'runtime', 'tests', 'fixtures', 'runtime-spec103.compact.compressed.wasm');
const TARGET = process.env.CARGO_TARGET_DIR || '/var/tmp/openledger-target';
const RUNTIME = join(TARGET, 'release', 'wbuild', 'openledger-runtime', 'openledger_runtime.compact.compressed.wasm');
const DATANETS_VERSION_KEY = xxhashAsHex('Datanets', 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);

/** This node's development chain spec, raw, with the old runtime's code and Datanets at v0. */
function oldChainSpec() {
  const spec = JSON.parse(execFileSync(NODE_BIN, ['build-spec', '--chain', 'dev', '--raw'],
    { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }));
  spec.genesis.raw.top['0x3a636f6465'] = u8aToHex(readFileSync(OLD_RUNTIME));
  spec.genesis.raw.top[DATANETS_VERSION_KEY] = '0x0000';
  // The genesis records this node's runtime as the last upgrade; the old runtime's first block
  // records itself instead, so that setting this runtime's code is an upgrade again.
  delete spec.genesis.raw.top[xxhashAsHex('System', 128) + xxhashAsHex('LastRuntimeUpgrade', 128).slice(2)];
  const path = join(mkdtempSync(join(tmpdir(), 'openledger-upgrade-')), 'spec103.json');
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

async function datanetsStorageVersion(api) {
  const raw = await api.rpc.state.getStorage(DATANETS_VERSION_KEY);
  return api.createType('u16', raw.unwrap()).toNumber();
}

test('a chain of the previous release upgrades to this runtime and migrates its Datanets over blocks without transactions', async () => {
  // `--dev` would generate a node key and author alone; a chain from a spec needs both said.
  const node = await startDevNode([], { chainArgs: ['--chain', oldChainSpec(), '--alice', '--force-authoring',
    '--node-key', '1'.padStart(64, '0')] });
  const api = await connect(node.url);
  const [alice, bob, charlie, dave] = devAccounts('Alice', 'Bob', 'Charlie', 'Dave');
  const ok = (tx, signer, options) => submitOk(api, tx, signer, options);
  try {
    assert.equal(api.runtimeVersion.specVersion.toNumber(), 103);
    assert.equal(await datanetsStorageVersion(api), 0);

    // Under the old rules: three contributions reviewed (accepted, rejected, spam), one pending.
    const created = await ok(api.tx.datanets.createDatanet('old', '', [], {
      access: 'Open', contributionDeposit: OPEN, maxContributionBytes: 1000,
    }), alice);
    const datanet = eventData(created, 'datanets', 'DatanetCreated').datanet.toNumber();
    const contribute = async (text, who) => eventData(await ok(api.tx.datanets.contribute(
      datanet, blake2AsHex(text, 256), text.length, `ipfs://${text}`, '', OPEN), who), 'datanets', 'Contributed')
      .contribution.toNumber();
    const [accepted, rejected, spam, pending] = await Promise.all([
      contribute('accepted', bob), contribute('rejected', charlie), contribute('spam', dave),
      contribute('pending', alice),
    ]);
    const next = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    await Promise.all([[accepted, 'Accept'], [rejected, 'Reject'], [spam, 'RejectAsSpam']].map(([id, verdict], i) =>
      ok(api.tx.datanets.review(id, verdict), alice, { nonce: next + i })));
    const old = async (id) => (await api.query.datanets.contributions(id)).unwrap();
    assert.equal((await old(rejected)).status.type, 'Rejected');
    assert.equal((await old(accepted)).deposit.toBigInt(), OPEN, 'v0 kept the released deposit on record');

    // Sudo sets the code; the next block runs this runtime, which starts the migration.
    const setCode = api.tx.system.setCode(u8aToHex(readFileSync(RUNTIME)));
    await ok(api.tx.sudo.sudoUncheckedWeight(setCode, { refTime: 0, proofSize: 0 }), alice);
    await waitFor('polkadot.js has the new runtime', async () => api.runtimeVersion.specVersion.toNumber() > 103,
      { timeoutMs: 60_000, everyMs: 500 });
    await waitFor('the migration is done', async () => (await api.query.multiBlockMigrations.cursor()).isNone
      && (await datanetsStorageVersion(api)) === 1, { timeoutMs: 60_000 });

    // The block that ran it took its inherent (the timestamp) and nothing else.
    let started = 0;
    for (let n = (await api.rpc.chain.getHeader()).number.toNumber(); n > 0 && !started; n -= 1) {
      const hash = await api.rpc.chain.getBlockHash(n);
      const events = await (await api.at(hash)).query.system.events();
      if (events.some(({ event }) => api.events.multiBlockMigrations.UpgradeStarted.is(event))) {
        started = n;
        assert.ok(events.some(({ event }) => api.events.multiBlockMigrations.UpgradeCompleted.is(event)));
        const { block } = await api.rpc.chain.getBlock(hash);
        assert.equal(block.extrinsics.length, 1, 'the migration\'s block holds its inherent only');
      }
    }
    assert.ok(started > 0, 'a block ran the migration');

    // What it did: the plain rejection is gone, reviewed records hold nothing, the pending one
    // still holds its deposit, and every hold matches.
    assert.ok((await api.query.datanets.contributions(rejected)).isNone);
    const now = async (id) => (await api.query.datanets.contributions(id)).unwrap();
    assert.equal((await now(accepted)).deposit.toBigInt(), 0n);
    assert.equal((await now(spam)).deposit.toBigInt(), 0n);
    assert.equal((await now(pending)).deposit.toBigInt(), OPEN);

    // And the chain goes on under the new rules: a contribution holds its storage deposit too.
    // (A client started now sees the new runtime API methods; the one started before keeps
    // the runtime calls it was built with.)
    const fresh = await connect(node.url);
    try {
      const deposit = (await fresh.call.datanetsApi.contributionDeposit(bob.address, datanet, 7, 0)).unwrap().toBigInt();
      assert.ok(deposit > OPEN && deposit < OPEN + OPEN / 100n, `${deposit}`);
      const events = await submitOk(fresh,
        fresh.tx.datanets.contribute(datanet, blake2AsHex('new', 256), 3, 'ipfs://', '', deposit), bob);
      assert.equal(eventData(events, 'datanets', 'Contributed').deposit.toBigInt(), deposit);
    } finally {
      await fresh.disconnect();
    }
  } finally {
    await api.disconnect();
    await node.stop();
  }
});
