// The whole user journey on a fresh dev chain, driven through the contributor client in
// scripts/client (as a newcomer would run it), the raw openledger_* JSON-RPC methods, and a
// Python client (async-substrate-interface) that decodes our types from metadata alone. The
// numbers must agree with the runtime API and storage.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  ROOT, startDevNode, connect, devAccounts, rpc, untilMatured,
} from './lib/node.mjs';

const run = promisify(execFile);
const CLIENT = join(ROOT, 'scripts', 'client', 'openledger.mjs');
const PYTHON = join(process.env.OPENLEDGER_PYTHON_VENV ?? join(homedir(), '.openledger-python'), 'bin', 'python');
const OPEN = 10n ** 18n;
let node;
let api;
let bob;
let charlie;
let eve;

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  [bob, charlie, eve] = devAccounts('Bob', 'Charlie', 'Eve');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** Runs the client as `seed` with `args`; resolves with its JSON result. */
async function client(seed, ...args) {
  const { stdout } = await run('node', [CLIENT, ...args, '--url', node.url, '--seed', seed, '--json']);
  return JSON.parse(stdout);
}

/** Runs the client expecting it to fail; resolves with its exit code and error message. */
async function clientFails(seed, ...args) {
  try {
    await client(seed, ...args);
  } catch (error) {
    return { code: error.code, message: JSON.parse(error.stdout).error };
  }
  throw new Error(`client ${args[0]} should have failed`);
}

test('a newcomer contributes, is attributed, sees the same rewards everywhere and claims them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openledger-journey-'));
  const files = ['bob.txt', 'charlie.txt', 'draft.txt'].map((name, i) => {
    const path = join(dir, name);
    writeFileSync(path, `training data number ${i + 1}\n`);
    return path;
  });

  // Alice creates a Datanet through the client; Bob and Charlie each contribute a file.
  const { datanet } = await client('//Alice', 'create-datanet', '--name', 'journey', '--deposit', '0.5');
  const fromBob = await client('//Bob', 'contribute', '--datanet', String(datanet), '--file', files[0]);
  const fromCharlie = await client('//Charlie', 'contribute', '--datanet', String(datanet), '--file', files[1]);
  assert.equal(fromBob.contentHash, blake2AsHex(`training data number 1\n`, 256));
  // It held the Datanet's review deposit and its record's storage deposit, as the runtime API
  // priced it for the client before signing.
  const priced = await api.call.datanetsApi.contributionDeposit(bob.address, datanet, 'file:bob.txt'.length, 0);
  assert.equal(fromBob.deposit, priced.unwrap().toString());
  assert.ok(BigInt(fromBob.deposit) > OPEN / 2n);
  // The client committed first (its commitment is the runtime's), then revealed.
  assert.ok((await api.query.datanets.committedAt(fromBob.contribution)).isSome);
  // The same file again is refused, with the chain's own explanation, and the client takes
  // back the commitment it made for it.
  const duplicate = await clientFails('//Charlie', 'contribute', '--datanet', String(datanet), '--file', files[0]);
  assert.equal(duplicate.code, 1);
  assert.match(duplicate.message, /^datanets\.DuplicateContent: /);
  assert.equal((await api.query.datanets.commitments.keys(charlie.address)).length, 0);
  // A contribution taken back: asked for, then withdrawn once datanets.WithdrawalDelay is over.
  const draft = await client('//Charlie', 'contribute', '--datanet', String(datanet), '--file', files[2]);
  const withdrawn = await client('//Charlie', 'withdraw', '--contribution', String(draft.contribution));
  assert.equal(withdrawn.depositReturned, draft.deposit);
  assert.ok((await api.call.datanetsApi.contribution(draft.contribution)).isNone);
  // An argument over a bound is refused before signing, by name, with the bound from metadata
  // (sent as is, the node would answer only "wasm trap: unreachable").
  const maxName = api.consts.datanets.maxNameLength.toNumber();
  const longName = await clientFails('//Charlie', 'create-datanet', '--name', 'n'.repeat(maxName + 1));
  assert.equal(longName.message,
    `--name is ${maxName + 1} bytes; the chain takes at most ${maxName} bytes (datanets.MaxNameLength)`);
  const longUri = await clientFails('//Charlie', 'contribute', '--datanet', String(datanet), '--file', files[1],
    '--uri', `ipfs://${'x'.repeat(300)}`);
  assert.match(longUri.message, /^--uri is 307 bytes; the chain takes at most \d+ bytes \(datanets\.MaxUriLength\)$/);

  // Alice accepts both and publishes; Dave registers a model on it, served by Eve; Ferdie
  // pays for an inference; Eve attributes it 3 : 1 to Bob's and Charlie's files. All through
  // the client, as the README's first ten minutes do.
  for (const c of [fromBob, fromCharlie]) {
    await client('//Alice', 'review', '--contribution', String(c.contribution), '--verdict', 'accept');
  }
  const published = await client('//Alice', 'publish', '--datanet', String(datanet));
  assert.equal(published.contributions, 2);
  const version = (await api.call.datanetsApi.version(datanet, 1)).unwrap();
  assert.equal(published.merkleRoot, version.merkleRoot.toHex());
  const status = await client('//Bob', 'status', '--contribution', String(fromBob.contribution));
  assert.equal(status.status, 'Accepted');
  const mine = await client('//Bob', 'contributions');
  assert.deepEqual(mine.contributions.map((c) => [c.id, c.status]), [[fromBob.contribution, 'Accepted']]);

  const { model } = await client('//Dave', 'register-model', '--name', 'journey-llm', '--datanet', String(datanet),
    '--version', '1', '--fee', '4', '--provider', eve.address);
  // A model with an artifact to check registers its hash (`openledger-attribute model-hash`).
  const badHash = await clientFails('//Dave', 'register-model', '--name', 'checked', '--datanet', String(datanet),
    '--version', '1', '--fee', '4', '--artifact-hash', '0x1234');
  assert.match(badHash.message, /--artifact-hash is 0x and 64 hex digits/);
  const artifactHash = `0x${'ab'.repeat(32)}`;
  const checked = await client('//Dave', 'register-model', '--name', 'checked', '--datanet', String(datanet),
    '--version', '1', '--fee', '4', '--artifact-hash', artifactHash);
  assert.equal((await api.call.modelsApi.version(checked.model, 1)).unwrap().artifactHash.toHex(), artifactHash);
  const { inference, fee } = await client('//Ferdie', 'infer', '--model', String(model), '--max-fee', '4');
  assert.equal(fee, (4n * OPEN).toString());
  // Settling needs a provider bond: Ferdie, who holds none, is refused by name before anything
  // else is checked; Eve bonds the minimum (1,000 OPEN) and the client shows it.
  const unbonded = await clientFails('//Ferdie', 'settle', '--inference', String(inference),
    '--attribution', `${fromBob.contribution}:100`);
  assert.match(unbonded.message, /^attribution\.NotBonded: /);
  const bonded = await client('//Eve', 'bond', '--amount', '1000');
  assert.equal(bonded.bonded, (1000n * OPEN).toString());
  const bondStatus = await client('//Eve', 'bond-status');
  assert.equal(bondStatus.active, bonded.active);
  assert.ok(BigInt(bondStatus.active) >= 1000n * OPEN);
  // Ferdie's inference is public: Eve says where she publishes outputs, and the record keeps
  // the URI of this one.
  const neither = await clientFails('//Eve', 'output-base');
  assert.match(neither.message, /give --base URI or --clear/);
  const base = await client('//Eve', 'output-base', '--base', 'https://eve.example/answers/');
  assert.equal(base.base, 'https://eve.example/answers/');
  const settled = await client('//Eve', 'settle', '--inference', String(inference),
    '--attribution', `${fromBob.contribution}:75,${fromCharlie.contribution}:25`);
  assert.equal(settled.payout.data, (2n * OPEN).toString());
  assert.equal(settled.outputUri, `https://eve.example/answers/${inference}`);
  const record = await rpc(node.rpcPort, 'openledger_attributionRecord', [inference]);
  assert.deepEqual(record.attribution.map((e) => e.sharePpb), [750_000_000, 250_000_000]);
  assert.deepEqual([record.outputUri, record.private], [settled.outputUri, false]);

  // Bob's rewards wait out their challenge period: the client shows them in challenge, with the
  // block they become claimable at, and refuses a claim before it by name.
  const expected = (3n * OPEN / 2n).toString();
  const early = await client('//Bob', 'rewards');
  assert.equal(early.total, '0');
  assert.equal(early.inChallenge.data, expected);
  assert.equal(early.maturing.length, 1);
  const tooEarly = await clientFails('//Bob', 'claim');
  assert.match(tooEarly.message, /^rewards\.StillInChallenge: /);
  await untilMatured(api, bob.address);

  // Then his claimable rewards, five ways: the client, raw JSON-RPC, the runtime API, storage
  // and Python. Half of the 4 OPEN fee goes to data; Bob has three quarters of it.
  const viaClient = await client('//Bob', 'rewards');
  const viaRpc = await rpc(node.rpcPort, 'openledger_pendingRewards', [bob.address]);
  const viaApi = await api.call.rewardsApi.pendingRewards(bob.address);
  // Untouched since, the credit still sits in its bucket in storage; it moves when Bob claims.
  const [bucket] = (await api.query.rewards.pendingCredits(bob.address)).unwrap().buckets;
  const { stdout } = await run(PYTHON, [join(ROOT, 'tests', 'python', 'pending_rewards.py'), node.url, bob.address]);
  const viaPython = JSON.parse(stdout);
  assert.equal(viaClient.data, expected);
  assert.equal(viaClient.total, expected);
  assert.equal(viaClient.inChallenge.total, '0');
  assert.equal(viaRpc.data, expected);
  assert.equal(viaRpc.total, viaClient.total);
  assert.equal(viaApi.total.toBigInt().toString(), expected);
  assert.equal(bucket.amounts.data.toBigInt().toString(), expected);
  assert.equal(bucket.maturesAt.toNumber(), early.maturing[0].block);
  assert.equal(viaPython.data, expected);
  assert.equal(viaPython.total, expected);
  assert.equal(viaPython.in_challenge.data, '0');
  const charlies = await rpc(node.rpcPort, 'openledger_pendingRewards', [charlie.address]);
  assert.equal(charlies.data, (OPEN / 2n).toString());

  // Bob claims through the client: his free balance rises by the claim, less its fee.
  const free = async () => (await api.query.system.account(bob.address)).data.free.toBigInt();
  const before = await free();
  const claimed = await client('//Bob', 'claim');
  assert.equal(claimed.claimed, expected);
  assert.equal(await free() - before, BigInt(expected) - BigInt(claimed.fee));
  assert.equal((await client('//Bob', 'rewards')).total, '0');
  const nothing = await clientFails('//Bob', 'claim');
  assert.match(nothing.message, /^rewards\.NothingToClaim: /);
});
