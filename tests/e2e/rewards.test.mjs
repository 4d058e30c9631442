// The money path end to end on a real `openledger-node --dev`, from polkadot.js: two
// contributors' data in a published Datanet version, a model trained on it, a consumer paying
// for an inference, the provider settling it with attribution to both contributions, and the
// contributors seeing and claiming their rewards.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import { ApiPromise, WsProvider } from '@polkadot/api';
import {
  startDevNode, connect, devAccounts, sendAndWait, untilMatured, submitOk, eventData, rpc, rpcError,
  modelOnPublishedData, waitFor,
} from './lib/node.mjs';
import { rpc as openledgerRpc } from '../../scripts/openledger-rpc.mjs';

const OPEN = 10n ** 18n;
let node;
let api;
let bob;
let charlie;
let dave;
let eve;
let ferdie;
// What the first test created, for the JSON-RPC test that reads it back.
const ids = {};

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  [bob, charlie, dave, eve, ferdie] = devAccounts('Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

const ok = (tx, signer, options) => submitOk(api, tx, signer, options);

/** The fee `who` paid for the transaction whose events these are. */
const feePaid = (events) => eventData(events, 'transactionPayment', 'TransactionFeePaid').actualFee.toBigInt();

const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();

test('an attributed inference pays both contributors, who see and claim exactly their rewards', async () => {
  // Alice's Datanet with Bob's and Charlie's data in version 1; Dave's model on it at 10 OPEN
  // per inference, served by Eve.
  const { datanet, contributions: [cBob, cCharlie], model } = await modelOnPublishedData(
    api, 'qa', [['bob data', bob], ['charlie data', charlie]], 10n * OPEN,
  );

  // Ferdie pays; Eve settles with 70 % of the data fee to Bob's data and 30 % to Charlie's.
  const requested = await ok(
    api.tx.attribution.requestInference(model, 10n * OPEN, blake2AsHex('a prompt', 256)), ferdie,
  );
  const inference = eventData(requested, 'attribution', 'InferenceRequested').inference.toNumber();
  const settled = await ok(api.tx.attribution.settleInference(inference, blake2AsHex('an answer', 256), [
    { contribution: cBob, share: 700_000_000 },
    { contribution: cCharlie, share: 300_000_000 },
  ]), eve);
  const { record } = eventData(settled, 'attribution', 'InferenceSettled');
  Object.assign(ids, { datanet, model, inference, cBob, cCharlie });
  assert.equal(record.payout.data.toBigInt(), 5n * OPEN);
  assert.equal(record.payout.pool.toBigInt(), OPEN);

  // Both see their rewards through the runtime API: 70 % and 30 % of the 5 OPEN data share,
  // in their challenge period until the block it names; a claim before then is refused.
  const rewardsOf = async (who) => api.call.rewardsApi.rewardsOf(who.address);
  const settledAt = (await api.rpc.chain.getHeader()).number.toNumber();
  for (const [who, source, amount] of [
    [bob, 'data', 35n * OPEN / 10n], [charlie, 'data', 15n * OPEN / 10n],
    [dave, 'model', 2n * OPEN], [eve, 'provider', 2n * OPEN],
  ]) {
    const { claimable, inChallenge, maturing } = await rewardsOf(who);
    assert.equal(inChallenge[source].toBigInt(), amount, `${source} in challenge`);
    assert.equal(claimable.total.toBigInt(), 0n);
    assert.equal(maturing.length, 1);
    const [maturesAt, maturingAmount] = maturing[0];
    assert.equal(maturingAmount.toBigInt(), amount);
    // The challenge period of the fast pace: 4 blocks, claimable at the next multiple of 4.
    assert.ok(maturesAt.toNumber() > settledAt && maturesAt.toNumber() <= settledAt + 8, `matures at ${maturesAt}`);
  }
  const early = await sendAndWait(api, api.tx.rewards.claim(), bob);
  assert.equal(early.error, 'rewards.StillInChallenge');
  await untilMatured(api, bob.address);
  const pending = async (who) => api.call.rewardsApi.pendingRewards(who.address);
  const bobs = await pending(bob);
  const charlies = await pending(charlie);
  assert.equal(bobs.data.toBigInt(), 35n * OPEN / 10n);
  assert.equal(bobs.total.toBigInt(), 35n * OPEN / 10n);
  assert.equal(charlies.data.toBigInt(), 15n * OPEN / 10n);
  assert.equal((await pending(dave)).model.toBigInt(), 2n * OPEN);
  assert.equal((await pending(eve)).provider.toBigInt(), 2n * OPEN);
  assert.equal((await rewardsOf(bob)).inChallenge.data.toBigInt(), 0n);
  // Epochs are short on a dev chain (50 blocks): the settlement's may have closed since, so
  // count the current epoch and the closed ones; this is the node's only settlement so far.
  const [, current] = await api.call.rewardsApi.currentEpoch();
  const closed = await api.call.rewardsApi.epochSummaries();
  const attributed = [current, ...closed.map(([, summary]) => summary)]
    .reduce((sum, summary) => sum + summary.attributedToData.toBigInt(), 0n);
  assert.equal(attributed, 5n * OPEN);

  // The record, through the attribution API.
  const stored = (await api.call.attributionApi.record(inference)).unwrap();
  assert.deepEqual(stored.attribution.map((e) => e.contribution.toNumber()), [cBob, cCharlie]);
  const page = await api.call.attributionApi.recordsOfModel(model, null, 10);
  assert.deepEqual(page.items.map(([id]) => id.toNumber()), [inference]);

  // They claim: each free balance rises by exactly the pending total, less the claim's fee.
  for (const [who, expected] of [[bob, bobs.total.toBigInt()], [charlie, charlies.total.toBigInt()]]) {
    const before = await free(who);
    const events = await ok(api.tx.rewards.claim(), who);
    assert.equal(eventData(events, 'rewards', 'Claimed').amount.toBigInt(), expected);
    assert.equal(await free(who) - before, expected - feePaid(events));
    assert.equal((await pending(who)).total.toBigInt(), 0n);
  }

  // Nothing left to claim is refused by name; the supply never moved.
  const again = await sendAndWait(api, api.tx.rewards.claim(), bob);
  assert.equal(again.error, 'rewards.NothingToClaim');
  assert.equal((await api.query.balances.totalIssuance()).toBigInt(), 1_000_000_000n * OPEN);
});

test('openledger_* JSON-RPC: plain JSON that agrees with the runtime API, and clear errors', async () => {
  const port = node.rpcPort;
  const { methods } = await rpc(port, 'rpc_methods');
  for (const m of ['pendingRewards', 'attributionRecord', 'datanet', 'model', 'contributions']) {
    assert.ok(methods.includes(`openledger_${m}`), `openledger_${m} is served`);
  }

  // Dave (model owner) and Eve (provider) have not claimed: raw JSON-RPC and the runtime API
  // agree, with balances as decimal strings.
  for (const who of [dave, eve]) {
    const json = await rpc(port, 'openledger_pendingRewards', [who.address]);
    const scale = await api.call.rewardsApi.pendingRewards(who.address);
    assert.equal(json.account, who.address);
    for (const key of ['data', 'model', 'provider', 'emission', 'total']) {
      assert.equal(json[key], scale[key].toBigInt().toString(), key);
    }
    assert.deepEqual(json.inChallenge, { data: '0', model: '0', provider: '0', total: '0', score: '0' });
    assert.deepEqual(json.maturing, []);
  }
  assert.equal((await rpc(port, 'openledger_pendingRewards', [dave.address])).model, (2n * OPEN).toString());
  // At the genesis block nobody had anything.
  const genesis = await rpc(port, 'chain_getBlockHash', [0]);
  assert.equal((await rpc(port, 'openledger_pendingRewards', [dave.address, genesis])).total, '0');

  const record = await rpc(port, 'openledger_attributionRecord', [ids.inference]);
  assert.equal(record.fee, (10n * OPEN).toString());
  assert.equal(record.provider, eve.address);
  assert.deepEqual(record.attribution, [
    { contribution: ids.cBob, sharePpb: 700_000_000 },
    { contribution: ids.cCharlie, sharePpb: 300_000_000 },
  ]);
  assert.equal(record.payout.pool, OPEN.toString());

  const datanet = await rpc(port, 'openledger_datanet', [ids.datanet]);
  const version = (await api.call.datanetsApi.version(ids.datanet, 1)).unwrap();
  assert.equal(datanet.versions.length, 1);
  assert.equal(datanet.versions[0].merkleRoot, version.merkleRoot.toHex());
  assert.equal(datanet.counters.accepted, 2);
  const stored = (await api.query.datanets.datanets(ids.datanet)).unwrap();
  assert.equal(datanet.deposit, stored.deposit.toBigInt().toString());

  const model = await rpc(port, 'openledger_model', [ids.model]);
  assert.deepEqual(model.lineage, [{ datanet: ids.datanet, version: 1 }]);
  assert.equal(model.inferenceFee, (10n * OPEN).toString());
  assert.deepEqual(model.providers, [eve.address]);

  const page = await rpc(port, 'openledger_contributions', [bob.address, null, 10]);
  assert.deepEqual(page.items.map((c) => [c.id, c.status]), [[ids.cBob, 'Accepted']]);
  assert.equal(page.nextCursor, null);

  // The same through polkadot.js with the definitions shipped in scripts/.
  const withRpc = await ApiPromise.create({ provider: new WsProvider(node.url), rpc: openledgerRpc, noInitWarn: true });
  try {
    const viaJs = (await withRpc.rpc.openledger.pendingRewards(dave.address)).toJSON();
    assert.deepEqual(viaJs, await rpc(port, 'openledger_pendingRewards', [dave.address]));
    assert.equal((await withRpc.rpc.openledger.datanet(ids.datanet)).toJSON().name, 'qa');
  } finally {
    await withRpc.disconnect();
  }

  // An inference that is paid for and waits for its provider is not an unknown id: its record
  // is "not settled yet", with what is pending.
  const requested = await ok(api.tx.attribution.requestInference(ids.model, 10n * OPEN, blake2AsHex('later', 256)), ferdie);
  const pending = eventData(requested, 'attribution', 'InferenceRequested').inference.toNumber();
  const notSettled = await rpcError(port, 'openledger_attributionRecord', [pending]);
  assert.equal(notSettled.code, 4009);
  assert.match(notSettled.message, new RegExp(`^inference ${pending} is not settled yet \\(requested at block \\d+\\)$`));
  assert.equal(notSettled.data.consumer, ferdie.address);
  assert.equal(notSettled.data.fee, (10n * OPEN).toString());

  // Unknown ids name themselves; malformed parameters are invalid-params errors.
  assert.deepEqual(await rpcError(port, 'openledger_datanet', [999]), { code: 4004, message: 'unknown datanet 999' });
  assert.equal((await rpcError(port, 'openledger_model', [999])).message, 'unknown model 999');
  assert.equal((await rpcError(port, 'openledger_attributionRecord', [999])).message, 'unknown inference 999');
  const badAccount = await rpcError(port, 'openledger_pendingRewards', ['not an address']);
  assert.equal(badAccount.code, -32602);
  assert.match(badAccount.message, /invalid account/);
  assert.equal((await rpcError(port, 'openledger_datanet', ['zero'])).code, -32602);
  assert.equal((await rpcError(port, 'openledger_contributions', [])).code, -32602);
});

test('a request for a free model pays the least fee, which comes back if nobody settles it', async () => {
  // `Deposits.MinInferenceFee`, and never below the existential deposit (so that the refund can
  // always be paid).
  const [min, ed] = [api.consts.attribution.minInferenceFee.toBigInt(), api.consts.balances.existentialDeposit.toBigInt()];
  const least = min > ed ? min : ed;
  assert.ok(least > 0n);
  const { model } = await modelOnPublishedData(api, 'free', [['free data', bob]], 0n);
  // Paying what the model asks (nothing) is below the chain's least fee.
  const refused = await sendAndWait(api, api.tx.attribution.requestInference(model, 0n, blake2AsHex('free?', 256)), ferdie);
  assert.equal(refused.error, 'attribution.FeeAboveMax');
  const requested = await ok(api.tx.attribution.requestInference(model, least, blake2AsHex('free?', 256)), ferdie);
  const { inference, fee } = eventData(requested, 'attribution', 'InferenceRequested');
  assert.equal(fee.toBigInt(), least);
  assert.equal((await api.call.attributionApi.pendingInference(inference)).unwrap().fee.toBigInt(), least);

  // RefundTimeout blocks later (10 on a dev chain) Ferdie takes it back; had he not, on_idle
  // would have after RequestLifetime (100 blocks here; runtime/tests/attribution.rs plays it).
  assert.ok(api.consts.attribution.requestLifetime.toNumber() >= api.consts.attribution.refundTimeout.toNumber());
  const due = (await api.query.system.number()).toNumber() + api.consts.attribution.refundTimeout.toNumber();
  await waitFor(`block ${due}`, async () => (await api.query.system.number()).toNumber() >= due, { timeoutMs: 180_000 });
  const refunded = eventData(await ok(api.tx.attribution.refund(inference), ferdie), 'attribution', 'InferenceRefunded');
  assert.equal(refunded.fee.toBigInt(), least);
  assert.ok((await api.query.attribution.inferences(inference)).isNone);
});
