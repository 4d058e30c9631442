// The explorer in a real browser (Debian's Chromium, driven by playwright-core). A scripted
// journey on a dev node: a Datanet, a model, an inference settled to two contributors with its
// output published, another voided by an upheld challenge, a referendum with a vote, an agent's
// task. Then scripts/explorer.sh starts
// PostgreSQL, the indexer, GraphQL and the web app: every page loads without a console error and
// shows what the node's runtime APIs say (agents and tasks too); Bob claims from the browser
// through a wallet extension (a dev keyring injected where an extension would be) and his
// balance moves; the indexer, killed and restarted while the chain moves on, resumes and its
// figures stay right. Screenshots of every page go to $OPENLEDGER_ARTIFACTS/explorer (default
// /var/tmp/openledger-artifacts/explorer).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  devAccounts, eventData, finalized, freePorts, modelOnPublishedData, proposeReferendum,
  startDevNode, submitOk, untilBlock, untilMatured, waitFor,
} from './lib/node.mjs';
import { launchChromium, startExplorer } from './lib/explorer.mjs';
import { contentRoot } from '../../scripts/client/content.mjs';
import { rpc as openledgerRpc } from '../../scripts/openledger-rpc.mjs';
import { ApiPromise, WsProvider } from '@polkadot/api';

const OPEN = 10n ** 18n;
const ARTIFACTS = join(process.env.OPENLEDGER_ARTIFACTS || '/var/tmp/openledger-artifacts', 'explorer');
const ANSWER = 'Rest, drink plenty of fluids and take paracetamol for the fever.';
const [alice, bob, charlie, dave, eve, ferdie] = devAccounts('Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie');

let node, api, explorer, browser, outputs;
const ids = {};

const ok = (tx, signer, options) => submitOk(api, tx, signer, options);

/**
 * The published outputs and their citations, as a provider's gateway serves them to any page
 * (`/v1/outputs/{id}` and `/v1/outputs/{id}/citations`; gateway.test.mjs checks the real one's).
 */
function serveOutputs(port) {
  const texts = new Map();
  const citations = new Map();
  const server = createServer((req, res) => {
    const [, id, what] = req.url.match(/^\/v1\/outputs\/(\d+)(\/citations)?$/) ?? [];
    const body = what ? (citations.has(id) ? JSON.stringify({ inference: Number(id), citations: citations.get(id) }) : undefined)
      : texts.get(id);
    res.writeHead(body === undefined ? 404 : 200,
      { 'content-type': what ? 'application/json' : 'text/plain', 'access-control-allow-origin': '*' });
    res.end(body ?? 'not found');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ texts, citations, server })));
}

/** Waits until the node's best block as it is now is final, and the indexer has written it. */
async function indexerCaughtUp() {
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitFor(`block ${head} final`, async () => (await finalized(node.rpcPort)).number >= head, { everyMs: 1000 });
  await explorer.reach(head);
}

const gql = (query) => explorer.gql(query);

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const [output] = await freePorts(1);
  // The indexer reads storage at old blocks: the node keeps every canonical block's state.
  node = await startDevNode(['--state-pruning', 'archive-canonical']);
  api = await ApiPromise.create({ provider: new WsProvider(node.url), rpc: openledgerRpc, noInitWarn: true });
  outputs = await serveOutputs(output);

  // The journey: Eve publishes outputs here; Bob's and Charlie's data in Alice's Datanet; Dave's
  // model on it; Ferdie pays for an inference that Eve settles 70 % to Bob, 30 % to Charlie.
  await ok(api.tx.attribution.setOutputBase(`http://127.0.0.1:${output}/v1/outputs/`), eve);
  const { datanet, contributions: [cBob, cCharlie], model } = await modelOnPublishedData(
    api, 'health', [['fever: rest and fluids', bob], ['paracetamol lowers a fever', charlie]], 10n * OPEN);
  const requested = await ok(api.tx.attribution.requestInference(model, 10n * OPEN, blake2AsHex('a fever?', 256)), ferdie);
  const inference = eventData(requested, 'attribution', 'InferenceRequested').inference.toNumber();
  outputs.texts.set(String(inference), ANSWER);
  outputs.citations.set(String(inference), [
    { text: 'drink plenty of fluids', tokenStart: 1, tokens: 4, contributions: [{ id: cBob, uri: 'ipfs://bob' }] },
    { text: 'paracetamol for the fever', tokenStart: 7, tokens: 4, contributions: [{ id: cCharlie, uri: 'ipfs://charlie' }] },
  ]);
  const settled = await ok(api.tx.attribution.settleInference(inference, blake2AsHex(ANSWER, 256), [
    { contribution: cBob, share: 700_000_000 }, { contribution: cCharlie, share: 300_000_000 },
  ]), eve);
  const { record } = eventData(settled, 'attribution', 'InferenceSettled');
  // Another, its whole data part credited to Bob's data, which Charlie challenges; Eve does not
  // answer, so it is upheld: the record is void, and nobody's earnings count it any more.
  const again = await ok(api.tx.attribution.requestInference(model, 10n * OPEN, blake2AsHex('a cold?', 256)), ferdie);
  const voided = eventData(again, 'attribution', 'InferenceRequested').inference.toNumber();
  outputs.texts.set(String(voided), 'Not from the data.');
  outputs.citations.set(String(voided), []);
  await ok(api.tx.attribution.settleInference(voided, blake2AsHex('Not from the data.', 256),
    [{ contribution: cBob, share: 1_000_000_000 }]), eve);
  const opened = await ok(api.tx.attribution.challenge(voided, cBob), charlie);
  const { challenge, respondBy } = eventData(opened, 'attribution', 'ChallengeOpened');
  await untilBlock(api, respondBy.toNumber() + 1);
  await ok(api.tx.attribution.decideChallenge(voided, challenge), charlie);
  await ok(api.tx.providerBonds.bond(100n * OPEN), eve); // back to the minimum after the slash
  // A referendum on the root track, with Charlie's vote.
  const referendum = await proposeReferendum(api, alice, { system: 'Root' }, api.tx.system.remark('explorer'));
  await ok(api.tx.convictionVoting.vote(referendum, {
    Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: 50n * OPEN },
  }), charlie);
  // Ferdie's agent, run by Dave, buys an inference for Charlie's task.
  const registered = await ok(api.tx.agents.registerAgent(dave.address,
    { name: 'triage', descriptionUri: '', endpointUri: '' }, [model], OPEN, 100n * OPEN), ferdie);
  const agent = eventData(registered, 'agents', 'AgentRegistered').agent.toNumber();
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const taskOpened = await ok(api.tx.agents.openTask(agent, 20n * OPEN, OPEN, blake2AsHex('triage a fever', 256), best + 60), charlie);
  const task = eventData(taskOpened, 'agents', 'TaskOpened').task.toNumber();
  await ok(api.tx.agents.buyInference(task, model, 10n * OPEN, blake2AsHex('step 1', 256)), dave);
  Object.assign(ids, { datanet, model, inference, voided, cBob, cCharlie, referendum, agent, task, payout: record.payout.toJSON() });
  await untilMatured(api, bob.address);

  explorer = await startExplorer(node.url);
  await indexerCaughtUp();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await explorer?.stop();
  outputs?.server.close();
  await api?.disconnect();
  await node?.stop();
});

/** A page with a dev keyring where a wallet extension would inject itself, and its console errors. */
async function openPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2729 });
  for (const name of ['Alice', 'Bob', 'Charlie']) keyring.addFromUri(`//${name}`, { name });
  await page.exposeFunction('devKeyringSign', (payload) => {
    const extrinsic = api.registry.createType('ExtrinsicPayload', payload, { version: payload.version });
    return extrinsic.sign(keyring.getPair(payload.address)).signature;
  });
  const accounts = keyring.getPairs().map((p) => ({ address: p.address, name: p.meta.name, type: 'sr25519' }));
  await page.addInitScript((accounts) => {
    window.injectedWeb3 = {
      'dev-keyring': {
        version: '1.0.0',
        enable: async () => ({
          accounts: { get: async () => accounts, subscribe: (cb) => { cb(accounts); return () => undefined; } },
          signer: {
            signPayload: async (payload) => ({ id: 1, signature: await window.devKeyringSign(payload) }),
          },
        }),
      },
    };
  }, accounts);
  return { page, errors };
}

/** Opens `path` and waits until it is drawn; saves its screenshot. */
async function visit(page, path, shot) {
  const started = Date.now();
  const url = `${explorer.webUrl}/#${path}`;
  // The same address again is no navigation: load the page anew.
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.waitForFunction((p) => document.body.dataset.page === p, path, { timeout: 60_000 });
  const error = await page.$('#page-error');
  assert.equal(error ? await error.textContent() : null, null, `${path} loaded`);
  await page.waitForTimeout(500); // the charts' first frame
  await page.screenshot({ path: join(ARTIFACTS, `${shot}.png`), fullPage: true });
  console.error(`${path}: drawn in ${Date.now() - started} ms`);
}

const figure = (page, name) => page.$eval(`[data-figure="${name}"]`, (e) => e.dataset.value);

test('every page loads without a console error and shows what the runtime APIs say', async () => {
  const { page, errors } = await openPage();

  await visit(page, '/', 'overview');
  const next = (await api.query.attribution.nextInferenceId()).toString();
  assert.equal(await figure(page, 'inferences'), next, 'inferences indexed = the chain\'s count');
  await page.waitForFunction(() => document.querySelector('[data-figure="chain-inferences"]').dataset.value !== '');
  assert.equal(await figure(page, 'chain-inferences'), next);
  const best = Number(await figure(page, 'best'));
  assert.ok(best > 0 && best <= (await api.rpc.chain.getHeader()).number.toNumber() + 1, `best block ${best}`);
  assert.match(await page.textContent('#pool'), /100\.00 %/, 'Eve settled every inference');

  await visit(page, '/datanets', 'datanets');
  await visit(page, `/datanet/${ids.datanet}`, 'datanet');
  const datanet = (await api.rpc.openledger.datanet(ids.datanet)).toJSON();
  assert.equal(await figure(page, 'accepted'), String(datanet.counters.accepted));
  assert.equal(await figure(page, 'chain-accepted'), String(datanet.counters.accepted));
  assert.equal(await page.textContent(`[data-weight="${bob.address}"]`), '70.00 %');
  assert.equal(await page.textContent(`[data-weight="${charlie.address}"]`), '30.00 %');

  await visit(page, '/models', 'models');
  await visit(page, `/model/${ids.model}`, 'model');
  const model = (await api.rpc.openledger.model(ids.model)).toJSON();
  assert.equal(await figure(page, 'fee'), String(model.inferenceFee));
  assert.equal(await figure(page, 'chain-fee'), String(model.inferenceFee));

  await visit(page, `/inference/${ids.inference}`, 'inference');
  for (const [name, part] of [['to-data', 'data'], ['to-model', 'model'], ['to-provider', 'provider'], ['to-pool', 'pool']]) {
    assert.equal(BigInt(await figure(page, name)), BigInt(ids.payout[part]), name);
  }
  const record = (await api.rpc.openledger.attributionRecord(ids.inference)).toJSON();
  assert.equal(await figure(page, 'chain-entries'), String(record.attribution.length));
  await page.waitForFunction((text) => document.getElementById('output').textContent === text, ANSWER);
  await page.waitForSelector('#output mark');
  assert.deepEqual(await page.$$eval('#output mark', (marks) => marks.map((m) => [m.textContent, m.dataset.cited])),
    [['drink plenty of fluids', String(ids.cBob)], ['paracetamol for the fever', String(ids.cCharlie)]], 'the cited spans');
  await visit(page, `/inference/${ids.voided}`, 'inference-voided');
  assert.equal(await figure(page, 'status'), 'Voided');
  assert.equal(BigInt(await figure(page, 'to-pool')), 10n * OPEN, 'a void record\'s fee went to the pool');

  await visit(page, `/account/${bob.address}`, 'account');
  const pending = (await api.rpc.openledger.pendingRewards(bob.address)).toJSON();
  assert.equal(await figure(page, 'claimable'), String(pending.total));
  assert.equal(await figure(page, 'free'), (await api.query.system.account(bob.address)).data.free.toString());

  await visit(page, '/governance', 'governance');
  const info = (await api.query.referenda.referendumInfoFor(ids.referendum)).unwrap().asOngoing;
  const row = await page.$$eval('#referenda tbody tr', (rows) => rows.map((r) => r.textContent));
  assert.ok(row.some((text) => text.startsWith(`#${ids.referendum}`)), 'the referendum is listed');
  const indexed = await gql(`{ referendumById(id: "${ids.referendum}") { ayes support } }`);
  assert.equal(indexed.referendumById.ayes, info.tally.ayes.toString(), 'its tally');

  assert.deepEqual(errors, [], 'no console errors');
  await page.close();
});

test('agents and their tasks are indexed as the runtime API shows them', async () => {
  const { agentById: agent, taskById: task } = await gql(`{
    agentById(id: "${ids.agent}") { stake price status owner { id } operator }
    taskById(id: "${ids.task}") { budget spent status user { id } inferences { id fee status } } }`);
  const onChain = (await api.rpc.openledger.agent(ids.agent)).toJSON();
  assert.deepEqual([agent.stake, agent.price, agent.owner.id, agent.operator, agent.status],
    [onChain.stake, onChain.price, onChain.owner, onChain.operator, onChain.status]);
  const taskOnChain = (await api.rpc.openledger.task(ids.task)).toJSON();
  assert.equal(task.user.id, taskOnChain.user);
  assert.equal(task.inferences.length, taskOnChain.inferences.length);
  assert.equal(task.spent, taskOnChain.spent);
  assert.equal(task.spent, String(task.inferences.reduce((sum, i) => sum + BigInt(i.fee), 0n)));
});

test('a claim from the browser, signed by the wallet, moves the balance', async () => {
  const { page, errors } = await openPage();
  await visit(page, '/', 'wallet');
  await page.click('#connect-wallet');
  await page.waitForSelector('#wallet-account');
  await page.selectOption('#wallet-account', bob.address);
  await visit(page, `/account/${bob.address}`, 'account-connected');
  const claimable = BigInt((await api.rpc.openledger.pendingRewards(bob.address)).toJSON().total);
  assert.ok(claimable > 0n, 'Bob has something to claim');
  const before = (await api.query.system.account(bob.address)).data.free.toBigInt();
  await page.click('#claim');
  await page.waitForFunction(() => /claimed in block|refused|failed/.test(document.getElementById('action-status').textContent),
    null, { timeout: 60_000 });
  assert.match(await page.textContent('#action-status'), /claimed in block/);
  const afterwards = (await api.query.system.account(bob.address)).data.free.toBigInt();
  // The claim pays what was claimable, less the transaction's fee.
  assert.ok(afterwards > before && afterwards <= before + claimable, `${before} → ${afterwards}`);
  assert.equal(BigInt((await api.rpc.openledger.pendingRewards(bob.address)).toJSON().total), 0n);

  await indexerCaughtUp();
  await visit(page, `/account/${bob.address}`, 'account-claimed');
  assert.equal(BigInt(await figure(page, 'claimed')), claimable, 'the claim is indexed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a contributor contributes a file from the browser, and the Datanet\'s owner accepts it there', async () => {
  const { page, errors } = await openPage();
  const connect = async (who) => {
    if (await page.$('#connect-wallet')) await page.click('#connect-wallet'); // once a page
    await page.waitForSelector('#wallet-account');
    await page.selectOption('#wallet-account', who.address);
  };
  await visit(page, '/', 'contribute-start');
  await connect(bob);
  await visit(page, `/account/${bob.address}`, 'account-contribute');
  const file = Buffer.from('Fever in children: keep them hydrated, and see a doctor above 39 °C.');
  await page.fill('#contribute input[name=datanet]', String(ids.datanet));
  await page.setInputFiles('#contribute input[name=file]', { name: 'fever.txt', mimeType: 'text/plain', buffer: file });
  await page.fill('#contribute input[name=uri]', 'ipfs://fever-children');
  await page.click('#contribute button[type=submit]');
  await page.waitForFunction(() => /contributed in block|refused|failed/.test(document.getElementById('action-status').textContent),
    null, { timeout: 60_000 });
  assert.match(await page.textContent('#action-status'), /contributed in block/);
  // On chain as the command-line client would have made it: the file's content root, its size.
  const mine = (await api.rpc.openledger.contributions(bob.address)).toJSON().items;
  const made = mine.find((c) => c.uri === 'ipfs://fever-children');
  assert.ok(made, JSON.stringify(mine));
  assert.equal(made.contentHash, contentRoot(file));
  assert.equal(Number(made.sizeBytes), file.length);
  assert.equal(made.status, 'Pending');

  // Alice, the Datanet's owner, accepts it from the Datanet's page.
  await indexerCaughtUp();
  await connect(alice);
  await visit(page, `/datanet/${ids.datanet}`, 'datanet-review');
  await page.click(`[data-accept="${made.id}"]`);
  await page.waitForFunction(() => /accepted in block|refused|failed/.test(document.getElementById('review-status').textContent),
    null, { timeout: 60_000 });
  assert.match(await page.textContent('#review-status'), /accepted in block/);
  const after = (await api.rpc.openledger.contributions(bob.address)).toJSON().items.find((c) => c.id === made.id);
  assert.equal(after.status, 'Accepted');
  await indexerCaughtUp();
  const { contributionById } = await gql(`{ contributionById(id: "${made.id}") { status uri reviews { verdict reviewer { id } } } }`);
  assert.deepEqual(contributionById, { status: 'Accepted', uri: 'ipfs://fever-children',
    reviews: [{ verdict: 'Accepted', reviewer: { id: alice.address } }] });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the indexer, killed while the chain moves on, resumes and its figures stay right', async () => {
  const pid = explorer.indexerPid();
  process.kill(pid, 'SIGKILL');
  // While it is down: another inference, settled entirely to Charlie's data.
  const requested = await ok(api.tx.attribution.requestInference(ids.model, 10n * OPEN, blake2AsHex('again?', 256)), ferdie);
  const inference = eventData(requested, 'attribution', 'InferenceRequested').inference.toNumber();
  const cCharlie = (await gql(`{ contributions(where: { contributor: { id_eq: "${charlie.address}" } }) { id } }`)).contributions[0].id;
  await ok(api.tx.attribution.settleInference(inference, blake2AsHex('rest', 256), [{ contribution: Number(cCharlie), share: 1_000_000_000 }]), eve);

  await waitFor('the indexer restarted', () => explorer.indexerPid() !== pid);
  await indexerCaughtUp();
  const { totals, datanet } = await gql(`{ totals: totalsById(id: "chain") { inferences settled toData }
    datanet: datanetById(id: "${ids.datanet}") { earned contributors { earned account { id } } } }`);
  assert.equal(String(totals.inferences), (await api.query.attribution.nextInferenceId()).toString(), 'nothing counted twice or lost');
  assert.equal(totals.settled, 3);
  // The data part of both fees is what the Datanet's contributors earned, every unit.
  assert.equal(datanet.earned, totals.toData);
  const sum = datanet.contributors.reduce((s, c) => s + BigInt(c.earned), 0n);
  assert.equal(sum, BigInt(datanet.earned));

  const { page, errors } = await openPage();
  await visit(page, '/', 'overview-after-restart');
  assert.equal(await figure(page, 'inferences'), (await api.query.attribution.nextInferenceId()).toString());
  assert.deepEqual(errors, []);
  await page.close();
});
