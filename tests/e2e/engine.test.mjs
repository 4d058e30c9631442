// The attribution engine end to end on a real `openledger-node --dev`: two contributors' text
// files in a published Datanet version, a model on it, a paid inference whose output quotes
// both; `openledger-attribute` indexes the version, attributes the output, settles it as the
// provider and verifies the record, and the contributors' pending rewards are the engine's
// shares of the data fee. Then challenges: a fabricated credit challenged by a contributor with
// `openledger-attribute challenge --follow`, unanswerable, upheld, and the provider's bond
// slashed; an honest credit challenged and answered with `openledger-attribute answer`; an
// omission proven by the contributor left out, unanswerable, upheld.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  startDevNode, connect, devAccounts, submitOk, sendAndWait, eventData, modelOnPublishedData, untilMatured,
  OUTPUT_BASE, runAsync,
} from './lib/node.mjs';

const OPEN = 10n ** 18n;
const TARGET = process.env.CARGO_TARGET_DIR || '/var/tmp/openledger-target';
const ENGINE = process.env.OPENLEDGER_ATTRIBUTE || join(TARGET, 'release', 'openledger-attribute');

// Over a kilobyte, so that its content root is a tree of two chunks, not its plain hash.
const FEVER = 'Q: what lowers a fever in adults? A: rest, plenty of fluids and paracetamol taken '
  + 'every six hours bring most fevers down within two or three days. See a doctor when the fever '
  + 'passes forty degrees or lasts longer than three days.\n'
  + 'Notes for the clinic follow. '.repeat(40);
const COLD = 'Q: how long does a common cold last? A: most colds clear up on their own in about '
  + 'seven to ten days, and antibiotics do not help because a cold is caused by a virus, not by '
  + 'bacteria.';
// Quotes 21 tokens of FEVER ("rest , plenty ... three days .") and 17 of COLD ("antibiotics do
// not help ... bacteria ."), around text of its own.
const OUTPUT = 'Good question. In short, rest, plenty of fluids and paracetamol taken every six hours '
  + 'bring most fevers down within two or three days. As for the cold you mentioned, antibiotics '
  + 'do not help because a cold is caused by a virus, not by bacteria. Feel better soon!';

let node;
let api;
let dir;
// What the first test created, for the second.
const ids = {};

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  dir = mkdtempSync(join(tmpdir(), 'openledger-engine-'));
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** Runs the engine's command line; returns its exit status and output. */
function engine(...args) {
  const run = spawnSync(ENGINE, args.map(String), { encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs the engine's command line without blocking the event loop (for long runs). */
function engineAsync(...args) {
  return runAsync(ENGINE, ...args);
}

/** Runs it and fails the test unless it succeeds. */
function engineOk(...args) {
  const run = engine(...args);
  assert.equal(run.status, 0, `openledger-attribute ${args[0]} failed:\n${run.stdout}\n${run.stderr}`);
  return run;
}

test('the engine attributes an output to the two contributions it quotes, settles it and verifies it', async () => {
  const [bob, charlie, ferdie] = devAccounts('Bob', 'Charlie', 'Ferdie');
  const ok = (tx, signer, options) => submitOk(api, tx, signer, options);
  const url = `http://127.0.0.1:${node.rpcPort}`;

  // The files, as the Datanet's curators would keep them, and one that is not in the version.
  const files = join(dir, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'fever.txt'), FEVER);
  writeFileSync(join(files, 'cold.txt'), COLD);
  writeFileSync(join(files, 'draft.txt'), 'not contributed');

  // Alice's Datanet with Bob's and Charlie's files in version 1; Dave's model on it at 10 OPEN
  // per inference, served by Eve; Ferdie pays for an inference.
  const { datanet, contributions: [cBob, cCharlie], model } = await modelOnPublishedData(
    api, 'health-qa', [[FEVER, bob], [COLD, charlie]], 10n * OPEN,
  );
  const requested = await ok(
    api.tx.attribution.requestInference(model, 10n * OPEN, blake2AsHex('fever and cold?', 256)), ferdie,
  );
  const inference = eventData(requested, 'attribution', 'InferenceRequested').inference.toNumber();
  Object.assign(ids, { datanet, cBob, cCharlie, inference, model, files });

  // Index version 1: both files found by their content roots, the stray one ignored.
  assert(Buffer.byteLength(FEVER) > 1024);
  const index = join(dir, 'v1.idx');
  const indexed = engineOk('index', '--url', url, '--datanet', datanet, '--version', 1, '--dir', files, '--out', index);
  assert.match(indexed.stdout, /indexed 2 contributions/);
  assert.match(indexed.stderr, /ignored 1 files/);
  // Indexing again, from a manifest listing the files in another order, gives the same bytes.
  const manifest = join(dir, 'manifest.txt');
  writeFileSync(manifest, '# the version\nfiles/cold.txt\n\nfiles/fever.txt\n');
  const again = join(dir, 'again.idx');
  engineOk('index', '--url', url, '--datanet', datanet, '--version', 1, '--manifest', manifest, '--out', again);
  assert.deepEqual(readFileSync(again), readFileSync(index));

  // Attribute offline: 21 tokens from Bob's file and 17 from Charlie's, so 21/38 and 17/38 of
  // the data fee, to the part per billion (the spare part to the larger remainder, Bob's). The
  // engine lists entries by contribution id; the two contributions were submitted together, so
  // either may have the lower id.
  const output = join(dir, 'output.txt');
  writeFileSync(output, OUTPUT);
  const attributed = JSON.parse(engineOk('attribute', '--index', index, '--output-file', output, '--json').stdout);
  assert.deepEqual(attributed.spans.map((s) => [s.tokens, s.contributions]), [[21, [cBob]], [17, [cCharlie]]]);
  const bobsEntry = { contribution: cBob, sharePpb: 552_631_579 };
  const charliesEntry = { contribution: cCharlie, sharePpb: 447_368_421 };
  assert.deepEqual(attributed.attribution, cBob < cCharlie ? [bobsEntry, charliesEntry] : [charliesEntry, bobsEntry]);
  assert.equal(attributed.outputHash, blake2AsHex(OUTPUT, 256));

  // Eve settles it with the engine; the record on chain is the engine's attribution.
  const settled = engineOk('settle', '--url', url, '--seed', '//Eve', '--inference', inference,
    '--output-file', output, '--index', index);
  assert.match(settled.stdout, /InferenceSettled/);
  assert.match(settled.stdout, /settled inference \d+: fee 10 OPEN to data 5 OPEN, model 2 OPEN, provider 2 OPEN, pool 1 OPEN/);
  // Eve publishes the output at the URI the record keeps: her output base and the inference id.
  assert.match(settled.stdout, new RegExp(`publish the output at ${OUTPUT_BASE}${inference}:`));
  const disclosure = (await api.call.attributionApi.disclosure(inference)).unwrap();
  assert.equal(disclosure.asPublished.toUtf8(), `${OUTPUT_BASE}${inference}`);
  const record = (await api.call.attributionApi.record(inference)).unwrap();
  assert.equal(record.outputHash.toHex(), attributed.outputHash);
  assert.deepEqual(
    record.attribution.map((e) => ({ contribution: e.contribution.toNumber(), sharePpb: e.share.toNumber() })),
    attributed.attribution,
  );

  // Bob's and Charlie's credits, in their challenge period, are their shares of the data share
  // of the fee.
  const split = await api.call.attributionApi.feeSplit();
  const dataFee = 10n * OPEN * split.data.toBigInt() / 1_000_000_000n;
  for (const [who, { sharePpb }] of [[bob, bobsEntry], [charlie, charliesEntry]]) {
    const { inChallenge } = await api.call.rewardsApi.rewardsOf(who.address);
    assert.equal(inChallenge.data.toBigInt(), dataFee * BigInt(sharePpb) / 1_000_000_000n);
  }
  assert.equal(dataFee, 5n * OPEN);

  // Anyone holding the files can check the record bit for bit.
  const verified = engineOk('verify', '--url', url, '--inference', inference, '--output-file', output, '--index', index);
  assert.match(verified.stdout, /matches the chain's record \(2 entries/);

  // A different output does not match; a settled inference cannot be settled again.
  const altered = join(dir, 'altered.txt');
  writeFileSync(altered, OUTPUT.replace('two or three days', 'two days'));
  const mismatch = engine('verify', '--url', url, '--inference', inference, '--output-file', altered, '--index', index);
  assert.equal(mismatch.status, 1, mismatch.stderr);
  assert.match(mismatch.stdout, /does NOT match/);
  assert.match(mismatch.stdout, /output hash/);
  const twice = engine('settle', '--url', url, '--seed', '//Eve', '--inference', inference,
    '--output-file', output, '--index', index);
  assert.equal(twice.status, 2);
  assert.match(twice.stderr, /is not pending/);
});

test('the engine refuses what would give a wrong attribution, by name', async () => {
  const url = `http://127.0.0.1:${node.rpcPort}`;
  // A version's file is missing.
  const partial = join(dir, 'partial');
  mkdirSync(partial);
  writeFileSync(join(partial, 'fever.txt'), FEVER);
  const missing = engine('index', '--url', url, '--datanet', ids.datanet, '--version', 1, '--dir', partial,
    '--out', join(dir, 'x.idx'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, new RegExp(`no file for contributions ${ids.cCharlie} \\(0x`));
  // A version that was never published, and a file that is not an index.
  const unknown = engine('index', '--url', url, '--datanet', ids.datanet, '--version', 9, '--dir', partial, '--out', join(dir, 'x.idx'));
  assert.match(unknown.stderr, new RegExp(`Datanet ${ids.datanet} has no published version 9`));
  const notIndex = engine('attribute', '--index', join(partial, 'fever.txt'), '--output-file', join(partial, 'fever.txt'));
  assert.equal(notIndex.status, 2);
  assert.match(notIndex.stderr, /not an OpenLedger attribution index/);
  // Indexes that are not the model's lineage (here, the right one twice).
  const v1 = join(dir, 'v1.idx');
  const repeated = engine('verify', '--url', url, '--inference', ids.inference, '--output-file', join(partial, 'fever.txt'),
    '--index', v1, '--index', v1);
  assert.equal(repeated.status, 2);
  assert.match(repeated.stderr, /was trained on Datanet versions \[\d+\/1\]; the indexes given are of \[\d+\/1\] \(with repeats\)/);
  // An index whose contribution list was edited (the first id, at byte 59 of the format in
  // docs/attribution.md after the file's alignment padding, made 999): a well-formed file,
  // refused against the chain's list.
  const edited = readFileSync(v1);
  const padding = edited.findIndex((byte) => byte !== 0);
  assert.ok(padding >= 0 && padding <= 3);
  edited.writeBigUInt64LE(999n, 59 + padding);
  writeFileSync(join(dir, 'edited.idx'), edited);
  const wrongList = engine('verify', '--url', url, '--inference', ids.inference, '--output-file', join(partial, 'fever.txt'),
    '--index', join(dir, 'edited.idx'));
  assert.equal(wrongList.status, 2, wrongList.stderr);
  assert.match(wrongList.stderr, /does not list the version's contributions/);
  // Verifying an inference that was never settled.
  const never = engine('verify', '--url', url, '--inference', 999, '--output-file', join(partial, 'fever.txt'),
    '--index', join(dir, 'v1.idx'));
  assert.match(never.stderr, /no attribution record for inference 999/);
});

test("the lineage's ∞-gram model answers from its data, and the answer it settles credits the data it came from", async () => {
  const [dave, ferdie] = devAccounts('Dave', 'Ferdie');
  const url = `http://127.0.0.1:${node.rpcPort}`;
  const v1 = join(dir, 'v1.idx');
  // Greedy decoding: the same answer every time, continuing the longest run of the prompt's end
  // that the data holds (Bob's file), up to the end of its sentence.
  const answerFile = join(dir, 'answer.txt');
  const generated = JSON.parse(engineOk('generate', '--index', v1, '--prompt',
    'Q: what lowers a fever in adults? A:', '--stop', 'See a doctor', '--out', answerFile, '--json').stdout);
  assert.equal(generated.text, 'rest, plenty of fluids and paracetamol taken every six hours bring most '
    + 'fevers down within two or three days. ');
  assert.equal(generated.finish, 'stop');
  assert.equal(readFileSync(answerFile, 'utf8'), generated.text);
  // The model's name is its lineage's: what a developer registers as its artifact hash, and
  // anyone checks against the chain. Dave's first model committed to other weights.
  assert.equal(engineOk('model-hash', '--index', v1).stdout.trim(), generated.modelHash);
  const other = engine('model-hash', '--index', v1, '--model', ids.model, '--url', url);
  assert.equal(other.status, 1, other.stderr);
  assert.match(other.stdout, new RegExp(`model ${ids.model} version 1: its artifact hash is 0x[0-9a-f]{64}, NOT this model's`));
  const registered = await submitOk(api, api.tx.models.registerModel('infini-llm', '', 'Base', generated.modelHash, '',
    [{ datanet: ids.datanet, version: 1 }], 10n * OPEN), dave);
  const infini = eventData(registered, 'models', 'ModelRegistered').model.toNumber();
  assert.match(engineOk('model-hash', '--index', v1, '--model', infini, '--url', url).stdout,
    new RegExp(`model ${infini} version 1: its artifact hash is this model's`));
  const notAdapter = engine('model-hash', '--index', v1, '--base-index', v1, '--model', infini, '--url', url);
  assert.equal(notAdapter.status, 2);
  assert.match(notAdapter.stderr, new RegExp(`model ${infini} is not an adapter: drop --base-index`));
  assert.equal(engine('generate', '--index', v1, '--prompt', 'x', '--temperature', '0').status, 2,
    '--temperature needs --seed');
  const badTemperature = engine('generate', '--index', v1, '--prompt', 'x', '--seed', '1', '--temperature', '0');
  assert.equal(badTemperature.status, 2);
  assert.match(badTemperature.stderr, /--temperature must be above 0/);

  // Ferdie pays; Eve answers with the model and settles: the whole data share goes to Bob's file.
  const paid = await submitOk(api, api.tx.attribution.requestInference(ids.model, 10n * OPEN,
    blake2AsHex('Q: what lowers a fever in adults? A:', 256)), ferdie);
  const inference = eventData(paid, 'attribution', 'InferenceRequested').inference.toNumber();
  engineOk('settle', '--url', url, '--seed', '//Eve', '--inference', inference,
    '--output-file', answerFile, '--index', v1);
  const record = (await api.call.attributionApi.record(inference)).unwrap();
  assert.equal(record.outputHash.toHex(), blake2AsHex(generated.text, 256));
  assert.deepEqual(record.attribution.map((e) => [e.contribution.toNumber(), e.share.toNumber()]),
    [[ids.cBob, 1_000_000_000]]);
});

test('a fabricated credit challenged with the engine goes unanswered and slashes the provider; an honest one is answered', async () => {
  const [bob, eve, ferdie] = devAccounts('Bob', 'Eve', 'Ferdie');
  const ok = (tx, signer, options) => submitOk(api, tx, signer, options);
  const url = `http://127.0.0.1:${node.rpcPort}`;
  const output = join(dir, 'output.txt');
  const request = async () => {
    const events = await ok(api.tx.attribution.requestInference(ids.model, 10n * OPEN, blake2AsHex('q', 256)), ferdie);
    return eventData(events, 'attribution', 'InferenceRequested').inference.toNumber();
  };
  const bondOf = async (who) => (await api.query.providerBonds.bonds(who.address)).unwrap().active.toBigInt();
  const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();

  // Eve settles an inference whose output quotes Bob's file only, but credits half of the data
  // share to Charlie's.
  const quotesBob = 'In short, rest, plenty of fluids and paracetamol taken every six hours bring most '
    + 'fevers down within two or three days.';
  const fabricatedOutput = join(dir, 'fabricated.txt');
  writeFileSync(fabricatedOutput, quotesBob);
  const fabricated = await request();
  await ok(api.tx.attribution.settleInference(fabricated, blake2AsHex(quotesBob, 256), [
    { contribution: ids.cBob, share: 500_000_000 }, { contribution: ids.cCharlie, share: 500_000_000 },
  ]), eve);
  const bondBefore = await bondOf(eve);
  const bobBefore = await free(bob);

  // Bob challenges Charlie's credit and follows it to its verdict; meanwhile Eve cannot answer.
  const following = engineAsync('challenge', '--url', url, '--seed', '//Bob', '--inference', fabricated,
    '--contribution', ids.cCharlie, '--follow');
  let open = null;
  for (let i = 0; i < 30 && !open; i += 1) {
    open = (await api.query.attribution.challenges(fabricated, 0)).unwrapOr(null);
    if (!open) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  assert.ok(open, 'the challenge is open');
  assert.ok(open.dispute.isUnsupportedCredit);
  const withheld = (await api.query.attribution.inferences(fabricated)).unwrap().asChallengeable.withheld;
  assert.equal(withheld.toBigInt(), 9n * OPEN, 'every credit but the pool part waits');
  const cannot = engine('answer', '--url', url, '--seed', '//Eve', '--inference', fabricated,
    '--output-file', fabricatedOutput, '--file', join(ids.files, 'cold.txt'));
  assert.equal(cannot.status, 2, cannot.stdout);
  assert.match(cannot.stderr, /shares no run of 8 tokens with contribution/);
  // Nor with another file passed for Charlie's.
  const wrongFile = engine('answer', '--url', url, '--seed', '//Eve', '--inference', fabricated,
    '--output-file', fabricatedOutput, '--file', join(ids.files, 'fever.txt'));
  // Nor with another output.
  const wrongOutput = engine('answer', '--url', url, '--seed', '//Eve', '--inference', fabricated,
    '--output-file', output, '--file', join(ids.files, 'cold.txt'));
  assert.match(wrongOutput.stderr, /is not the inference's output/);
  assert.match(wrongFile.stderr, new RegExp(`is not contribution ${ids.cCharlie}`));
  const followed = await following;
  assert.equal(followed.status, 0, `${followed.stdout}\n${followed.stderr}`);
  assert.match(followed.stdout, /verdict: upheld/);
  assert.match(followed.stdout, /ChallengeUpheld/);

  // Eve lost 100 OPEN of her bond, half of it to Bob, who has his deposit back; the record's
  // credits went to the pool, so nobody is credited for it.
  assert.equal(await bondOf(eve), bondBefore - 100n * OPEN);
  const bobGain = (await free(bob)) - bobBefore;
  assert.ok(bobGain > 49n * OPEN && bobGain <= 50n * OPEN, `Bob gained ${bobGain} (50 OPEN less fees)`);
  const inference = (await api.query.attribution.inferences(fabricated)).unwrap();
  assert.ok(inference.isChallengeable && inference.asChallengeable.voided.isTrue, 'the record is void');
  assert.equal((await api.query.attribution.challenges(fabricated, 0)).isNone, true);

  // An honest settlement (the engine's own): Ferdie challenges Bob's credit, Eve answers with
  // Bob's file, and Ferdie's deposit is forfeited, half of it to Eve.
  // Slashed below the minimum bond, Eve cannot settle until she bonds the difference again.
  const honest = await request();
  const unbonded = engine('settle', '--url', url, '--seed', '//Eve', '--inference', honest,
    '--output-file', output, '--index', join(dir, 'v1.idx'));
  assert.equal(unbonded.status, 2);
  assert.match(unbonded.stderr, /settlement failed: Attribution\(NotBonded\)/);
  await ok(api.tx.providerBonds.bond(100n * OPEN), eve);
  engineOk('settle', '--url', url, '--seed', '//Eve', '--inference', honest,
    '--output-file', output, '--index', join(dir, 'v1.idx'));
  const ferdieBefore = await free(ferdie);
  engineOk('challenge', '--url', url, '--seed', '//Ferdie', '--inference', honest, '--contribution', ids.cBob);
  const eveBefore = await free(eve);
  const answered = engineOk('answer', '--url', url, '--seed', '//Eve', '--inference', honest,
    '--output-file', output, '--file', join(ids.files, 'fever.txt'));
  assert.match(answered.stdout, /ChallengeRejected/);
  assert.match(answered.stdout, /verdict: rejected/);
  const ferdieLoss = ferdieBefore - (await free(ferdie));
  assert.ok(ferdieLoss >= 10n * OPEN && ferdieLoss < 11n * OPEN, `Ferdie lost ${ferdieLoss}`);
  const eveGain = (await free(eve)) - eveBefore;
  assert.ok(eveGain > 4n * OPEN && eveGain <= 5n * OPEN, `Eve gained ${eveGain} (5 OPEN less fees)`);
  // Bob's credit is back and matures; a second challenge after that is too late.
  await untilMatured(api, bob.address);
  const late = engine('challenge', '--url', url, '--seed', '//Ferdie', '--inference', honest, '--contribution', ids.cBob);
  assert.equal(late.status, 2);
  assert.match(late.stderr, /ChallengePeriodOver/);
  const stale = engine('challenge', '--url', url, '--seed', '//Ferdie', '--inference', honest, '--contribution', 999);
  assert.match(stale.stderr, new RegExp(`inference ${honest} credits no contribution 999`));
  assert.match(stale.stderr, new RegExp(
    `to challenge its omission, give --output-file \\(the output; its provider publishes it at ${OUTPUT_BASE}${honest}\\)`,
  ));

  // Eve settles the output that quotes Bob's file crediting Charlie's alone, leaving Bob out.
  // Bob proves the omission with his file; Eve's only answer would be a longer run covering
  // his in a lineage contribution, and Charlie's file has none: the verdict voids the record.
  const omitting = await request();
  await ok(api.tx.attribution.settleInference(omitting, blake2AsHex(quotesBob, 256), [
    { contribution: ids.cCharlie, share: 1_000_000_000 },
  ]), eve);
  const omission = engineAsync('challenge', '--url', url, '--seed', '//Bob', '--inference', omitting,
    '--contribution', ids.cBob, '--output-file', fabricatedOutput, '--file', join(ids.files, 'fever.txt'),
    '--follow');
  let disputed = null;
  for (let i = 0; i < 30 && !disputed; i += 1) {
    disputed = (await api.query.attribution.challenges(omitting, 0)).unwrapOr(null);
    if (!disputed) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  assert.ok(disputed?.dispute.isOmission, 'an omission challenge is open');
  // The runtime API says where the record stands: open to challenges until its credits mature.
  const standing = (await api.call.attributionApi.standing(omitting)).unwrap();
  assert.equal(standing.voided.isTrue, false);
  assert.deepEqual(standing.open.map((c) => [c.number.toNumber(), c.contribution.toNumber()]), [[0, ids.cBob]]);
  assert.ok(disputed.dispute.asOmission.tokens.toNumber() >= 8);
  const noCover = engine('answer', '--url', url, '--seed', '//Eve', '--inference', omitting,
    '--contribution', ids.cCharlie, '--output-file', fabricatedOutput, '--file', join(ids.files, 'cold.txt'));
  assert.equal(noCover.status, 2, noCover.stdout);
  assert.match(noCover.stderr, /does not answer the omission/);
  const omitted = await omission;
  assert.equal(omitted.status, 0, `${omitted.stdout}\n${omitted.stderr}`);
  assert.match(omitted.stdout, /Omission/);
  assert.match(omitted.stdout, /verdict: upheld/);
  const voided = (await api.query.attribution.inferences(omitting)).unwrap();
  assert.ok(voided.asChallengeable.voided.isTrue, 'the record that left Bob out is void');
  assert.ok((await api.call.attributionApi.standing(omitting)).unwrap().voided.isTrue);

  // Ferdie asks for privacy: Eve (bonded again after her slash) publishes nothing, and settles
  // crediting Charlie alone. Bob cannot check it, and may not challenge it: the command line
  // says so before anything is signed, and the chain refuses it by name; Ferdie may.
  await ok(api.tx.providerBonds.bond(100n * OPEN), eve);
  const privately = eventData(await ok(api.tx.attribution.requestPrivateInference(
    ids.model, 10n * OPEN, blake2AsHex('a private question', 256)), ferdie), 'attribution', 'InferenceRequested');
  assert.equal(privately.private.isTrue, true);
  const secret = privately.inference.toNumber();
  const settledPrivately = await ok(api.tx.attribution.settleInference(secret, blake2AsHex(quotesBob, 256), [
    { contribution: ids.cCharlie, share: 1_000_000_000 },
  ]), eve);
  assert.ok(eventData(settledPrivately, 'attribution', 'InferenceSettled').disclosure.isPrivate);
  assert.ok((await api.call.attributionApi.disclosure(secret)).unwrap().isPrivate);
  const notConsumer = engine('challenge', '--url', url, '--seed', '//Bob', '--inference', secret,
    '--contribution', ids.cCharlie);
  assert.equal(notConsumer.status, 2, notConsumer.stdout);
  assert.match(notConsumer.stderr, new RegExp(`inference ${secret} is private: only its consumer \\(${ferdie.address}\\)`));
  const refused = await sendAndWait(api, api.tx.attribution.challenge(secret, ids.cCharlie), bob);
  assert.equal(refused.error, 'attribution.PrivateRecord');
  engineOk('challenge', '--url', url, '--seed', '//Ferdie', '--inference', secret, '--contribution', ids.cCharlie);
  assert.ok((await api.query.attribution.challenges(secret, 0)).isSome, "the consumer's challenge is open");
});
