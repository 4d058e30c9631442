// Runs every end-to-end test file (`*.test.mjs`) with node's test runner, several files at once:
// each file starts its own nodes on free ports, and the tests spend most of their time waiting
// for six-second blocks, so four files share the two cores without slowing each other's
// blocks. The longest files start first, so the run is as long as the longest of them rather
// than as the files' sum. `npm test -- FILE...` runs only the files named.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CONCURRENCY = Number(process.env.E2E_CONCURRENCY || 4);
// Longest first (minutes, measured in CI): the four-validator network with the runtime upgrade,
// governance's referenda, then the gateway's (a refund timeout and a one-command demo). The rest
// follow in name order.
const FIRST = ['network.test.mjs', 'governance.test.mjs', 'gateway.test.mjs'];

const named = process.argv.slice(2);
const all = readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort();
const files = named.length > 0 ? named
  : [...FIRST.filter((f) => all.includes(f)), ...all.filter((f) => !FIRST.includes(f))];

const { status, signal } = spawnSync(process.execPath,
  ['--test', `--test-concurrency=${CONCURRENCY}`, ...files], { cwd: here, stdio: 'inherit' });
process.exit(status ?? (signal ? 1 : 0));
