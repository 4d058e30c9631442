// OPEN-holder governance on a real `openledger-node --dev` (fast governance: periods of blocks),
// driven from polkadot.js as docs/governance.md describes: a proposal noted as a preimage, a
// referendum on the `parameters` track, conviction votes, and the fee split and a deposit enacted; a
// referendum voted down changes nothing; votes lock OPEN, which unlocks after the conviction.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startDevNode, connect, devAccounts, submitOk, eventData, waitFor, proposeReferendum,
} from './lib/node.mjs';

const OPEN = 10n ** 18n;
let node;
let api;
let alice;
let bob;
let charlie;
let dave;
let eve;

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  [alice, bob, charlie, dave, eve] = devAccounts('Alice', 'Bob', 'Charlie', 'Dave', 'Eve');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

const ok = (tx, signer, options) => submitOk(api, tx, signer, options);

const feeSplit = async () => (await api.query.attribution.feeSplitOf()).toJSON();

const propose = (proposer, origin, call) => proposeReferendum(api, proposer, origin, call);

const vote = (index, aye, conviction, balance) => api.tx.convictionVoting.vote(index, {
  Standard: { vote: { aye, conviction }, balance },
});

/** Waits until referendum `index` is no longer ongoing; returns its outcome's name. */
const decided = (index) => waitFor(`referendum ${index} is decided`, async () => {
  const info = (await api.query.referenda.referendumInfoFor(index)).unwrap();
  return info.isOngoing ? null : info.type;
}, { timeoutMs: 180_000 });

const votingLock = async (who) => (await api.query.balances.locks(who.address))
  .filter((lock) => lock.id.toUtf8() === 'pyconvot')
  .reduce((sum, lock) => sum + lock.amount.toBigInt(), 0n);

test('a referendum on the parameters track changes the fee split', async () => {
  const before = await feeSplit();
  const split = { pool: 50_000_000, model: 150_000_000, provider: 200_000_000, data: 600_000_000 };
  const index = await propose(alice, { Origins: 'Parameters' }, api.tx.attribution.setFeeSplit(split));
  const track = (await api.query.referenda.referendumInfoFor(index)).unwrap().asOngoing.track.toNumber();
  assert.equal(track, 1, 'the parameters track');

  // A quarter of the OPEN that can vote, all aye: enough from the start of the decision period.
  for (const who of [alice, bob, charlie]) {
    await ok(vote(index, true, 'Locked1x', 500_000n * OPEN), who);
  }
  assert.equal(await votingLock(alice), 500_000n * OPEN, 'the vote locks Alice\'s OPEN');
  assert.deepEqual(await feeSplit(), before, 'not before enactment');

  assert.equal(await decided(index), 'Approved');
  const enacted = await waitFor('the fee split is enacted', async () => {
    const now = await feeSplit();
    return now.data === split.data ? now : null;
  }, { timeoutMs: 60_000 });
  assert.deepEqual(enacted, split);
});

test('a referendum on the parameters track sets the deposit of new Datanets', async () => {
  const deposit = 25n * OPEN;
  const index = await propose(alice, { Origins: 'Parameters' },
    api.tx.parameters.setParameter({ Deposits: { Datanet: [null, deposit] } }));
  for (const who of [alice, bob, charlie]) {
    await ok(vote(index, true, 'Locked1x', 500_000n * OPEN), who);
  }
  assert.equal(await decided(index), 'Approved');
  await waitFor('the deposit is enacted', async () => {
    const value = await api.query.parameters.parameters({ Deposits: { Datanet: null } });
    return value.isSome && value.unwrap().asDeposits.asDatanet.toBigInt() === deposit;
  }, { timeoutMs: 60_000 });

  const created = await ok(api.tx.datanets.createDatanet('after-the-vote', '', [], {
    access: 'Open', contributionDeposit: OPEN, maxContributionBytes: 1_000,
  }), charlie);
  assert.equal(eventData(created, 'datanets', 'DatanetCreated').deposit.toBigInt(), deposit);
});

test('a referendum voted down changes nothing, and its votes unlock after the conviction', async () => {
  const before = await feeSplit();
  const index = await propose(alice, { Origins: 'Parameters' }, api.tx.attribution.setFeeSplit(
    { pool: 0, model: 0, provider: 0, data: 1_000_000_000 },
  ));
  await ok(vote(index, true, 'Locked1x', 100_000n * OPEN), dave);
  await ok(vote(index, false, 'Locked2x', 900_000n * OPEN), eve);
  assert.equal(await decided(index), 'Rejected');
  assert.deepEqual(await feeSplit(), before);

  // Dave lost: conviction only locks the winning side, so his OPEN unlocks at once.
  const track = 1;
  await ok(api.tx.convictionVoting.removeVote(track, index), dave);
  await ok(api.tx.convictionVoting.unlock(track, dave.address), dave);
  assert.equal(await votingLock(dave), 0n);

  // Eve won: her 2x vote locks 900,000 OPEN for two vote-locking periods (20 blocks).
  await ok(api.tx.convictionVoting.removeVote(track, index), eve);
  await ok(api.tx.convictionVoting.unlock(track, eve.address), eve);
  assert.equal(await votingLock(eve), 900_000n * OPEN, 'still locked right after the referendum');
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitFor('Eve\'s OPEN unlocks', async () => {
    await ok(api.tx.convictionVoting.unlock(track, eve.address), eve);
    return (await votingLock(eve)) === 0n;
  }, { timeoutMs: 240_000 });
  const end = (await api.rpc.chain.getHeader()).number.toNumber();
  assert.ok(end - start >= 5, `unlocked ${end - start} blocks later, not at once`);
});
