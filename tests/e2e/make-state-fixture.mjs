// Makes a small exported chain state for the runtime's migration tests: a dev node (the binary
// OPENLEDGER_NODE names, typically the previous release) goes through every state a record can
// be left in (contributions accepted, rejected, rejected as spam, pending, asked to be withdrawn;
// published versions; an archived Datanet; a model with two versions, a deprecated one;
// inferences settled and pending), then its state is exported without the runtime's code (the
// tests run natively).
//
//   OPENLEDGER_NODE=/path/to/old/openledger-node node make-state-fixture.mjs OUT.json

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  NODE_BIN, startDevNode, connect, devAccounts, submitOk, eventData, modelOnPublishedData,
} from './lib/node.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node make-state-fixture.mjs OUT.json');
const OPEN = 10n ** 18n;

const node = await startDevNode();
const api = await connect(node.url);
const [alice, bob, charlie, dave, eve, ferdie] =
  devAccounts('Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie');
const ok = (tx, signer, options) => submitOk(api, tx, signer, options);
try {
  const { datanet, model, contributions } =
    await modelOnPublishedData(api, 'fixture', [['one', bob], ['two', charlie]], OPEN);
  // Ferdie pays for four inferences; Eve settles the first two, the other two stay pending.
  // Where the runtime has challenges, Charlie challenges the first one's credit and leaves it
  // open.
  const inferences = [];
  for (const prompt of ['q1', 'q2', 'q3', 'q4']) {
    const paid = await ok(api.tx.attribution.requestInference(model, OPEN, blake2AsHex(prompt, 256)), ferdie);
    inferences.push(eventData(paid, 'attribution', 'InferenceRequested').inference.toNumber());
  }
  for (const [i, answer] of [[0, 'a1'], [1, 'a2']]) {
    await ok(api.tx.attribution.settleInference(inferences[i], blake2AsHex(answer, 256),
      [{ contribution: contributions[0], share: 1_000_000_000 }]), eve);
  }
  if (api.tx.attribution.challenge) {
    await ok(api.tx.attribution.challenge(inferences[0], contributions[0]), charlie);
  }
  // Bob's batch of four: one accepted, one rejected, one spam, one left pending; Ferdie's one
  // asks to withdraw.
  const items = ['three', 'four', 'five', 'six'].map((text) => ({
    contentHash: blake2AsHex(text, 256), sizeBytes: text.length, uri: `ipfs://${text}`, metadata: 'text',
  }));
  const batch = await ok(api.tx.datanets.contributeBatch(datanet, items, 2n * OPEN), bob);
  const ids = batch.filter(({ event }) => event.method === 'Contributed')
    .map(({ event }) => event.data.contribution.toNumber());
  const withdrawn = eventData(await ok(api.tx.datanets.contribute(
    datanet, blake2AsHex('seven', 256), 5, 'ipfs://seven', '', 2n * OPEN), ferdie), 'datanets', 'Contributed')
    .contribution.toNumber();
  const next = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all([
    ok(api.tx.datanets.review(ids[0], 'Accept'), alice, { nonce: next }),
    ok(api.tx.datanets.review(ids[1], 'Reject'), alice, { nonce: next + 1 }),
    ok(api.tx.datanets.review(ids[2], 'RejectAsSpam'), alice, { nonce: next + 2 }),
    ok(api.tx.datanets.withdraw(withdrawn), ferdie),
  ]);
  await ok(api.tx.datanets.publishVersion(datanet), alice);
  // Charlie's Datanet, with data of his own accepted, archived.
  const created = await ok(api.tx.datanets.createDatanet('archived', 'ipfs://gone', [], {
    access: 'Open', contributionDeposit: OPEN, maxContributionBytes: 1000,
  }), charlie);
  const archived = eventData(created, 'datanets', 'DatanetCreated').datanet;
  const own = eventData(await ok(api.tx.datanets.contribute(
    archived, blake2AsHex('eight', 256), 5, 'ipfs://eight', '', 2n * OPEN), charlie), 'datanets', 'Contributed');
  await ok(api.tx.datanets.review(own.contribution, 'Accept'), charlie);
  await ok(api.tx.datanets.archive(archived), charlie);
  // Dave's model gets a second version; a second model of his is deprecated.
  await ok(api.tx.models.publishVersion(model, blake2AsHex('weights-2', 256), 'ipfs://w2',
    [{ datanet, version: 2 }]), dave);
  const second = await ok(api.tx.models.registerModel('old', '', 'Base', blake2AsHex('old', 256), '',
    [{ datanet, version: 1 }], 0), dave);
  await ok(api.tx.models.deprecate(eventData(second, 'models', 'ModelRegistered').model), dave);
  console.log(`pending contribution ${ids[3]}, best block ${(await api.rpc.chain.getHeader()).number}`);
} finally {
  await api.disconnect();
  await node.stop();
}
const spec = JSON.parse(execFileSync(NODE_BIN,
  ['export-state', '--dev', '--base-path', node.basePath], { maxBuffer: 1 << 30 }));
delete spec.genesis.raw.top['0x3a636f6465']; // `:code`
writeFileSync(out, JSON.stringify(spec));
console.log(`${out}: ${Object.keys(spec.genesis.raw.top).length} keys`);
