// The explorer for the end-to-end tests: scripts/explorer.sh against a node on free ports, with
// a fresh database, and its GraphQL API.

import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, freePorts, waitFor } from './node.mjs';

/** A GraphQL query's data at `url`; throws the first error. */
export async function graphql(url, query) {
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data;
}

/** Debian's Chromium, headless (never a browser download). */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    // As root, without the sandbox; and no background traffic, which this machine's network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Starts the explorer against `nodeUrl`; resolves once its web app answers. */
export async function startExplorer(nodeUrl) {
  const [db, graphqlPort, web] = await freePorts(3);
  const state = mkdtempSync(join(tmpdir(), 'openledger-explorer-'));
  const log = openSync(join(state, 'explorer.log'), 'a');
  const child = spawn('bash', [join(ROOT, 'scripts', 'explorer.sh'), '--node', nodeUrl, '--state', state,
    '--fresh', '--db-port', db, '--graphql-port', graphqlPort, '--web-port', web].map(String),
  { stdio: ['ignore', log, log] });
  const explorer = {
    state,
    webUrl: `http://127.0.0.1:${web}`,
    /** A GraphQL query's data; throws the first error. */
    gql: (query) => graphql(`http://127.0.0.1:${graphqlPort}/graphql`, query),
    /** The last block indexed, and the last final one (-1 while GraphQL is not up). */
    async indexed() {
      try {
        return (await explorer.gql('{ squidStatus { height finalizedHeight } }')).squidStatus;
      } catch {
        return { height: -1, finalizedHeight: -1 };
      }
    },
    /** Waits until the indexer has written block `height`. */
    async reach(height) {
      await waitFor(`the indexer at block ${height}`, async () => (await explorer.indexed()).height >= height,
        { timeoutMs: 300_000, everyMs: 1000 });
    },
    /** The indexer's process (explorer.sh starts it again if it stops). */
    indexerPid: () => Number(readFileSync(join(state, 'indexer.pid'), 'utf8')),
    log: () => readFileSync(join(state, 'explorer.log'), 'utf8'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
  await waitFor('the explorer\'s web app', async () => (await fetch(explorer.webUrl).catch(() => null))?.ok,
    { timeoutMs: 300_000, everyMs: 1000 });
  return explorer;
}
