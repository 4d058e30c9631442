// The inference gateway's end-to-end benchmark, driven by scripts/gateway-bench.sh:
//
//   setup    --url WS --files DIR              Alice publishes DIR's files as version 1 of a Datanet
//   register --url WS --datanet D --hash H     Dave registers the model, Eve may serve it
//   load     --url WS --gateway URL --model M --files DIR [--requests N] [--concurrency C]
//            [--max-tokens T]                  N inferences paid by 64 consumers, asked by C
//                                              clients at once, waited for until all are settled
//
// Each prints one JSON object on stdout; progress goes to stderr.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import canonicalize from 'canonicalize';
import { contentRoot } from './content.mjs';

const OPEN = 10n ** 18n;
const CONSUMERS = 64;
const { values: opts, positionals: [command] } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'ws://127.0.0.1:9944' },
    files: { type: 'string' },
    datanet: { type: 'string' },
    hash: { type: 'string' },
    gateway: { type: 'string' },
    model: { type: 'string' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '8' },
    'max-tokens': { type: 'string', default: '200' },
  },
});
const log = (message) => process.stderr.write(`[gateway-bench] ${message}\n`);

/** Signs and sends `tx`; resolves with its events once in a block, rejecting on a failure. */
function send(api, tx, signer, nonce) {
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, { nonce }, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        unsub?.();
        const meta = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
        reject(new Error(meta ? `${meta.section}.${meta.name}` : dispatchError.toString()));
      } else if (status.isInBlock) {
        unsub?.();
        resolve(events);
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        unsub?.();
        reject(new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsub = u; }, reject);
  });
}

/** Sends `txs` from `signer` with consecutive nonces, all at once; their events in order. */
async function sendAll(api, txs, signer) {
  const first = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  return Promise.all(txs.map((tx, i) => send(api, tx, signer, first + i)));
}

const dataOf = (events, section, method) =>
  events.find(({ event }) => event.section === section && event.method === method).event.data;

const chunks = (items, size) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function setup(api, keyring) {
  const alice = keyring.addFromUri('//Alice');
  const names = readdirSync(opts.files).sort();
  const created = (await sendAll(api, [api.tx.datanets.createDatanet('gateway-bench', '', [], {
    access: 'Open', contributionDeposit: OPEN / 100n, maxContributionBytes: 16 * 1024 * 1024,
  })], alice))[0];
  const datanet = dataOf(created, 'datanets', 'DatanetCreated').datanet.toNumber();
  let bytes = 0;
  const inputs = names.map((name) => {
    const file = readFileSync(join(opts.files, name));
    bytes += file.length;
    return { contentHash: contentRoot(file), sizeBytes: file.length, uri: `file://${join(opts.files, name)}`, metadata: '' };
  });
  log(`contributing ${inputs.length} files (${(bytes / 1e6).toFixed(1)} MB) to Datanet ${datanet}`);
  const batches = chunks(inputs, api.consts.datanets.maxContributionBatch.toNumber());
  const contributed = await sendAll(api, batches.map((b) => api.tx.datanets.contributeBatch(datanet, b, OPEN)), alice);
  const ids = contributed.flatMap((events) => events
    .filter(({ event }) => event.section === 'datanets' && event.method === 'Contributed')
    .map(({ event }) => event.data.contribution.toNumber()));
  log(`reviewing ${ids.length} contributions`);
  await sendAll(api, chunks(ids, 200).map((c) => api.tx.utility.batchAll(c.map((id) => api.tx.datanets.review(id, 'Accept')))), alice);
  const published = (await sendAll(api, [api.tx.datanets.publishVersion(datanet)], alice))[0];
  const version = dataOf(published, 'datanets', 'VersionPublished');
  return { datanet, version: version.version.toNumber(), contributions: version.contributions.toNumber(), bytes };
}

async function register(api, keyring) {
  const [dave, eve] = ['//Dave', '//Eve'].map((uri) => keyring.addFromUri(uri));
  const registered = (await sendAll(api, [api.tx.models.registerModel('gateway-bench-llm', '', 'Base', opts.hash, '',
    [{ datanet: Number(opts.datanet), version: 1 }], OPEN)], dave))[0];
  const model = dataOf(registered, 'models', 'ModelRegistered').model.toNumber();
  await sendAll(api, [api.tx.models.authorizeProvider(model, eve.address)], dave);
  return { model };
}

/** The value at quantile `q` of sorted `values`. */
const quantile = (values, q) => values[Math.min(values.length - 1, Math.floor((values.length - 1) * q))];

async function load(api, keyring) {
  const requests = Number(opts.requests);
  const concurrency = Number(opts.concurrency);
  const model = String(opts.model);
  const alice = keyring.addFromUri('//Alice');
  const consumers = Array.from({ length: CONSUMERS }, (_, i) => keyring.addFromUri(`//Alice//gateway-bench//${i}`));
  log(`funding ${CONSUMERS} consumers`);
  await sendAll(api, [api.tx.utility.batchAll(consumers.map((c) => api.tx.balances.transferKeepAlive(c.address, 10_000n * OPEN)))], alice);

  // Prompts: runs of 5 to 30 words of the Datanet's files, so that the model has data to follow.
  const texts = readdirSync(opts.files).sort().slice(0, 200).map((name) => readFileSync(join(opts.files, name), 'utf8').split(/\s+/));
  let seed = 1;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const bodies = Array.from({ length: requests }, () => {
    const words = texts[random(texts.length)];
    const length = 5 + random(26);
    const at = random(Math.max(1, words.length - length));
    return { model, prompt: words.slice(at, at + length).join(' '), max_tokens: Number(opts['max-tokens']) };
  });

  // Paid without a subscription each (a connection holds at most 1,024): submitted, then found
  // by their request hashes in the InferenceRequested events of the blocks that follow.
  log(`paying for ${requests} inferences`);
  const fee = (await api.query.models.models(Number(model))).unwrap().inferenceFee.toBigInt();
  const byHash = new Map();
  const hashes = bodies.map((body, i) => {
    const hash = blake2AsHex(canonicalize(body), 256);
    byHash.set(hash, [...(byHash.get(hash) ?? []), i]);
    return hash;
  });
  let from = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
  await Promise.all(consumers.map(async (consumer, c) => {
    let nonce = (await api.rpc.system.accountNextIndex(consumer.address)).toNumber();
    for (let i = c; i < requests; i += CONSUMERS) {
      const tx = api.tx.attribution.requestInference(Number(model), fee, hashes[i]);
      await api.rpc.author.submitExtrinsic(await tx.signAsync(consumer, { nonce: nonce++ }));
    }
  }));
  const inferences = new Array(requests);
  let found = 0;
  const paidBy = performance.now() + 120_000;
  while (found < requests) {
    if (performance.now() > paidBy) throw new Error(`only ${found} of ${requests} payments were included`);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (; from <= best; from += 1) {
      const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(from));
      for (const { event } of events) {
        if (event.section !== 'attribution' || event.method !== 'InferenceRequested') continue;
        const waiting = byHash.get(event.data.requestHash.toHex());
        if (waiting?.length) { inferences[waiting.shift()] = event.data.inference.toNumber(); found += 1; }
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  log(`asking ${opts.gateway} with ${concurrency} clients at once`);
  const latencies = [];
  let next = 0;
  let failures = 0;
  let tokens = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const i = next++;
      const t0 = performance.now();
      const response = await fetch(`${opts.gateway}/v1/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'OpenLedger-Inference': String(inferences[i]) },
        body: JSON.stringify(bodies[i]),
      });
      const reply = await response.json();
      latencies.push(performance.now() - t0);
      if (!response.ok) { failures += 1; log(`inference ${inferences[i]}: ${response.status} ${reply.error?.message}`); continue; }
      tokens += reply.usage.completion_tokens;
    }
  }));
  const answeredIn = (performance.now() - started) / 1000;
  log(`answered ${requests - failures} in ${answeredIn.toFixed(1)} s; waiting for settlement`);
  const settledTotal = async () => {
    const metrics = await (await fetch(`${opts.gateway}/metrics`)).text();
    return Number(/^openledger_gateway_settled_total (\d+)/m.exec(metrics)?.[1] ?? 0);
  };
  while (await settledTotal() < requests - failures) {
    if ((performance.now() - started) / 1000 > 600) throw new Error('not all settled within 10 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
  const settledIn = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests, failures, concurrency, maxTokens: Number(opts['max-tokens']),
    averageTokens: Math.round(tokens / Math.max(1, requests - failures)),
    answeredPerSecond: Number(((requests - failures) / answeredIn).toFixed(1)),
    answeredAndSettledPerSecond: Number(((requests - failures) / settledIn).toFixed(1)),
    secondsToAnswerAll: Number(answeredIn.toFixed(2)),
    secondsToSettleAll: Number(settledIn.toFixed(2)),
    latencyMs: { p50: Number(quantile(latencies, 0.5).toFixed(1)), p95: Number(quantile(latencies, 0.95).toFixed(1)), max: Number(latencies.at(-1).toFixed(1)) },
  };
}

await cryptoWaitReady();
const api = await ApiPromise.create({ provider: new WsProvider(opts.url), noInitWarn: true, throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 2729 });
try {
  const result = await ({ setup, register, load })[command](api, keyring);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await api.disconnect();
}
