// How far the explorer's indexer is behind a node: scripts/throughput.sh --indexer runs it beside
// the load generator. Every 250 ms it reads the node's best block and the indexer's last block
// (GraphQL `squidStatus`); for each block it notes when the node had it and when the indexer
// had written it. On SIGTERM (or SIGINT) it prints, for each of the load generator's scenarios
// (the blocks its report names), the lag in blocks (the best block less the indexed one, sampled
// while the scenario's blocks were the node's best) and in seconds (from a block at the node to
// the block in the database), as a markdown table.
//
//   node scripts/indexer-lag.mjs --node http://127.0.0.1:9977 --graphql http://127.0.0.1:4350/graphql \
//     --loadgen-log FILE

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    node: { type: 'string', default: 'http://127.0.0.1:9977' },
    graphql: { type: 'string', default: 'http://127.0.0.1:4350/graphql' },
    'loadgen-log': { type: 'string' },
  },
});

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return response.json();
}

const bestBlock = async () =>
  parseInt((await post(opts.node, { jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: [] })).result.number, 16);
const indexedBlock = async () => (await post(opts.graphql, { query: '{ squidStatus { height } }' })).data.squidStatus.height;

const seenAt = new Map(); // block → when the node first had it (ms)
const indexedAt = new Map(); // block → when the indexer first had it
const behind = []; // [best, best - indexed]
let lastBest = -1;
let lastIndexed = -1;

async function sample() {
  const now = Date.now();
  const [best, indexed] = await Promise.all([bestBlock(), indexedBlock().catch(() => -1)]);
  for (let h = lastBest + 1; h <= best; h++) seenAt.set(h, now);
  for (let h = lastIndexed + 1; h <= indexed; h++) indexedAt.set(h, now);
  lastBest = Math.max(lastBest, best);
  lastIndexed = Math.max(lastIndexed, indexed);
  behind.push([best, Math.max(0, best - indexed)]);
}

/** The load generator's report: `  #29  4608 batched-settlements in 18 extrinsics …` → block 29. */
function scenarios() {
  const blocks = new Map();
  const text = opts['loadgen-log'] ? readFileSync(opts['loadgen-log'], 'utf8') : '';
  for (const [, block, , name] of text.matchAll(/^\s*#(\d+)\s+(\d+) (\S+) in /gm)) {
    if (!blocks.has(name)) blocks.set(name, []);
    blocks.get(name).push(Number(block));
  }
  return blocks;
}

function report() {
  const rows = ['| scenario | blocks | lag, blocks (mean / max) | lag, seconds (mean / max) |', '|---|---|---|---|'];
  for (const [name, blocks] of scenarios()) {
    const from = Math.min(...blocks);
    const to = Math.max(...blocks);
    const counts = behind.filter(([best]) => best >= from && best <= to).map(([, n]) => n);
    const seconds = blocks.filter((h) => seenAt.has(h) && indexedAt.has(h))
      .map((h) => (indexedAt.get(h) - seenAt.get(h)) / 1000);
    const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    rows.push(`| ${name} | ${from}–${to} | ${mean(counts).toFixed(1)} / ${Math.max(...counts, 0)} | ` +
      `${mean(seconds).toFixed(1)} / ${Math.max(...seconds, 0).toFixed(1)} |`);
  }
  console.log(rows.join('\n'));
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => { stopping = true; });
}
while (!stopping) {
  await sample().catch(() => undefined);
  await new Promise((r) => setTimeout(r, 250));
}
report();
