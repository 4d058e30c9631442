// Starting `openledger-gateway serve` for a test: on a free port (or the one given), against a
// node, logging to a file in the test's directory; resolves once it serves.

import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts, waitFor } from './node.mjs';

const TARGET = process.env.CARGO_TARGET_DIR || '/var/tmp/openledger-target';
export const GATEWAY = join(TARGET, 'release', 'openledger-gateway');

/**
 * Starts a gateway with `args` after `--node`, `--listen`, `--public-url` and `--data-dir`.
 * `stop()` sends SIGTERM, `kill()` SIGKILL; `log()` reads its log; `exited` resolves with its
 * exit code.
 */
export async function startGateway(args, { nodeUrl, dir, dataDir, publicUrl, port, env } = {}) {
  const [listen] = port ? [port] : await freePorts(1);
  const logFile = join(dir, `gateway-${listen}.log`);
  const proc = spawn(GATEWAY, ['serve', '--node', nodeUrl, '--listen', `127.0.0.1:${listen}`,
    ...(publicUrl ? ['--public-url', publicUrl] : []), '--data-dir', dataDir, ...args.map(String)],
  { stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')], env: { ...process.env, ...env } });
  const exited = new Promise((r) => proc.once('exit', (code, signal) => r(code ?? signal)));
  const gateway = {
    port: listen, proc, exited, url: `http://127.0.0.1:${listen}`, log: () => readFileSync(logFile, 'utf8'),
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
    kill() { return this.stop('SIGKILL'); },
  };
  try {
    await waitFor('the gateway serves', async () => (await fetch(`${gateway.url}/health`)).ok,
      { timeoutMs: 180_000, everyMs: 500 });
  } catch (e) {
    await gateway.stop();
    throw new Error(`${e.message}\n--- gateway log ---\n${gateway.log().slice(-4000)}`);
  }
  return gateway;
}
