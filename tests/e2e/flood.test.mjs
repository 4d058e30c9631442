// Flooding a node's RPC: connections and request sizes are bounded, a flood of queries is
// served or refused by name, and the node goes on producing blocks and answering.
//
// The node runs with the defaults an operator gets (sc-cli's): at most 100 RPC connections,
// requests and responses of at most 15 MiB. The figures this prints are in docs/reliability.md.

import test from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startDevNode, rpc, devAccounts } from './lib/node.mjs';

const MAX_CONNECTIONS = 100;
const MAX_REQUEST_BYTES = 15 * 1024 * 1024;

/** Opens a WebSocket; resolves with how it went: 'open', an HTTP status, or an error. */
function openSocket(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve({ ws, outcome: 'open' }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws, outcome: res.statusCode }));
    ws.once('error', (e) => resolve({ ws, outcome: e.message }));
  });
}

async function post(port, body) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, text: await res.text() };
}

const best = async (port) => parseInt((await rpc(port, 'chain_getHeader')).number, 16);

test('connections and request sizes are bounded, and a query flood leaves the node producing blocks', async (t) => {
  const node = await startDevNode();
  t.after(() => node.stop());
  const port = node.rpcPort;
  const [alice] = devAccounts('Alice');

  // More WebSockets than the node takes: the rest are refused with HTTP 429, even plain HTTP.
  const sockets = await Promise.all(Array.from({ length: MAX_CONNECTIONS + 30 }, () => openSocket(node.url)));
  const outcomes = sockets.map((s) => s.outcome);
  const opened = outcomes.filter((o) => o === 'open').length;
  const refused = outcomes.filter((o) => o === 429).length;
  console.error(`  ${outcomes.length} WebSockets: ${opened} open, ${refused} refused with 429`);
  assert.equal(opened, MAX_CONNECTIONS);
  assert.equal(refused, 30);
  const whileFull = await post(port, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }));
  assert.equal(whileFull.status, 429);
  for (const { ws } of sockets) ws.terminate();
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok((await rpc(port, 'system_health')).peers >= 0, 'answers once the sockets are closed');

  // A request over the size limit is refused before it is parsed: 413, or the connection is
  // closed while the client is still sending.
  const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: ['x'.repeat(MAX_REQUEST_BYTES)] });
  const hugeOutcome = await post(port, huge).then((r) => r.status, (e) => e.cause?.code ?? e.message);
  console.error(`  a ${(huge.length / 1048576).toFixed(1)} MiB request: ${hugeOutcome}`);
  assert.ok([413, 'EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(hugeOutcome), `refused: ${hugeOutcome}`);
  assert.ok((await rpc(port, 'system_health')).peers >= 0, 'answers after the oversized request');
  // A batch of 1,000 queries, under the size limit, is answered in full.
  const batch = Array.from({ length: 1000 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'openledger_pendingRewards', params: [alice.address] }));
  let started = Date.now();
  const answered = JSON.parse((await post(port, JSON.stringify(batch))).text);
  const batchMs = Date.now() - started;
  assert.equal(answered.length, 1000);
  assert.ok(answered.every((r) => r.result && r.result.total !== undefined));
  console.error(`  a batch of 1,000 openledger_pendingRewards: ${batchMs} ms`);

  // The flood: 64 clients querying for 15 s, good and bad queries mixed.
  const queries = [
    ['openledger_pendingRewards', [alice.address]],
    ['openledger_datanet', [999]], // unknown: a named error
    ['openledger_pendingRewards', ['not an address']], // malformed: -32602
    ['chain_getHeader', []],
    ['state_getRuntimeVersion', []],
  ];
  const before = await best(port);
  const until = Date.now() + 15_000;
  const latencies = [];
  const tally = { ok: 0, named: 0, other: 0 };
  started = Date.now();
  await Promise.all(Array.from({ length: 64 }, async (_, client) => {
    for (let i = client; Date.now() < until; i += 1) {
      const [method, params] = queries[i % queries.length];
      const sent = performance.now();
      const { status, text } = await post(port, JSON.stringify({ jsonrpc: '2.0', id: i, method, params }));
      latencies.push(performance.now() - sent);
      const body = status === 200 ? JSON.parse(text) : {};
      if (body.result !== undefined) tally.ok += 1;
      else if (body.error && (body.error.code === 4004 || body.error.code === -32602)) tally.named += 1;
      else tally.other += 1;
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  const after = await best(port);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
  console.error(`  flood: ${latencies.length} queries in ${seconds.toFixed(1)} s (${Math.round(latencies.length / seconds)}/s), ` +
    `${tally.ok} answered, ${tally.named} named errors, ${tally.other} other; ` +
    `latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; blocks ${before} → ${after}`);
  assert.equal(tally.other, 0, 'every query is answered or refused by name');
  assert.ok(tally.named > 0 && tally.ok > 0);
  assert.ok(after >= before + 2, `blocks go on during the flood (${before} → ${after})`);
  // And the node still answers, promptly, after it.
  started = Date.now();
  await rpc(port, 'openledger_pendingRewards', [alice.address]);
  assert.ok(Date.now() - started < 1000);
});
