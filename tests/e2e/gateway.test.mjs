// The inference gateway end to end: a real `openledger-node --dev`, a real `openledger-gateway`,
// and the official `openai` npm client as the consumer's library. Contributors publish a Datanet
// of real text files (this repository's docs, fetched by the gateway from their file:// and
// http:// URIs); the model is built from them and registered with its artifact hash; a consumer
// pays on chain and asks; the answer quotes the data and cites it; the gateway settles by itself;
// the contributors' rewards are the engine's weights and `openledger-attribute verify` agrees.
// Then what must not go wrong: a crash between answer and settlement, and every bad input.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, connect as tcpConnect } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import canonicalize from 'canonicalize';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  ROOT, startDevNode, connect, devAccounts, submitOk, eventData, freePorts, waitFor, runAsync,
} from './lib/node.mjs';
import { GATEWAY, startGateway as launchGateway } from './lib/gateway.mjs';
import { contentRoot } from '../../scripts/client/content.mjs';

const OPEN = 10n ** 18n;
const FEE = 10n * OPEN;
const TARGET = process.env.CARGO_TARGET_DIR || '/var/tmp/openledger-target';
const ENGINE = join(TARGET, 'release', 'openledger-attribute');
// Where Eve's gateways say they are reached (behind her domain's proxy, as a provider's would
// be): every one of them records the same output base, whatever port it listens on.
const PUBLIC_URL = 'https://gateway.eve.example';

let node;
let api;
let dir;
let files; // the served Datanet files: name → text
let fileServer; // serves one of them over http://
const gateways = [];
// What the first test set up, for the others.
const ids = {};

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  dir = mkdtempSync(join(tmpdir(), 'openledger-gateway-'));
  // Real text: two of this repository's docs, each a contributor's file.
  files = {
    'attribution.md': readFileSync(join(ROOT, 'docs', 'attribution.md'), 'utf8'),
    'rewards.md': readFileSync(join(ROOT, 'docs', 'rewards.md'), 'utf8'),
  };
  mkdirSync(join(dir, 'files'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'files', name), text);
  fileServer = createHttpServer((req, res) => {
    const name = req.url.slice(1);
    if (files[name] === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(files[name]);
  });
  await new Promise((r) => fileServer.listen(0, '127.0.0.1', r));
});

after(async () => {
  for (const gateway of gateways) await gateway.stop();
  fileServer?.close();
  await api?.disconnect();
  await node?.stop();
});

/**
 * Runs the gateway's or the engine's command line to completion, without blocking this process
 * (which serves one of the Datanet's files to it).
 */
const run = runAsync;

/** Starts one of Eve's gateways with `args`; every one is stopped after the tests. */
async function startGateway(args, { dataDir = join(dir, 'gateway-data'), nodeUrl } = {}) {
  const gateway = await launchGateway(args, {
    nodeUrl: nodeUrl ?? `http://127.0.0.1:${node.rpcPort}`, dir, dataDir, publicUrl: PUBLIC_URL,
  });
  gateways.push(gateway);
  return gateway;
}

/** The consumer's side: pays for `body` on chain (its canonical form's hash); the inference id. */
async function pay(body, who, { model = ids.model, fee = FEE } = {}) {
  const requestHash = blake2AsHex(canonicalize(body), 256);
  const events = await submitOk(api, api.tx.attribution.requestInference(model, fee, requestHash), who);
  return eventData(events, 'attribution', 'InferenceRequested').inference.toNumber();
}

/** An `openai` client of `gateway`. */
function client(gateway) {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
}

/** Asks `gateway` with the official client, naming the paid inference in a header. */
function ask(gateway, body, inference) {
  return client(gateway).chat.completions.create(body, { headers: { 'OpenLedger-Inference': String(inference) } });
}

/** The gateway's settlement report of `inference`, once it is final. */
async function settlement(gateway, inference) {
  let status;
  await waitFor(`inference ${inference} settled`, async () => {
    status = await (await fetch(`${gateway.url}/v1/inferences/${inference}`)).json();
    return status.state === 'settled' || status.state === 'failed';
  }, { timeoutMs: 120_000, everyMs: 1000 });
  return status;
}

/** A prompt made of the words of `text` that precede `phrase` (the model continues from there). */
function promptBefore(text, phrase, words = 12) {
  const at = text.indexOf(phrase);
  assert.ok(at > 0, `the file holds ${phrase}`);
  return text.slice(0, at).split(/\s+/).filter(Boolean).slice(-words).join(' ');
}

test('a consumer pays, asks with the openai client and gets an answer that quotes and cites the data, settled by the gateway', async () => {
  const [alice, bob, charlie, dave, eve, ferdie] = devAccounts('Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie');
  const ok = (tx, signer, options) => submitOk(api, tx, signer, options);

  // Alice's open Datanet: Bob's file at a file:// URI, Charlie's at an http:// one; both
  // accepted and published as version 1.
  const created = await ok(api.tx.datanets.createDatanet('gateway-docs', '', [], {
    access: 'Open', contributionDeposit: OPEN, maxContributionBytes: 1_000_000,
  }), alice);
  const datanet = eventData(created, 'datanets', 'DatanetCreated').datanet.toNumber();
  const uris = {
    'attribution.md': `file://${join(dir, 'files', 'attribution.md')}`,
    'rewards.md': `http://127.0.0.1:${fileServer.address().port}/rewards.md`,
  };
  const [cBob, cCharlie] = await Promise.all([['attribution.md', bob], ['rewards.md', charlie]].map(async ([name, who]) => {
    const bytes = Buffer.from(files[name]);
    const events = await ok(api.tx.datanets.contribute(datanet, contentRoot(bytes), bytes.length, uris[name], 'text/markdown', 2n * OPEN), who);
    return eventData(events, 'datanets', 'Contributed').contribution.toNumber();
  }));
  const next = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all([
    ok(api.tx.datanets.review(cBob, 'Accept'), alice, { nonce: next }),
    ok(api.tx.datanets.review(cCharlie, 'Accept'), alice, { nonce: next + 1 }),
    ok(api.tx.datanets.publishVersion(datanet), alice, { nonce: next + 2 }),
  ]);

  // The model is built from the chain and the files alone; Dave registers it with that build's
  // artifact hash and lets Eve serve it. Eve has no bond and no output base yet: the gateway
  // bonds and records its base when it starts.
  const dataDir = join(dir, 'gateway-data');
  const built = await run(GATEWAY, 'build-model', '--node', `http://127.0.0.1:${node.rpcPort}`,
    '--lineage', `${datanet}/1`, '--data-dir', dataDir);
  assert.equal(built.status, 0, built.stderr);
  const artifactHash = built.stdout.trim();
  assert.match(artifactHash, /^0x[0-9a-f]{64}$/);
  const registered = await ok(api.tx.models.registerModel('docs-llm', '', 'Base', artifactHash, '',
    [{ datanet, version: 1 }], FEE), dave);
  const model = eventData(registered, 'models', 'ModelRegistered').model.toNumber();
  await ok(api.tx.models.authorizeProvider(model, eve.address), dave);
  const rebuilt = await run(GATEWAY, 'build-model', '--node', `http://127.0.0.1:${node.rpcPort}`, '--model', model,
    '--data-dir', dataDir);
  assert.equal(rebuilt.status, 0, rebuilt.stderr);
  assert.match(rebuilt.stdout, /its artifact hash is this build's/);
  Object.assign(ids, { datanet, cBob, cCharlie, model, dataDir });

  const gateway = await startGateway(['--key', '//Eve', '--model', model, '--settle-interval-ms', 500]);
  ids.gateway = gateway;
  assert.ok((await api.query.providerBonds.bonds(eve.address)).unwrap().active.toBigInt() >= 1000n * OPEN);
  assert.equal((await api.query.attribution.outputBases(eve.address)).unwrap().toUtf8(), `${PUBLIC_URL}/v1/outputs/`);
  const listed = await client(gateway).models.list();
  assert.deepEqual(listed.data.map((m) => m.id), [String(model)]);

  // Ferdie pays for his request, then asks it with the openai client.
  const body = {
    model: String(model),
    messages: [{ role: 'user', content: promptBefore(files['attribution.md'], 'verbatim') }],
    max_tokens: 40,
    temperature: 0,
  };
  const inference = await pay(body, ferdie, { model });
  const completion = await ask(gateway, body, inference);
  const answer = completion.choices[0].message.content;
  assert.ok(answer.length > 0);
  assert.equal(completion.object, 'chat.completion');
  const { openledger } = completion;
  assert.equal(openledger.inference, inference);
  assert.equal(openledger.outputHash, blake2AsHex(answer, 256));
  assert.equal(openledger.outputUri, `${PUBLIC_URL}/v1/outputs/${inference}`);
  // The answer quotes Bob's file: a citation names his contribution and its URI, and its text
  // is in his file word for word (whitespace aside: it is not a token).
  const words = (s) => s.split(/\s+/).join(' ');
  const cited = openledger.citations.filter((c) => c.contributions.some((x) => x.id === cBob));
  assert.ok(cited.length > 0, JSON.stringify(openledger.citations));
  assert.equal(cited[0].contributions.find((x) => x.id === cBob).uri, uris['attribution.md']);
  assert.ok(cited.every((c) => c.tokens >= 8));
  const shares = openledger.attribution.reduce((sum, e) => sum + e.sharePpb, 0);
  assert.equal(shares, 1_000_000_000);
  assert.ok(openledger.attribution.some((e) => e.contribution === cBob));

  // The gateway settles it by itself; the record is the answer's attribution.
  const status = await settlement(gateway, inference);
  assert.equal(status.state, 'settled', JSON.stringify(status));
  assert.ok(status.block > 0);
  const record = (await api.call.attributionApi.record(inference)).unwrap();
  assert.equal(record.outputHash.toHex(), openledger.outputHash);
  assert.equal(record.provider.toString(), eve.address);
  assert.deepEqual(record.attribution.map((e) => ({ contribution: e.contribution.toNumber(), sharePpb: e.share.toNumber() })),
    openledger.attribution);
  assert.equal((await api.call.attributionApi.disclosure(inference)).unwrap().asPublished.toUtf8(), openledger.outputUri);
  // The output is published where the record says (the public URL's path), for anyone to check.
  const published = await fetch(`${gateway.url}/v1/outputs/${inference}`);
  assert.equal(await published.text(), answer);
  // …and its citations, which any web page may read (the explorer shows them).
  const citations = await fetch(`${gateway.url}/v1/outputs/${inference}/citations`);
  assert.equal(published.headers.get('access-control-allow-origin'), '*');
  assert.equal(citations.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual((await citations.json()).citations, openledger.citations);

  // The contributors' credits are the engine's weights of the data share of the fee.
  const split = await api.call.attributionApi.feeSplit();
  const dataFee = FEE * split.data.toBigInt() / 1_000_000_000n;
  for (const [who, id] of [[bob, cBob], [charlie, cCharlie]]) {
    const entry = openledger.attribution.find((e) => e.contribution === id);
    const { inChallenge } = await api.call.rewardsApi.rewardsOf(who.address);
    assert.equal(inChallenge.data.toBigInt(), entry ? dataFee * BigInt(entry.sharePpb) / 1_000_000_000n : 0n);
  }

  // Anyone with the files can check it: the engine's verify, on the gateway's own cached index.
  const output = join(dir, `output-${inference}.txt`);
  writeFileSync(output, answer);
  const indexes = readdirSync(join(dataDir, 'indexes')).filter((f) => f.endsWith('.idx'));
  assert.equal(indexes.length, 1);
  const verified = await run(ENGINE, 'verify', '--url', `http://127.0.0.1:${node.rpcPort}`, '--inference', inference,
    '--output-file', output, '--index', join(dataDir, 'indexes', indexes[0]));
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /matches the chain's record/);

  // The operator's view.
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  assert.match(metrics, /openledger_gateway_settled_total 1\b/);
  assert.match(metrics, /openledger_gateway_requests_total\{endpoint="chat",status="200"\} 1\b/);
});

test('the completions endpoint and a private request: answered, settled, and nothing published', async () => {
  const [ferdie] = devAccounts('Ferdie');
  const gateway = ids.gateway;
  const body = { model: String(ids.model), prompt: promptBefore(files['rewards.md'], 'matur'), max_tokens: 24 };
  const requestHash = blake2AsHex(canonicalize(body), 256);
  const events = await submitOk(api, api.tx.attribution.requestPrivateInference(ids.model, FEE, requestHash), ferdie);
  const inference = eventData(events, 'attribution', 'InferenceRequested').inference.toNumber();
  // The body may name the inference too (the openai client passes unknown members through).
  const completion = await client(gateway).completions.create({ ...body, openledger: { inference } });
  assert.equal(completion.object, 'text_completion');
  assert.ok(completion.choices[0].text.length > 0);
  assert.equal(completion.openledger.private, true);
  assert.equal(completion.openledger.outputUri, null);
  assert.equal((await settlement(gateway, inference)).state, 'settled');
  assert.equal((await api.call.attributionApi.disclosure(inference)).unwrap().isPrivate, true);
  assert.equal((await fetch(`${gateway.url}/v1/outputs/${inference}`)).status, 404);
  assert.equal((await fetch(`${gateway.url}/v1/outputs/${inference}/citations`)).status, 404);
});

test('a challenge of a credit the gateway settled is answered by the gateway itself, with a span witness', async () => {
  const [charlie, ferdie] = devAccounts('Charlie', 'Ferdie');
  const gateway = ids.gateway;
  const body = { model: String(ids.model), messages: [{ role: 'user', content: promptBefore(files['attribution.md'], 'verbatim') }], max_tokens: 30 };
  const inference = await pay(body, ferdie);
  const completion = await ask(gateway, body, inference);
  assert.ok(completion.openledger.attribution.some((e) => e.contribution === ids.cBob));
  assert.equal((await settlement(gateway, inference)).state, 'settled');
  // Charlie disputes the credit to Bob's file, in its challenge period, with his deposit.
  const opened = eventData(await submitOk(api, api.tx.attribution.challenge(inference, ids.cBob), charlie),
    'attribution', 'ChallengeOpened');
  const number = opened.challenge.toNumber();
  // Nobody answers by hand: the gateway sees the challenge and answers it within the response
  // period, so it is rejected (an unanswered one stays open until someone asks for the verdict)
  // and the credit stands.
  const answered = async () => /openledger_gateway_challenges_answered_total 1\b/
    .test(await (await fetch(`${gateway.url}/metrics`)).text());
  await waitFor('the challenge answered', async () => (await api.query.attribution.challenges(inference, number)).isNone
    && answered(), { timeoutMs: 60_000, everyMs: 1000 });
  const record = (await api.call.attributionApi.record(inference)).unwrap();
  assert.ok(record.attribution.some((e) => e.contribution.toNumber() === ids.cBob));
});

test('`ol ask` pays, asks, prints the answer with the data it quotes and where the fee went', async () => {
  const question = promptBefore(files['attribution.md'], 'verbatim');
  const asked = await run(process.execPath, join(ROOT, 'scripts', 'client', 'openledger.mjs'), 'ask',
    '--url', node.url, '--seed', '//Ferdie', '--gateway', ids.gateway.url, '--model', ids.model, '--max-tokens', 30, question);
  assert.equal(asked.status, 0, asked.stderr);
  assert.match(asked.stderr, /Inference \d+ paid \(10 OPEN\)/);
  assert.match(asked.stderr, new RegExp(`quotes \\d+ tokens of contribution ${ids.cBob} \\(file://`));
  assert.match(asked.stderr, /Settled in block \d+: the data 5 OPEN \(contribution \d+ [\d.]+%.*\), the model 2 OPEN, the provider 2 OPEN, the pool 1 OPEN\./);
  assert.ok(asked.stdout.trim().length > 0, 'the answer is printed');
  // --json: the same as one object, the payout in the smallest unit.
  const json = await run(process.execPath, join(ROOT, 'scripts', 'client', 'openledger.mjs'), 'ask', '--json',
    '--url', node.url, '--seed', '//Ferdie', '--gateway', ids.gateway.url, '--model', ids.model, '--max-tokens', 30, question);
  const result = JSON.parse(json.stdout);
  assert.equal(result.answer, asked.stdout.trim());
  assert.equal(BigInt(result.payout.data), 5n * OPEN);
  assert.ok(result.citations.length > 0);
  // A gateway that is not there: the paid inference is said to stay refundable.
  const away = await run(process.execPath, join(ROOT, 'scripts', 'client', 'openledger.mjs'), 'ask',
    '--url', node.url, '--seed', '//Ferdie', '--gateway', 'http://127.0.0.1:1', '--model', ids.model, question);
  assert.equal(away.status, 1);
  assert.match(away.stderr, /cannot reach the gateway at http:\/\/127\.0\.0\.1:1 .*inference \d+ stays paid and unanswered: take the fee back with attribution\.refund after \d+ blocks/);
});

test('a gateway that crashes after answering settles what it answered when it starts again', async () => {
  const [ferdie] = devAccounts('Ferdie');
  // The running gateway stops cleanly; one that never settles in time takes its place.
  await ids.gateway.stop();
  const slow = await startGateway(['--key', '//Eve', '--model', ids.model, '--settle-interval-ms', 3_600_000]);
  const body = { model: String(ids.model), messages: [{ role: 'user', content: 'How are rewards paid?' }], max_tokens: 16 };
  const inference = await pay(body, ferdie);
  const completion = await ask(slow, body, inference);
  assert.equal((await (await fetch(`${slow.url}/v1/inferences/${inference}`)).json()).state, 'answered');
  await slow.kill(); // SIGKILL: no clean shutdown
  assert.ok((await api.call.attributionApi.pendingInference(inference)).isSome, 'not settled before the crash');

  const restarted = await startGateway(['--key', '//Eve', '--model', ids.model, '--settle-interval-ms', 500]);
  ids.gateway = restarted;
  assert.equal((await settlement(restarted, inference)).state, 'settled');
  const record = (await api.call.attributionApi.record(inference)).unwrap();
  assert.equal(record.outputHash.toHex(), completion.openledger.outputHash);
  // Asking again for an inference answered before the crash is refused, not answered twice.
  await assert.rejects(ask(restarted, body, inference), (e) => e.status === 409);
});

test('every bad request gets a named error with a fitting status, and no paid request is lost', async () => {
  const [ferdie] = devAccounts('Ferdie');
  const gateway = ids.gateway;
  const body = { model: String(ids.model), messages: [{ role: 'user', content: 'What is a Datanet?' }], max_tokens: 8 };
  const refused = async (promise, status, code) => {
    await assert.rejects(promise, (e) => {
      assert.equal(e.status, status, e.message);
      assert.equal(e.code, code, e.message);
      return true;
    });
  };
  // Unpaid: no inference named.
  await refused(client(gateway).chat.completions.create(body), 402, 'payment_required');
  // An inference nobody paid for.
  await refused(ask(gateway, body, 1_000_000), 404, 'unknown_inference');
  // A request other than the one paid for (one word changed), and a model this gateway does not
  // serve: neither is answered, and the payment stays pending and refundable.
  const paid = await pay(body, ferdie);
  await refused(ask(gateway, { ...body, max_tokens: 9 }, paid), 402, 'payment_mismatch');
  await refused(ask(gateway, { ...body, model: '77' }, paid), 404, 'model_not_found');
  // Bad settings; a body over the limit; not JSON.
  await refused(ask(gateway, { ...body, max_tokens: 100_000 }, paid), 400, 'invalid_request');
  await refused(ask(gateway, { ...body, n: 3 }, paid), 400, 'invalid_request');
  await refused(ask(gateway, { ...body, messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }, paid),
    413, 'request_too_large');
  const malformed = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST', body: '{"model": ', headers: { 'content-type': 'application/json', 'OpenLedger-Inference': String(paid) },
  });
  assert.equal(malformed.status, 400);
  assert.equal((await malformed.json()).error.code, 'invalid_request');
  assert.equal((await fetch(`${gateway.url}/v1/inferences/${paid}`)).status, 404, 'nothing was claimed');
  assert.ok((await api.call.attributionApi.pendingInference(paid)).isSome);

  // The right request is answered once; again, it is refused as answered, then as settled.
  await ask(gateway, body, paid);
  await refused(ask(gateway, body, paid), 409, 'already_answered');
  await settlement(gateway, paid);

  // The node away: the gateway reaches it through a proxy that then closes.
  const [proxyPort] = await freePorts(1);
  const sockets = new Set();
  const proxy = createTcpServer((socket) => {
    const upstream = tcpConnect(node.rpcPort, '127.0.0.1');
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise((r) => proxy.listen(proxyPort, '127.0.0.1', r));
  const cut = await startGateway(['--key', '//Eve', '--model', ids.model, '--settle-interval-ms', 3_600_000],
    { dataDir: join(dir, 'cut-data'), nodeUrl: `http://127.0.0.1:${proxyPort}` });
  await new Promise((r) => proxy.close(r));
  for (const socket of sockets) socket.destroy();
  const unanswered = await pay(body, ferdie);
  await refused(ask(cut, body, unanswered), 503, 'node_unavailable');
  await cut.stop();

  // Unanswered and past RefundTimeout, Ferdie takes his fee back; asked then, the gateway
  // refuses it as no longer pending.
  const due = (await api.query.system.number()).toNumber() + api.consts.attribution.refundTimeout.toNumber();
  await waitFor(`block ${due}`, async () => (await api.query.system.number()).toNumber() >= due, { timeoutMs: 180_000 });
  await submitOk(api, api.tx.attribution.refund(unanswered), ferdie);
  await refused(ask(gateway, body, unanswered), 409, 'not_pending');
  // A settled one is refused as settled by a gateway that did not answer it.
  const other = await startGateway(['--key', '//Eve', '--model', ids.model], { dataDir: join(dir, 'other-data') });
  await refused(ask(other, body, paid), 409, 'already_settled');
  await other.stop();
});

test('any OpenAI-compatible server can be the backend: here a second gateway, its outputs attributed and settled the same way', async () => {
  const [dave, ferdie] = devAccounts('Dave', 'Ferdie');
  // The upstream: a gateway serving the built-in model of the Datanet to anyone, as vLLM or
  // llama.cpp's server would serve weights.
  const upstream = await startGateway(['--backend-only', '--model', ids.model], { dataDir: join(dir, 'upstream-data') });
  const direct = await client(upstream).chat.completions.create({
    model: String(ids.model), messages: [{ role: 'user', content: promptBefore(files['rewards.md'], 'matur') }], max_tokens: 20,
  });
  assert.ok(direct.choices[0].message.content.length > 0);
  assert.equal(direct.openledger, undefined, 'a backend attributes nothing');

  // Dave registers a second model on the same data (his own weights' hash: it is not the
  // built-in model) and serves it himself through a gateway configured by file, whose backend is
  // the upstream.
  const registered = await submitOk(api, api.tx.models.registerModel('docs-llm-served', '', 'Base',
    blake2AsHex('dave-weights', 256), '', [{ datanet: ids.datanet, version: 1 }], FEE), dave);
  const model = eventData(registered, 'models', 'ModelRegistered').model.toNumber();
  await submitOk(api, api.tx.models.authorizeProvider(model, dave.address), dave);
  const config = join(dir, 'dave.toml');
  writeFileSync(config, [
    'key = "//Dave"',
    'settle-interval-ms = 500',
    '[[models]]',
    `id = ${model}`,
    `backend = { kind = "openai", url = "${upstream.url}/v1", model = "${ids.model}" }`,
  ].join('\n'));
  const gateway = await startGateway(['--config', config], { dataDir: join(dir, 'dave-data') });

  const body = { model: String(model), messages: [{ role: 'user', content: promptBefore(files['rewards.md'], 'matur') }], max_tokens: 20 };
  const inference = await pay(body, ferdie, { model });
  const completion = await ask(gateway, body, inference);
  // The upstream's answer, attributed to the data it quotes and settled by Dave's gateway.
  assert.equal(completion.choices[0].message.content, direct.choices[0].message.content);
  assert.ok(completion.openledger.citations.length > 0);
  assert.ok(completion.openledger.attribution.some((e) => e.contribution === ids.cCharlie));
  assert.equal((await settlement(gateway, inference)).state, 'settled');
  const record = (await api.call.attributionApi.record(inference)).unwrap();
  assert.equal(record.provider.toString(), dave.address);
  assert.equal(record.outputHash.toHex(), completion.openledger.outputHash);

  // The upstream away: the paid request is refused as unavailable and stays pending.
  await upstream.stop();
  const unanswered = await pay({ ...body, max_tokens: 21 }, ferdie, { model });
  await assert.rejects(ask(gateway, { ...body, max_tokens: 21 }, unanswered), (e) => e.status === 503 && e.code === 'backend_unavailable');
  assert.ok((await api.call.attributionApi.pendingInference(unanswered)).isSome);
  await gateway.stop();
});

test("a lineage file that does not match its commitment is refused, and the gateway does not serve it", async () => {
  const [alice, bob, dave, eve] = devAccounts('Alice', 'Bob', 'Dave', 'Eve');
  const ok = (tx, signer, options) => submitOk(api, tx, signer, options);
  const created = await ok(api.tx.datanets.createDatanet('gateway-bad', '', [], {
    access: 'Open', contributionDeposit: OPEN, maxContributionBytes: 1_000_000,
  }), alice);
  const datanet = eventData(created, 'datanets', 'DatanetCreated').datanet.toNumber();
  // Bob commits to one text and points at a file holding another.
  const committed = Buffer.from('the text Bob committed to, which nobody can fetch');
  writeFileSync(join(dir, 'swapped.txt'), 'another text of the same length, swapped in later!');
  const events = await ok(api.tx.datanets.contribute(datanet, contentRoot(committed), committed.length,
    `file://${join(dir, 'swapped.txt')}`, '', 2n * OPEN), bob);
  const contribution = eventData(events, 'datanets', 'Contributed').contribution.toNumber();
  await ok(api.tx.datanets.review(contribution, 'Accept'), alice);
  await ok(api.tx.datanets.publishVersion(datanet), alice);
  const built = await run(GATEWAY, 'build-model', '--node', `http://127.0.0.1:${node.rpcPort}`,
    '--lineage', `${datanet}/1`, '--data-dir', join(dir, 'bad-data'));
  assert.equal(built.status, 2);
  assert.match(built.stderr, new RegExp(`contribution ${contribution} of Datanet ${datanet}: the file from .* does not match its commitment`));

  // Registered anyway (with some hash), the gateway refuses to start serving it, by name.
  const registered = await ok(api.tx.models.registerModel('bad-llm', '', 'Base', blake2AsHex('x', 256), '',
    [{ datanet, version: 1 }], FEE), dave);
  const model = eventData(registered, 'models', 'ModelRegistered').model.toNumber();
  await ok(api.tx.models.authorizeProvider(model, eve.address), dave);
  const serve = await run(GATEWAY, 'serve', '--node', `http://127.0.0.1:${node.rpcPort}`, '--key', '//Eve',
    '--model', model, '--data-dir', join(dir, 'bad-data'));
  assert.equal(serve.status, 2);
  assert.match(serve.stderr, /does not match its commitment/);
  // And a model whose registered hash is not its lineage's ∞-gram model is not served as one.
  const wrong = await ok(api.tx.models.registerModel('misnamed-llm', '', 'Base', blake2AsHex('y', 256), '',
    [{ datanet: ids.datanet, version: 1 }], FEE), dave);
  const misnamed = eventData(wrong, 'models', 'ModelRegistered').model.toNumber();
  await ok(api.tx.models.authorizeProvider(misnamed, eve.address), dave);
  const refusedStart = await run(GATEWAY, 'serve', '--node', `http://127.0.0.1:${node.rpcPort}`, '--key', '//Eve',
    '--model', misnamed, '--data-dir', join(dir, 'misnamed-data'));
  assert.equal(refusedStart.status, 2);
  assert.match(refusedStart.stderr, /is registered with artifact hash 0x[0-9a-f]+, but the ∞-gram model of its lineage is/);
});

test('`scripts/gateway.sh --demo` publishes, builds, registers and serves a model in one command, and `ol ask` is answered', async () => {
  // The demo serves as Eve: her other gateways stop first, so that one process signs for her.
  for (const gateway of gateways) await gateway.stop();
  const [port] = await freePorts(1);
  const logFile = join(dir, 'demo.log');
  const demo = spawn('bash', [join(ROOT, 'scripts', 'gateway.sh'), '--demo', '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
    env: { ...process.env, OPENLEDGER_GATEWAY: GATEWAY, OPENLEDGER_URL: node.url, OPENLEDGER_GATEWAY_DATA: join(dir, 'demo-data') },
  });
  const exited = new Promise((r) => demo.once('exit', r));
  gateways.push({ stop: async () => { if (demo.exitCode === null) demo.kill('SIGTERM'); await exited; } });
  await waitFor('the demo gateway serves', async () => {
    assert.equal(demo.exitCode, null, readFileSync(logFile, 'utf8'));
    return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
  }, { timeoutMs: 300_000, everyMs: 2000 });
  const model = Number(/model (\d+) \(artifact hash 0x[0-9a-f]{64}\) is served by Eve/.exec(readFileSync(logFile, 'utf8'))[1]);
  const asked = await run(process.execPath, join(ROOT, 'scripts', 'client', 'openledger.mjs'), 'ask', '--json',
    '--url', node.url, '--seed', '//Ferdie', '--gateway', `http://127.0.0.1:${port}`, '--model', model,
    promptBefore(files['rewards.md'], 'matur'));
  assert.equal(asked.status, 0, asked.stderr);
  const result = JSON.parse(asked.stdout);
  assert.ok(result.citations.length > 0);
  assert.ok(result.block > 0);
});
