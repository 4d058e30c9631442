// The node's maintenance subcommands on a real ParityDB database: export a dev chain's blocks,
// import them into an empty database, check a block, revert, and purge.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_BIN, startDevNode, finalized, waitFor } from './lib/node.mjs';

const node = (...args) => execFileSync(NODE_BIN, args.map(String), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('export-blocks, import-blocks, check-block, revert and purge-chain work on ParityDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openledger-cmds-'));
  const [target, blocks] = [join(dir, 'target'), join(dir, 'blocks.bin')];

  // A dev chain with a few finalized blocks, stopped so its database can be read.
  const dev = await startDevNode();
  try {
    await waitFor('dev chain finalizes block 3', async () => (await finalized(dev.rpcPort)).number >= 3, { timeoutMs: 90_000 });
  } finally {
    await dev.stop();
  }
  const source = dev.basePath;
  assert.ok(existsSync(join(source, 'chains', 'openledger_dev', 'paritydb')), 'the database is ParityDB');

  node('export-blocks', '--dev', '--base-path', source, '--from', 1, '--to', 3, '--binary', blocks);
  assert.ok(statSync(blocks).size > 0, 'blocks were exported');

  node('import-blocks', '--dev', '--base-path', target, '--binary', blocks);
  // Block 3 of the imported chain passes the node's own re-validation.
  const info = node('check-block', '--dev', '--base-path', target, 3);
  assert.doesNotMatch(info, /error/i);

  node('revert', '--dev', '--base-path', target, 1);
  node('purge-chain', '--dev', '--base-path', target, '-y');
  assert.ok(!existsSync(join(target, 'chains', 'openledger_dev', 'paritydb')), 'purged');
});
