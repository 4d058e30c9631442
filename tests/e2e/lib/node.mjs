// Helpers to run a real openledger-node and talk to it the way users do: JSON-RPC over HTTP,
// and polkadot.js over WebSocket.

import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { contentRoot } from '../../../scripts/client/content.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR || '/var/tmp/openledger-target';
export const NODE_BIN = process.env.OPENLEDGER_NODE || join(TARGET, 'release', 'openledger-node');

/**
 * `count` distinct free TCP ports on loopback, below Linux's ephemeral range (32768 and up).
 * A port from that range can be taken before the node binds it: polling a port nobody listens
 * on yet may connect the poller's socket to itself on that very port, and the node then moves
 * its RPC server to a random port. All are held open until all are found, so none is repeated.
 * They stay below 30000 too: the four-validator network's p2p ports are 31333 and up (its RPC
 * and Prometheus ports are below 20000), and a killed validator must get its port back while
 * other test files run beside it.
 */
export async function freePorts(count) {
  const listen = (port) => new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
  const servers = [];
  while (servers.length < count) {
    const server = await listen(20_000 + Math.floor(Math.random() * 10_000));
    if (server) servers.push(server);
  }
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** One JSON-RPC request over HTTP, as curl sends it; returns the whole response body. */
async function rpcBody(port, method, params) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5000),
  });
  return res.json();
}

/**
 * What a web page could do with the node's RPC at `port`: the CORS preflight a browser sends
 * before a page of `origin` may POST JSON-RPC (`allowOrigin`: the origin the node allows, or
 * null), and the status of a plain call whose `Host` header is `host` (a page of another site
 * whose name was re-pointed at 127.0.0.1, "DNS rebinding", sends its own name there).
 */
export async function webPageAccess(port, { origin, host }) {
  const request = (method, headers, body) => new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: '/', headers, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', reject);
    req.end(body);
  });
  const preflight = await request('OPTIONS', {
    Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type',
  });
  const call = await request('POST', { Host: host, 'Content-Type': 'application/json' },
    JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }));
  return { allowOrigin: preflight.headers['access-control-allow-origin'] ?? null, hostStatus: call.statusCode };
}

/** One JSON-RPC call over HTTP; throws on a JSON-RPC error. */
export async function rpc(port, method, params = []) {
  const body = await rpcBody(port, method, params);
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** The JSON-RPC error (`{ code, message }`) a call returns; throws if it succeeds. */
export async function rpcError(port, method, params = []) {
  const body = await rpcBody(port, method, params);
  if (!body.error) throw new Error(`${method} succeeded: ${JSON.stringify(body.result)}`);
  return body.error;
}

/** The finalized head of the node at `port`: its number and hash. */
export async function finalized(port) {
  const hash = await rpc(port, 'chain_getFinalizedHead');
  const header = await rpc(port, 'chain_getHeader', [hash]);
  return { number: parseInt(header.number, 16), hash };
}

/**
 * Polls `probe` until it returns a truthy value; logs progress (on stderr: a test file's stdout
 * carries the test runner's own frames, and plain text between them can make the runner misread
 * a frame and fail the file with "Unable to deserialize cloned data"); throws after `timeoutMs`.
 */
export async function waitFor(label, probe, { timeoutMs = 120_000, everyMs = 2000 } = {}) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    const waited = Math.round((Date.now() - start) / 1000);
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${waited}s: ${label} (last: ${last})`);
    if (waited % 10 === 0) console.error(`  … ${label} (${waited}s)`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until the best block is at least `number`. */
export async function untilBlock(api, number) {
  await waitFor(`block ${number}`, async () => (await api.rpc.chain.getHeader()).number.toNumber() >= number,
    { everyMs: 1000 });
}

/**
 * Waits until everything credited to `address` so far is past its challenge period, so that
 * `rewards.claim` pays it: until the last block `RewardsApi.rewardsOf` says some matures at.
 */
export async function untilMatured(api, address) {
  const { maturing } = await api.call.rewardsApi.rewardsOf(address);
  if (maturing.length > 0) await untilBlock(api, maturing[maturing.length - 1][0].toNumber());
}

/**
 * Starts `openledger-node --dev` on free ports with a temporary database; with `viaScript`, as
 * `scripts/dev.sh` starts it (the same binary, with the script's flags); with `chainArgs`, on
 * another chain than `--dev`; with `basePath`, on that database and keystore.
 */
export async function startDevNode(extraArgs = [], { viaScript = false, chainArgs = ['--dev'], basePath } = {}) {
  const [rpcPort, p2pPort, promPort] = await freePorts(3);
  const dir = mkdtempSync(join(tmpdir(), 'openledger-dev-'));
  const logFile = join(dir, 'node.log');
  basePath ??= join(dir, 'db');
  const out = openSync(logFile, 'a');
  const args = ['--base-path', basePath, '--rpc-port', rpcPort, '--port', p2pPort,
    '--prometheus-port', promPort, '--no-telemetry', '--no-mdns', ...extraArgs].map(String);
  // dev.sh runs the node named by OPENLEDGER_NODE as it is, and execs it: `proc` is the node.
  const proc = viaScript
    ? spawn('bash', [join(ROOT, 'scripts', 'dev.sh'), ...args],
      { stdio: ['ignore', out, out], env: { ...process.env, OPENLEDGER_NODE: NODE_BIN } })
    : spawn(NODE_BIN, [...chainArgs, ...args], { stdio: ['ignore', out, out] });
  const node = {
    rpcPort, promPort, proc, logFile, basePath, url: `ws://127.0.0.1:${rpcPort}`,
    log: () => readFileSync(logFile, 'utf8'),
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
  try {
    await waitFor('dev node RPC is up', () => rpc(rpcPort, 'system_health'), { timeoutMs: 60_000, everyMs: 500 });
  } catch (e) {
    await node.stop();
    throw new Error(`${e.message}\n--- node log ---\n${node.log().slice(-4000)}`);
  }
  return node;
}

/**
 * Runs `binary` with `args` to completion without blocking the event loop (a test may serve
 * what the program fetches); resolves with its exit status and output.
 */
export function runAsync(binary, ...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args.map(String));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A polkadot.js API connected to `url`. */
/** The development accounts `names` (for example 'Alice'), as sr25519 pairs with our prefix. */
export function devAccounts(...names) {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2729 });
  return names.map((name) => keyring.addFromUri(`//${name}`));
}

export async function connect(url) {
  return ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
}

/** Runs scripts/local-testnet.sh with the given arguments and environment. */
export function localTestnet(args, env) {
  return execFileSync('bash', [join(ROOT, 'scripts', 'local-testnet.sh'), ...args], {
    env: { ...process.env, OPENLEDGER_NODE: NODE_BIN, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/**
 * Signs and sends `tx`, resolves once it is in a block with its events, and whether it
 * succeeded (decoding a failure from metadata as `section.Name`). `options` go to
 * `signAndSend` (for example `{ nonce }` when one account sends several at once).
 */
export function sendAndWait(api, tx, signer, options = {}) {
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, options, ({ status, events, dispatchError }) => {
      if (status.isInBlock) {
        unsub?.();
        let error = null;
        if (dispatchError) {
          if (dispatchError.isModule) {
            const meta = api.registry.findMetaError(dispatchError.asModule);
            error = `${meta.section}.${meta.name}`;
          } else if (dispatchError.isToken) {
            error = `Token.${dispatchError.asToken.type}`;
          } else {
            error = dispatchError.type;
          }
        }
        resolve({ blockHash: status.asInBlock, events, error });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        unsub?.();
        reject(new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsub = u; }, reject);
  });
}

/** Sends `tx` signed by `signer`; fails the test on a dispatch error; returns the events. */
export async function submitOk(api, tx, signer, options) {
  const { events, error } = await sendAndWait(api, tx, signer, options);
  assert.equal(error, null, `${tx.method.section}.${tx.method.method} failed`);
  return events;
}

/** The data of the first `section.method` event among `events`; fails the test if none. */
export function eventData(events, section, method) {
  const found = events.find(({ event }) => event.section === section && event.method === method);
  assert.ok(found, `a ${section}.${method} event`);
  return found.event.data;
}

/** The chain's default minimum provider bond (`parameters`: `bonds.MinProviderBond`). */
export const MIN_PROVIDER_BOND = 1000n * 10n ** 18n;

/** Where the e2e tests' providers publish outputs: a record's output URI is this and its id. */
export const OUTPUT_BASE = 'https://outputs.example/';

/**
 * Makes `who` a provider that can settle: bonded with the minimum provider bond unless it
 * holds that much, and publishing outputs at `OUTPUT_BASE` unless it has a base.
 */
export async function ensureProvider(api, who) {
  if (!api.query.providerBonds) return; // a runtime from before bonds (the state fixture's)
  const bond = (await api.query.providerBonds.bonds(who.address)).unwrapOr(null);
  if (!bond || bond.active.toBigInt() < MIN_PROVIDER_BOND) {
    await submitOk(api, api.tx.providerBonds.bond(MIN_PROVIDER_BOND), who);
  }
  if (!api.tx.attribution.setOutputBase) return; // a runtime from before output bases
  if ((await api.query.attribution.outputBases(who.address)).isNone) {
    await submitOk(api, api.tx.attribution.setOutputBase(OUTPUT_BASE), who);
  }
}

/**
 * The start of the paid-inference journey: Alice's open Datanet `name` (1 OPEN per
 * contribution) where each of `contents` — `[text, contributor]`, every contributor a different
 * account — is contributed, accepted and published as version 1; then Dave's base model
 * `${name}-llm` on that version at `fee`, served by Eve, bonded and publishing outputs.
 * Returns the ids.
 */
export async function modelOnPublishedData(api, name, contents, fee) {
  const [alice, dave, eve] = devAccounts('Alice', 'Dave', 'Eve');
  const ok = (tx, signer, options) => submitOk(api, tx, signer, options);
  const created = await ok(api.tx.datanets.createDatanet(name, '', [], {
    access: 'Open', contributionDeposit: 10n ** 18n, maxContributionBytes: 1_000_000,
  }), alice);
  const datanet = eventData(created, 'datanets', 'DatanetCreated').datanet.toNumber();
  const contributed = await Promise.all(contents.map(([text, who]) => ok(
    api.tx.datanets.contribute(datanet, contentRoot(Buffer.from(text)), Buffer.byteLength(text), '', '', 2n * 10n ** 18n), who,
  )));
  const contributions = contributed.map((events) => eventData(events, 'datanets', 'Contributed').contribution.toNumber());
  const next = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all([
    ...contributions.map((id, i) => ok(api.tx.datanets.review(id, 'Accept'), alice, { nonce: next + i })),
    ok(api.tx.datanets.publishVersion(datanet), alice, { nonce: next + contributions.length }),
  ]);
  const registered = await ok(api.tx.models.registerModel(
    `${name}-llm`, '', 'Base', blake2AsHex('weights', 256), '', [{ datanet, version: 1 }], fee,
  ), dave);
  const model = eventData(registered, 'models', 'ModelRegistered').model.toNumber();
  await ok(api.tx.models.authorizeProvider(model, eve.address), dave);
  await ensureProvider(api, eve);
  return { datanet, contributions, model };
}

/**
 * `proposer` notes `call` as a preimage and submits it as a referendum dispatched with `origin`
 * (`{ Origins: 'Parameters' }` or `{ system: 'Root' }`), as soon as its track allows, then places
 * its decision deposit: what docs/governance.md shows. Returns the referendum's index.
 */
export async function proposeReferendum(api, proposer, origin, call) {
  await submitOk(api, api.tx.preimage.notePreimage(call.method.toHex()), proposer);
  const submitted = await submitOk(api, api.tx.referenda.submit(
    origin,
    { Lookup: { hash: call.method.hash, len: call.method.encodedLength } },
    { After: 0 },
  ), proposer);
  const index = eventData(submitted, 'referenda', 'Submitted').index.toNumber();
  await submitOk(api, api.tx.referenda.placeDecisionDeposit(index), proposer);
  return index;
}
