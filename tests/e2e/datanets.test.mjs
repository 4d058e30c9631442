// Datanets end to end: a real `openledger-node --dev`, driven from polkadot.js the way a
// Datanet owner and its contributors would, then read back through the runtime API
// (`api.call.datanetsApi.*`) and from storage.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  startDevNode, connect, devAccounts, sendAndWait, submitOk, eventData,
} from './lib/node.mjs';
import { versionRoot } from './lib/merkle.mjs';

const OPEN = 10n ** 18n;
const DEPOSIT = OPEN; // the review deposit this Datanet asks of a contribution
// What a contribution holds besides: its record's storage deposit, a few thousandths of an OPEN.
const MAX_DEPOSIT = DEPOSIT + OPEN / 10n;
let node;
let api;
let alice;
let bob;
let charlie;

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  [alice, bob, charlie] = devAccounts('Alice', 'Bob', 'Charlie');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

const ok = (tx, signer, options) => submitOk(api, tx, signer, options);

/** The next `count` nonces of `who`, for sending several transactions at once. */
async function nonces(who, count) {
  const next = (await api.rpc.system.accountNextIndex(who.address)).toNumber();
  return Array.from({ length: count }, (_, i) => next + i);
}

/** Resolves once the best block is `number` or later. */
async function untilBlock(number) {
  while ((await api.rpc.chain.getHeader()).number.toNumber() < number) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `datanets.commit`'s commitment: BLAKE2-256 of SCALE `(AccountId32, u32, Vec<H256>)`. */
const commitmentOf = (who, datanet, hashes) => blake2AsHex(
  api.createType('(AccountId32, u32, Vec<H256>)', [who.address, datanet, hashes]).toU8a(), 256);

const held = async (who) => {
  const holds = await api.query.balances.holds(who.address);
  return holds.reduce((sum, h) => sum + h.amount.toBigInt(), 0n);
};

// Three files: their BLAKE2-256 hashes are what goes on chain.
const files = ['patient notes, anonymised', 'radiology report #2', 'buy cheap pills now'].map(
  (text) => ({ text, hash: blake2AsHex(text, 256), size: Buffer.byteLength(text) }),
);

test('a Datanet is created, filled by two contributors, curated and published', async () => {
  // Alice creates an open Datanet asking 1 OPEN per contribution, up to 1 MiB each.
  const created = await ok(
    api.tx.datanets.createDatanet('medical-qa', 'ipfs://bafydescription', ['medical', 'en'], {
      access: 'Open',
      contributionDeposit: DEPOSIT,
      maxContributionBytes: 1 << 20,
    }),
    alice,
  );
  const datanet = eventData(created, 'datanets', 'DatanetCreated').datanet.toNumber();

  // What a wallet shows before signing: the review deposit and the record's storage deposit,
  // for this URI and metadata, from the runtime API.
  const uri = (file) => `ipfs://${file.hash.slice(2, 14)}`;
  const deposit = (await api.call.datanetsApi.contributionDeposit(
    bob.address, datanet, uri(files[0]).length, 'text/plain'.length)).unwrap().toBigInt();
  assert.ok(deposit > DEPOSIT && deposit < MAX_DEPOSIT, `deposit ${deposit}`);

  // Bob contributes two files and Charlie one, all in flight at once: Bob numbers his two
  // transactions himself, since neither is in the pool when the other is signed.
  const submit = (who, file, nonce) => ok(
    api.tx.datanets.contribute(datanet, file.hash, file.size, uri(file), 'text/plain', MAX_DEPOSIT),
    who,
    { nonce },
  );
  const [first, second] = await nonces(bob, 2);
  const submitted = await Promise.all([
    submit(bob, files[0], first), submit(bob, files[1], second), submit(charlie, files[2], -1),
  ]);
  const [b1, b2, spam] = submitted.map((events) => eventData(events, 'datanets', 'Contributed').contribution.toNumber());
  assert.deepEqual(submitted.map((events) => eventData(events, 'datanets', 'Contributed').deposit.toBigInt()),
    [deposit, deposit, deposit]);
  assert.equal(await held(bob), 2n * deposit);
  assert.equal(await held(charlie), deposit);

  // The same content again is refused, by name, and holds nothing more.
  const duplicate = await sendAndWait(
    api, api.tx.datanets.contribute(datanet, files[0].hash, files[0].size, 'ipfs://again', '', MAX_DEPOSIT), charlie,
  );
  assert.equal(duplicate.error, 'datanets.DuplicateContent');
  assert.equal(await held(charlie), deposit);

  // Alice rejects Charlie's as spam (half its review deposit to the rewards pool) and accepts
  // Bob's second file, then his first: one block, applied in nonce order. What stays on record
  // keeps its storage deposit.
  const reviews = [[spam, 'RejectAsSpam'], [b2, 'Accept'], [b1, 'Accept']];
  const alicesNonces = await nonces(alice, reviews.length);
  const [rejectedEvents, ...acceptedEvents] = await Promise.all(reviews.map(([id, verdict], i) =>
    ok(api.tx.datanets.review(id, verdict), alice, { nonce: alicesNonces[i] })));
  const rejected = eventData(rejectedEvents, 'datanets', 'ContributionRejected');
  const storage = rejected.depositKept.toBigInt();
  assert.ok(storage > 0n && storage < deposit - DEPOSIT + 100n * 10n ** 12n, `storage ${storage}`);
  assert.equal(rejected.slashed.toBigInt(), (deposit - storage) / 2n);
  assert.equal(rejected.depositReturned.toBigInt(), deposit - storage - (deposit - storage) / 2n);
  const kept = acceptedEvents.map((events) => eventData(events, 'datanets', 'ContributionAccepted').depositKept.toBigInt());
  assert.equal(await held(bob), kept[0] + kept[1]);
  assert.equal(await held(charlie), storage);

  const published = eventData(await ok(api.tx.datanets.publishVersion(datanet), alice), 'datanets', 'VersionPublished');
  assert.equal(published.version.toNumber(), 1);
  assert.equal(published.contributions.toNumber(), 2);

  // Through the runtime API, as any client would read it.
  const info = (await api.call.datanetsApi.datanet(datanet)).unwrap();
  assert.equal(info.owner.toString(), alice.address);
  assert.equal(info.name.toUtf8(), 'medical-qa');
  assert.deepEqual(info.tags.map((t) => t.toUtf8()), ['medical', 'en']);
  assert.equal(info.counters.accepted.toNumber(), 2);
  assert.equal(info.counters.rejected.toNumber(), 1);
  assert.equal(info.counters.latestVersion.toNumber(), 1);

  const version = (await api.call.datanetsApi.version(datanet, 1)).unwrap();
  assert.equal(version.contributions.toNumber(), 2);
  assert.equal(version.totalBytes.toNumber(), files[0].size + files[1].size);
  const versions = await api.call.datanetsApi.versions(datanet, 1, 10);
  assert.equal(versions.length, 1);
  assert.equal(versions[0][1].merkleRoot.toHex(), version.merkleRoot.toHex());

  // The root is recomputable off-chain from the hashes in acceptance order: b2, then b1.
  const leaves = await api.call.datanetsApi.versionContributions(datanet, 1, 0, 100);
  assert.deepEqual(leaves.map(([id]) => id.toNumber()), [b2, b1]);
  const hashes = leaves.map(([, c]) => c.contentHash.toHex());
  assert.deepEqual(hashes, [files[1].hash, files[0].hash]);
  assert.equal(version.merkleRoot.toHex(), versionRoot(hashes));

  // Bob's contributions, paged, and his statistics.
  const page = await api.call.datanetsApi.contributionsOf(bob.address, null, 1);
  assert.equal(page.items.length, 1);
  const rest = await api.call.datanetsApi.contributionsOf(bob.address, page.nextCursor, 10);
  assert.ok(rest.nextCursor.isNone);
  const bobs = [...page.items, ...rest.items].map(([id]) => id.toNumber()).sort();
  assert.deepEqual(bobs, [b1, b2].sort());
  const stats = await api.call.datanetsApi.contributorStats(bob.address);
  assert.equal(stats.accepted.toNumber(), 2);
  assert.equal(stats.acceptedBytes.toNumber(), files[0].size + files[1].size);
  const charlies = await api.call.datanetsApi.contributorStats(charlie.address);
  assert.equal(charlies.rejected.toNumber(), 1);
  const theSpam = (await api.call.datanetsApi.contribution(spam)).unwrap();
  assert.ok(theSpam.status.isRejected && theSpam.status.asRejected.spam.isTrue);
  assert.ok((await api.call.datanetsApi.contribution(999)).isNone);

  // And straight from storage.
  const stored = (await api.query.datanets.datanets(datanet)).unwrap();
  assert.equal(stored.counters.published.toNumber(), 2);
  const storedVersion = (await api.query.datanets.versions(datanet, 1)).unwrap();
  assert.equal(storedVersion.merkleRoot.toHex(), version.merkleRoot.toHex());
  const accepted = (await api.query.datanets.contributions(b1)).unwrap();
  assert.equal(accepted.status.asAccepted.sequence.toNumber(), 1);
});

test('bad input is refused by name and changes nothing; a pending contribution is withdrawn', async () => {
  const fresh = { hash: blake2AsHex('a fresh file', 256), size: 12 };
  // Charlie's spam from the first test still holds its storage deposit.
  const spamStorage = await held(charlie);
  const contributed = eventData(
    await ok(api.tx.datanets.contribute(0, fresh.hash, fresh.size, 'ipfs://fresh', '', MAX_DEPOSIT), charlie),
    'datanets',
    'Contributed',
  );
  const pending = contributed.contribution.toNumber();
  const deposit = contributed.deposit.toBigInt();
  const before = await held(charlie);
  assert.equal(before, spamStorage + deposit);
  const cases = [
    [api.tx.datanets.contribute(9_999, fresh.hash, 1, '', '', MAX_DEPOSIT), charlie, 'datanets.UnknownDatanet'],
    [api.tx.datanets.contribute(0, blake2AsHex('huge', 256), 2 ** 21, '', '', MAX_DEPOSIT), charlie, 'datanets.ContributionTooLarge'],
    // The review deposit alone is not enough: the record's storage deposit comes on top.
    [api.tx.datanets.contribute(0, blake2AsHex('dear', 256), 1, '', '', DEPOSIT), charlie, 'datanets.DepositAboveMaximum'],
    [api.tx.datanets.cancelCommitment(blake2AsHex('none', 256)), charlie, 'datanets.UnknownCommitment'],
    [api.tx.datanets.review(pending, 'Accept'), bob, 'datanets.NotReviewer'],
    [api.tx.datanets.review(0, 'Accept'), alice, 'datanets.NotPending'],
    [api.tx.datanets.withdraw(pending), bob, 'datanets.NotContributor'],
    [api.tx.datanets.pause(0), charlie, 'datanets.NotOwner'],
    [api.tx.datanets.withdraw(9_999), charlie, 'datanets.UnknownContribution'],
  ];
  // All at once, each signer's in nonce order.
  const next = new Map();
  for (const signer of [alice, bob, charlie]) {
    next.set(signer, (await nonces(signer, 1))[0]);
  }
  const outcomes = await Promise.all(cases.map(([tx, signer]) => {
    const nonce = next.get(signer);
    next.set(signer, nonce + 1);
    return sendAndWait(api, tx, signer, { nonce });
  }));
  assert.deepEqual(outcomes.map((o) => o.error), cases.map(([, , expected]) => expected));
  assert.equal(await held(charlie), before);

  // Withdrawing takes two steps, with reviews still possible in between.
  const requested = eventData(await ok(api.tx.datanets.withdraw(pending), charlie), 'datanets', 'WithdrawalRequested');
  const due = requested.due.toNumber();
  assert.equal(due - (await api.rpc.chain.getHeader()).number.toNumber(), api.consts.datanets.withdrawalDelay.toNumber());
  assert.equal(await held(charlie), before);
  await untilBlock(due);
  const withdrawn = eventData(await ok(api.tx.datanets.withdraw(pending), charlie), 'datanets', 'ContributionWithdrawn');
  assert.equal(withdrawn.depositReturned.toBigInt(), deposit);
  assert.equal(await held(charlie), spamStorage);
  assert.ok((await api.call.datanetsApi.contribution(pending)).isNone);
});

test('a copy of a contribution cannot take its credit, and its deposit cannot be raised under it', async () => {
  const original = { hash: blake2AsHex('a study only Bob has', 256), size: 20 };
  // Bob commits to his file; nothing about it is public yet.
  const commitment = commitmentOf(bob, 0, [original.hash]);
  const [bobBefore, charlieBefore] = [await held(bob), await held(charlie)];
  await ok(api.tx.datanets.commit(commitment), bob);
  assert.equal(await held(bob), bobBefore + api.consts.datanets.commitmentDeposit.toBigInt());
  // Charlie copies Bob's reveal from the pool and gets his copy in first.
  const copied = eventData(
    await ok(api.tx.datanets.contribute(0, original.hash, original.size, 'ipfs://copied', '', MAX_DEPOSIT), charlie),
    'datanets', 'Contributed',
  );
  const copy = copied.contribution.toNumber();
  const revealed = await ok(api.tx.datanets.reveal(
    0, [{ contentHash: original.hash, sizeBytes: original.size, uri: 'ipfs://bob', metadata: '' }], MAX_DEPOSIT), bob);
  const minePending = eventData(revealed, 'datanets', 'Contributed');
  const mine = minePending.contribution.toNumber();
  const displaced = eventData(revealed, 'datanets', 'ContributionDisplaced');
  assert.deepEqual([displaced.contribution.toNumber(), displaced.by.toNumber()], [copy, mine]);
  assert.equal(displaced.depositReturned.toBigInt(), copied.deposit.toBigInt());
  assert.ok((await api.call.datanetsApi.contribution(copy)).isNone);
  assert.equal((await api.query.datanets.contentIndex(0, original.hash)).unwrap().toNumber(), mine);
  assert.ok((await api.query.datanets.committedAt(mine)).isSome);
  assert.equal(await held(charlie), charlieBefore);
  const bobHeld = bobBefore + minePending.deposit.toBigInt();
  assert.equal(await held(bob), bobHeld, 'the commitment deposit came back; the contribution one is held');

  // Alice raises the deposit just before Bob's next contribution lands: he agreed to DEPOSIT.
  const bait = { access: 'Open', contributionDeposit: 1000n * OPEN, maxContributionBytes: 1 << 20 };
  const [aliceNonce] = await nonces(alice, 1);
  const [raised, refused] = await Promise.all([
    sendAndWait(api, api.tx.datanets.setPolicy(0, bait), alice, { nonce: aliceNonce, tip: OPEN / 1000n }),
    (async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return sendAndWait(api, api.tx.datanets.contribute(0, blake2AsHex('more', 256), 4, '', '', MAX_DEPOSIT), bob);
    })(),
  ]);
  assert.equal(raised.error, null);
  // In the same block after the raise, or a later one: refused either way, nothing held.
  assert.equal(refused.error, 'datanets.DepositAboveMaximum');
  assert.equal(await held(bob), bobHeld);
  await ok(api.tx.datanets.setPolicy(0, { ...bait, contributionDeposit: DEPOSIT }), alice);
  await ok(api.tx.datanets.review(mine, 'Accept'), alice);
});
