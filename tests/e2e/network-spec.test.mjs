// A new network from its operator's own keys, as docs/validator.md walks through it: fresh keys
// from `openledger-node key generate`, a config file, `network-spec --raw`, the keys inserted in
// the keystore, and a validator that authors and finalizes on that chain, with no development
// key anywhere in its genesis.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeAddress } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { NODE_BIN, startDevNode, connect, finalized, waitFor, devAccounts } from './lib/node.mjs';

const run = promisify(execFile);
const OPEN = 10n ** 18n;
let node;
let api;

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** `openledger-node ...args`; resolves with its stdout. */
async function openledger(...args) {
  const { stdout } = await run(NODE_BIN, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

test('a network made from fresh operator keys authors and finalizes, with no dev key in it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openledger-network-'));
  // The operator's keys: one secret, its sr25519 form for the account and Aura, its ed25519
  // form for GRANDPA.
  const sr = JSON.parse(await openledger('key', 'generate', '--scheme', 'sr25519', '--output-type', 'json'));
  const ed = JSON.parse(await openledger('key', 'inspect', '--scheme', 'ed25519', '--output-type', 'json', sr.secretPhrase));
  const treasury = JSON.parse(await openledger('key', 'generate', '--output-type', 'json')).ss58Address;
  const config = {
    name: 'OpenLedger Rehearsal',
    id: 'openledger_rehearsal',
    validators: [{ account: sr.ss58Address, aura: sr.ss58Address, grandpa: ed.ss58Address }],
    endowments: [{ account: sr.ss58Address, open: '10' }, { account: treasury, open: '1000.5' }],
  };
  const configFile = join(dir, 'network.json');
  writeFileSync(configFile, JSON.stringify(config));

  // Bad configs are refused with the reason, before anything runs.
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...config, endowments: [{ account: treasury, open: '1e3' }] }));
  await assert.rejects(openledger('network-spec', '--config', bad), /not an amount of OPEN: 1e3/);
  writeFileSync(bad, JSON.stringify({ ...config, id: 'openledger_dev' }));
  await assert.rejects(openledger('network-spec', '--config', bad), /built-in development chain/);
  writeFileSync(bad, JSON.stringify({ ...config, validators: [] }));
  await assert.rejects(openledger('network-spec', '--config', bad), /at least one validator/);

  // The readable spec carries the genesis as a patch; the raw one, as storage.
  const plain = JSON.parse(await openledger('network-spec', '--config', configFile));
  assert.equal(plain.chainType, 'Live');
  // (in the generic address format, the one the runtime's genesis builder reads)
  const [validator] = plain.genesis.runtimeGenesis.patch.validatorSet.initialValidators;
  assert.equal(u8aToHex(decodeAddress(validator)), u8aToHex(decodeAddress(sr.ss58Address)));
  const rawFile = join(dir, 'raw.json');
  writeFileSync(rawFile, await openledger('network-spec', '--config', configFile, '--raw'));

  const basePath = join(dir, 'db');
  // A validator of a live chain keeps a network identity of its own (its peer id).
  await openledger('key', 'generate-node-key', '--base-path', basePath, '--chain', rawFile);
  for (const [scheme, type] of [['sr25519', 'aura'], ['ed25519', 'gran']]) {
    await openledger('key', 'insert', '--base-path', basePath, '--chain', rawFile,
      '--scheme', scheme, '--suri', sr.secretPhrase, '--key-type', type);
  }
  node = await startDevNode(['--validator'], { chainArgs: ['--chain', rawFile], basePath });
  api = await connect(node.url);

  assert.equal((await api.rpc.system.chain()).toString(), 'OpenLedger Rehearsal');
  const head = await waitFor('the new network finalizes', async () => {
    const f = await finalized(node.rpcPort);
    return f.number >= 2 ? f : null;
  }, { timeoutMs: 90_000 });
  assert.ok(head.number >= 2);
  assert.doesNotMatch(node.log(), /public development keys/);

  // Its genesis: the operator's validator, the endowments, the pool the rest; no dev account.
  assert.deepEqual((await api.query.validatorSet.validators()).map(String), [sr.ss58Address]);
  assert.equal((await api.query.system.account(treasury)).data.free.toBigInt(), 1000n * OPEN + OPEN / 2n);
  const [alice] = devAccounts('Alice');
  assert.equal((await api.query.system.account(alice.address)).data.free.toBigInt(), 0n);
  assert.ok((await api.query.sudo.key()).isNone);
  assert.equal((await api.query.balances.totalIssuance()).toBigInt(), 1_000_000_000n * OPEN);
});
