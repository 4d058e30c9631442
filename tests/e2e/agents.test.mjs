// Agents end to end: a real `openledger-node --dev`, a real `openledger-gateway` running a
// two-step agent, polkadot.js and the contributor client. A user opens a task for the agent; the
// gateway buys an inference of each of two models from the task's budget, answers both with
// citations of the data and completes the task; every unit of the budget is followed to the
// agent's owner, the models' owner, the provider, the contributors and the pool. A gateway that
// stops dead in the middle of a task resumes it without paying twice; a task left past its
// deadline is expired and the agent's stake slashed; the agent's record reads back through the
// runtime API, the RPC and the client.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  ROOT, startDevNode, connect, devAccounts, submitOk, sendAndWait, eventData, freePorts, waitFor,
  runAsync, untilBlock,
} from './lib/node.mjs';
import { GATEWAY, startGateway } from './lib/gateway.mjs';
import { contentRoot } from '../../scripts/client/content.mjs';

const OPEN = 10n ** 18n;
const FEE = 3n * OPEN; // each model's inference fee
const PRICE = 2n * OPEN; // the agent's fee per task
const STAKE = 200n * OPEN;
const CLIENT = join(ROOT, 'scripts', 'client', 'openledger.mjs');

let node;
let api;
let dir;
let gateway;
let nodeUrl;
const text = readFileSync(join(ROOT, 'docs', 'attribution.md'), 'utf8');
// What the first test set up, for the others.
const ids = {};

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  nodeUrl = `http://127.0.0.1:${node.rpcPort}`;
  dir = mkdtempSync(join(tmpdir(), 'openledger-agents-'));
});

after(async () => {
  await gateway?.stop();
  await api?.disconnect();
  await node?.stop();
});

const ok = (tx, signer, options) => submitOk(api, tx, signer, options);

/** The contributor client, as `who`; its JSON answer. */
async function ol(who, ...args) {
  const run = await runAsync(process.execPath, CLIENT, ...args, '--json', '--url', node.url, '--seed', `//${who}`);
  const answer = JSON.parse(run.stdout.trim().split('\n').pop() || '{}');
  assert.equal(run.status, 0, `ol ${args.join(' ')}: ${answer.error ?? run.stderr}`);
  return answer;
}

/** An `openledger_*` JSON-RPC method. */
async function rpc(method, params) {
  const response = await fetch(nodeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: `openledger_${method}`, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Opens a task for the agent with `input`, due `blocks` from now; its id. */
async function openTask(user, input, { budget = 20n * OPEN, blocks = 40 } = {}) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const events = await ok(api.tx.agents.openTask(ids.agent, budget, PRICE,
    blake2AsHex(canonicalize({ input }), 256), best + blocks), user);
  return eventData(events, 'agents', 'TaskOpened').task.toNumber();
}

/** Asks the gateway to run `task` on `input`. */
async function runTask(task, input, at = gateway) {
  const response = await fetch(`${at.url}/v1/agents/${ids.agent}/tasks`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ task, input }),
  });
  return { status: response.status, body: await response.json() };
}

/** The input of a task: words of the served file, which the first model continues. */
function inputBefore(phrase, words = 12) {
  const at = text.indexOf(phrase);
  assert.ok(at > 0, `the file holds ${phrase}`);
  return text.slice(0, at).split(/\s+/).filter(Boolean).slice(-words).join(' ');
}

/** Waits until none of `task`'s inferences waits in escrow; its openledger_task view. */
async function settled(task) {
  let view;
  await waitFor(`task ${task}'s inferences settled`, async () => {
    view = await rpc('task', [task]);
    return view.inferences.every((i) => i.state === 'Settled');
  }, { timeoutMs: 120_000, everyMs: 1000 });
  return view;
}

test('a user opens a task for a two-step agent and gets its result with citations; the budget reaches the agent, the models, the provider and the data exactly', async () => {
  const [alice, bob, charlie, dave, eve, ferdie, user] = devAccounts('Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'AgentUser');
  // The user holds 1,000 OPEN of Alice's; Alice's Datanet holds Bob's file, published.
  await ok(api.tx.balances.transferKeepAlive(user.address, 1000n * OPEN), alice);
  const created = await ok(api.tx.datanets.createDatanet('agent-docs', '', [], {
    access: 'Open', contributionDeposit: OPEN, maxContributionBytes: 1_000_000,
  }), alice);
  const datanet = eventData(created, 'datanets', 'DatanetCreated').datanet.toNumber();
  writeFileSync(join(dir, 'attribution.md'), text);
  const bytes = Buffer.from(text);
  const contributed = await ok(api.tx.datanets.contribute(datanet, contentRoot(bytes), bytes.length,
    `file://${join(dir, 'attribution.md')}`, 'text/markdown', 2n * OPEN), bob);
  const contribution = eventData(contributed, 'datanets', 'Contributed').contribution.toNumber();
  const next = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all([
    ok(api.tx.datanets.review(contribution, 'Accept'), alice, { nonce: next }),
    ok(api.tx.datanets.publishVersion(datanet), alice, { nonce: next + 1 }),
  ]);

  // Charlie registers two models of it (an answering one and a summarising one), served by Eve.
  const dataDir = join(dir, 'gateway-data');
  const built = await runAsync(GATEWAY, 'build-model', '--node', nodeUrl, '--lineage', `${datanet}/1`, '--data-dir', dataDir);
  assert.equal(built.status, 0, built.stderr);
  const artifactHash = built.stdout.trim();
  const nonce = (await api.rpc.system.accountNextIndex(charlie.address)).toNumber();
  const models = await Promise.all(['answer-llm', 'summary-llm'].map(async (name, i) => {
    const events = await ok(api.tx.models.registerModel(name, '', 'Base', artifactHash, '', [{ datanet, version: 1 }], FEE),
      charlie, { nonce: nonce + i });
    return eventData(events, 'models', 'ModelRegistered').model.toNumber();
  }));
  await Promise.all(models.map((model, i) => ok(api.tx.models.authorizeProvider(model, eve.address), charlie, { nonce: nonce + 2 + i })));

  // Ferdie's agent, run by Dave's key, calls both at 2 OPEN a task with 200 OPEN at stake. Its
  // endpoint is the gateway's.
  const [port] = await freePorts(1);
  const registered = await ol('Ferdie', 'agent', 'register', '--operator', dave.address, '--name', 'answer-and-summarise',
    '--models', models.join(','), '--price', '2', '--stake', '200', '--endpoint', `http://127.0.0.1:${port}/v1/agents/0/tasks`);
  const agent = registered.agent;
  assert.equal(agent, 0);
  const agentFile = join(dir, 'agent.toml');
  writeFileSync(agentFile, [
    `agent = ${agent}`,
    '[[steps]]', `model = ${models[0]}`, 'prompt = "{input}"', 'max-tokens = 24',
    '[[steps]]', `model = ${models[1]}`, 'prompt = "{previous}"', 'max-tokens = 12', '',
  ].join('\n'));
  const args = ['--key', '//Eve', '--model', models[0], '--model', models[1], '--agent', agentFile,
    '--operator-key', '//Dave', '--settle-interval-ms', 500];
  Object.assign(ids, { datanet, contribution, models, agent, agentFile, args, dataDir, port });
  gateway = await startGateway(args, { nodeUrl, dir, dataDir, port });

  // Everyone's rewards before, and the pool's.
  // Credited so far, claimable or still in its challenge period (nobody claims meanwhile).
  const inChallenge = async (who) => {
    const { claimable, inChallenge: c } = await api.call.rewardsApi.rewardsOf(who.address);
    const sum = (k) => claimable[k].toBigInt() + c[k].toBigInt();
    return { data: sum('data'), model: sum('model'), provider: sum('provider') };
  };
  const before = { bob: await inChallenge(bob), charlie: await inChallenge(charlie), eve: await inChallenge(eve) };
  const userBefore = (await api.query.system.account(user.address)).data;

  // The user opens the task (polkadot.js) and asks the agent's endpoint to run it.
  const input = inputBefore('verbatim');
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const opened = await ok(api.tx.agents.openTask(agent, 20n * OPEN, PRICE, blake2AsHex(canonicalize({ input }), 256), best + 40), user);
  const task = eventData(opened, 'agents', 'TaskOpened').task.toNumber();
  const openFee = eventData(opened, 'transactionPayment', 'TransactionFeePaid').actualFee.toBigInt();
  const { status, body } = await runTask(task, input);
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.object, 'agent.task');
  assert.equal(body.steps.length, 2);
  assert.ok(body.result.length > 0);
  assert.equal(body.result, body.steps[1].output);
  assert.equal(body.resultHash, blake2AsHex(body.result, 256));
  // The first step quotes Bob's file, and says so.
  const cited = body.steps[0].openledger.citations;
  assert.ok(cited.some((c) => c.contributions.some((x) => x.id === contribution)), JSON.stringify(cited));
  // Each step's prompt is the one before's output.
  assert.equal(body.steps[1].prompt, body.steps[0].output);

  // On chain: completed with the result's hash, two ordinary inferences whose consumer is the user.
  const onChain = (await api.call.agentsApi.task(task)).unwrap();
  assert.ok(onChain.status.isCompleted);
  assert.equal(onChain.status.asCompleted.resultHash.toHex(), body.resultHash);
  assert.deepEqual(onChain.inferences.map((i) => i.inference.toNumber()), body.steps.map((s) => s.inference));
  for (const step of body.steps) {
    const pending = await api.call.attributionApi.pendingInference(step.inference);
    const record = await api.call.attributionApi.record(step.inference);
    const consumer = pending.isSome ? pending.unwrap().consumer : record.unwrap().consumer;
    assert.equal(consumer.toString(), user.address);
  }

  // Once Eve's gateway settles both: every unit of the budget, account by account.
  const view = await settled(task);
  const b = Object.fromEntries(Object.entries(view.budget).map(([k, v]) => [k, BigInt(v)]));
  assert.equal(b.agentFee, PRICE);
  assert.equal(b.pending + b.held, 0n);
  assert.equal(b.agentFee + b.models + b.providers + b.data + b.pool + b.refunded, b.budget);
  assert.equal(b.models + b.providers + b.data + b.pool, 2n * FEE);
  const after = { bob: await inChallenge(bob), charlie: await inChallenge(charlie), eve: await inChallenge(eve) };
  assert.equal(after.charlie.model - before.charlie.model, b.models, 'the models\' owner');
  assert.equal(after.eve.provider - before.eve.provider, b.providers, 'the provider');
  assert.equal(after.bob.data - before.bob.data, b.data, 'the contributor');
  const credited = view.inferences.flatMap((i) => i.credits);
  assert.ok(credited.every((c) => c.contribution === contribution && c.contributor === bob.address));
  assert.equal(credited.reduce((sum, c) => sum + BigInt(c.amount), 0n), b.data);
  assert.equal(BigInt((await api.call.agentsApi.claimableFees(ferdie.address)).toString()), PRICE);
  // The user paid the budget spent and the transaction fee, nothing more.
  const userAfter = (await api.query.system.account(user.address)).data;
  const total = (d) => d.free.toBigInt() + d.reserved.toBigInt();
  assert.equal(total(userBefore) - total(userAfter), PRICE + 2n * FEE + openFee);

  // The owner claims the fee.
  const claimed = await ol('Ferdie', 'agent', 'claim');
  assert.equal(BigInt(claimed.claimed), PRICE);
  ids.task = task;
});

test('the agent\'s record and a task\'s budget read back through the runtime API, the RPC and the client', async () => {
  const typed = (await api.call.agentsApi.agent(ids.agent)).unwrap();
  assert.equal(typed.reputation.completed.toNumber(), 1);
  assert.equal(typed.reputation.inferences.toNumber(), 2);
  assert.equal(typed.reputation.earned.toBigInt(), PRICE);
  const json = await rpc('agent', [ids.agent]);
  assert.equal(json.reputation.completed, 1);
  assert.equal(json.reputation.spentOnInferences, String(2n * FEE));
  assert.deepEqual(json.models.map((m) => m.inferences), [1, 1]);
  const shown = await ol('Alice', 'agent', 'show', '--agent', ids.agent);
  assert.deepEqual(shown, json);
  const listed = await ol('Alice', 'agent', 'list');
  assert.deepEqual(listed.agents.map((a) => a.id), [ids.agent]);
  const task = await ol('Alice', 'task', 'show', '--task', ids.task);
  assert.deepEqual(task, await rpc('task', [ids.task]));
  assert.equal(task.status, 'Completed');
  // How much of the epoch's inference volume came through agents.
  const [current] = await rpc('agentVolumes', []);
  assert.ok(current.tasksCompleted >= 1);
  assert.ok(BigInt(current.inferenceFees) >= 2n * FEE);
});

test('a gateway that stops dead in the middle of a task resumes it without paying twice', async () => {
  const [user] = devAccounts('AgentUser');
  const input = inputBefore('settles', 10);
  const task = await openTask(user, input);
  await gateway.stop();
  // This one stops dead once it has answered the first step.
  const crashing = await startGateway(ids.args, {
    nodeUrl, dir, dataDir: ids.dataDir, port: ids.port, env: { OPENLEDGER_GATEWAY_CRASH_AFTER_STEP: '1' },
  });
  await assert.rejects(runTask(task, input, crashing));
  await crashing.exited;
  const half = (await api.call.agentsApi.task(task)).unwrap();
  assert.equal(half.inferences.length, 1);
  assert.ok(half.status.isOpen);

  gateway = await startGateway(ids.args, { nodeUrl, dir, dataDir: ids.dataDir, port: ids.port });
  const { status, body } = await runTask(task, input);
  assert.equal(status, 200, JSON.stringify(body));
  const done = (await api.call.agentsApi.task(task)).unwrap();
  assert.ok(done.status.isCompleted);
  // The first step's inference is the one bought before the crash; one more for the second.
  assert.equal(done.inferences.length, 2);
  assert.equal(body.steps[0].inference, half.inferences[0].inference.toNumber());
  assert.equal(done.spent.toBigInt(), 2n * FEE);
  // Asked again, it answers from what it recorded, and buys nothing.
  const again = await runTask(task, input);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, body);
  assert.equal((await api.call.agentsApi.task(task)).unwrap().inferences.length, 2);
});

test('the gateway refuses a task it cannot run by name, and spends nothing', async () => {
  const [user] = devAccounts('AgentUser');
  const input = inputBefore('credit');
  const task = await openTask(user, input);
  const cases = [
    [{ task, input: `${input} and more` }, 402, 'payment_mismatch'],
    [{ task: 9999, input }, 404, 'unknown_task'],
    [{ input }, 400, 'invalid_request'],
    [{ task: ids.task, input: 'x' }, 402, 'payment_mismatch'],
  ];
  for (const [request, status, code] of cases) {
    const response = await fetch(`${gateway.url}/v1/agents/${ids.agent}/tasks`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request),
    });
    assert.equal(response.status, status, JSON.stringify(request));
    assert.equal((await response.json()).error.code, code);
  }
  const other = await fetch(`${gateway.url}/v1/agents/7/tasks`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ task, input }),
  });
  assert.equal(other.status, 404);
  assert.equal((await api.call.agentsApi.task(task)).unwrap().inferences.length, 0);
  // The operator declines it: everything back, no fee, no slash.
  const [dave] = devAccounts('Dave');
  await ok(api.tx.agents.declineTask(task), dave);
  assert.ok((await api.call.agentsApi.task(task)).unwrap().status.isDeclined);
});

test('the client opens a task, has the agent run it and prints where its budget went', async () => {
  const input = inputBefore('record', 10);
  const run = await ol('AgentUser', 'task', 'open', '--agent', ids.agent, '--budget', '20', input);
  assert.equal(run.steps.length, 2);
  assert.equal(run.result, run.steps[1].output);
  assert.equal(run.breakdown.status, 'Completed');
  const b = run.breakdown.budget;
  assert.equal(BigInt(b.agentFee), PRICE);
  assert.equal(BigInt(b.models) + BigInt(b.providers) + BigInt(b.data) + BigInt(b.pool), 2n * FEE);
  assert.equal(BigInt(b.refunded), 20n * OPEN - PRICE - 2n * FEE);
});

test('a task left past its deadline is expired by its user and the agent\'s stake slashed to the user and the pool', async () => {
  const [user] = devAccounts('AgentUser');
  const task = await openTask(user, 'never run', { blocks: 3 });
  const early = await sendAndWait(api, api.tx.agents.expireTask(task), user);
  assert.equal(early.error, 'agents.DeadlineNotPassed');
  const { deadline } = (await api.call.agentsApi.task(task)).unwrap();
  await untilBlock(api, deadline.toNumber() + 1);
  const expired = await ol('AgentUser', 'task', 'expire', '--task', task);
  // A tenth of the 200 OPEN stake: half to the user, half to the pool; the budget all back.
  assert.equal(BigInt(expired.toUser), STAKE / 20n);
  assert.equal(BigInt(expired.toPool), STAKE / 20n);
  assert.equal(BigInt(expired.refund), 20n * OPEN);
  const agent = await rpc('agent', [ids.agent]);
  assert.equal(BigInt(agent.stake), STAKE - STAKE / 10n);
  assert.equal(agent.reputation.expired, 1);
  assert.equal(agent.status, 'Active');
  const cleared = await ol('AgentUser', 'task', 'clear', '--task', task);
  assert.ok(BigInt(cleared.deposit) > 0n);
});
