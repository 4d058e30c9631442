// Models end to end: a real `openledger-node --dev`, where a base model is registered on a
// published Datanet version and a LoRA adapter on top of it, then their lineage is read back
// through the runtime API (`api.call.modelsApi.*`) and from storage.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  startDevNode, connect, devAccounts, sendAndWait, submitOk, eventData,
} from './lib/node.mjs';

const OPEN = 10n ** 18n;
let node;
let api;
let alice;
let bob;
let charlie;
let dave;

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  [alice, bob, charlie, dave] = devAccounts('Alice', 'Bob', 'Charlie', 'Dave');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

const ok = (tx, signer, options) => submitOk(api, tx, signer, options);

test('a base model and a LoRA adapter are registered on a published Datanet version', async () => {
  // Alice's Datanet gets one accepted contribution from Bob, then version 1.
  const created = await ok(api.tx.datanets.createDatanet('legal-qa', '', [], {
    access: 'Open', contributionDeposit: OPEN, maxContributionBytes: 1_000_000,
  }), alice);
  const datanet = eventData(created, 'datanets', 'DatanetCreated').datanet.toNumber();
  const contributed = await ok(
    api.tx.datanets.contribute(datanet, blake2AsHex('a contract clause', 256), 17, 'ipfs://x', '', 2n * OPEN), bob,
  );
  const contribution = eventData(contributed, 'datanets', 'Contributed').contribution.toNumber();
  const next = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all([
    ok(api.tx.datanets.review(contribution, 'Accept'), alice, { nonce: next }),
    ok(api.tx.datanets.publishVersion(datanet), alice, { nonce: next + 1 }),
  ]);

  // Charlie registers a base model trained on that version, at 0.5 OPEN per inference.
  const lineage = [{ datanet, version: 1 }];
  const registered = eventData(await ok(api.tx.models.registerModel(
    'legal-llm', 'ipfs://card', 'Base', blake2AsHex('weights v1', 256), 'ipfs://weights', lineage, OPEN / 2n,
  ), charlie), 'models', 'ModelRegistered');
  const base = registered.model.toNumber();
  assert.equal(registered.inferenceFee.toBigInt(), OPEN / 2n);

  // Dave adapts it; a lineage naming an unpublished version is refused by name.
  const [adapted, refused] = await Promise.all([
    ok(api.tx.models.registerModel(
      'legal-lora', '', { Adapter: { base } }, blake2AsHex('lora v1', 256), 'ipfs://lora', [], OPEN / 4n,
    ), dave),
    sendAndWait(api, api.tx.models.registerModel(
      'bad', '', 'Base', blake2AsHex('x', 256), '', [{ datanet, version: 2 }], 0,
    ), bob),
  ]);
  assert.equal(refused.error, 'models.UnknownDatanetVersion');
  const adapter = eventData(adapted, 'models', 'ModelRegistered').model.toNumber();

  // Read back through the runtime API.
  const model = (await api.call.modelsApi.model(base)).unwrap();
  assert.equal(model.owner.toString(), charlie.address);
  assert.equal(model.name.toUtf8(), 'legal-llm');
  assert.ok(model.kind.isBase);
  const lora = (await api.call.modelsApi.model(adapter)).unwrap();
  assert.equal(lora.kind.asAdapter.base.toNumber(), base);
  const loraVersion = (await api.call.modelsApi.version(adapter, 1)).unwrap();
  assert.equal(loraVersion.base.unwrap().model.toNumber(), base);
  assert.equal(loraVersion.base.unwrap().version.toNumber(), 1);
  // The adapter draws on its base's lineage.
  const effective = await api.call.modelsApi.lineage(adapter, 1);
  assert.deepEqual(effective.map((e) => [e.datanet.toNumber(), e.version.toNumber()]), [[datanet, 1]]);
  const onDatanet = await api.call.modelsApi.modelsByDatanet(datanet, null, 10);
  assert.deepEqual(onDatanet.items.map((id) => id.toNumber()), [base]);
  const adapters = await api.call.modelsApi.adapters(base, null, 10);
  assert.deepEqual(adapters.items.map((id) => id.toNumber()), [adapter]);
  assert.equal((await api.call.modelsApi.versions(base, 1, 10)).length, 1);
  assert.ok((await api.call.modelsApi.model(999)).isNone);

  // And from storage.
  const stored = (await api.query.models.versions(base, 1)).unwrap();
  assert.equal(stored.lineage[0].datanet.toNumber(), datanet);
  assert.equal(stored.artifactHash.toHex(), blake2AsHex('weights v1', 256));
});
