// A reorganisation under the explorer's indexer, which follows Dave, one of the four validators
// of a local network (scripts/local-testnet.sh, every node in archive mode). Cut off from the
// others, Dave authors a fork of his own, where Ferdie's contribution to Alice's Datanet is
// included and indexed in a block that is not final. The other three, enough votes to finalize,
// include a different contribution from the same account with the same nonce. When Dave comes
// back he reorganises onto their chain, and so must the indexer: the fork's contribution is gone
// from it, the other is there once, and its counts equal the chain's.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  connect, devAccounts, eventData, finalized, localTestnet, rpc, submitOk, waitFor,
} from './lib/node.mjs';
import { startExplorer } from './lib/explorer.mjs';

const OPEN = 10n ** 18n;
// Ports away from the defaults and from network.test.mjs's (1000–1499).
const PORT_BASE = 2000 + Math.floor(Math.random() * 500);
const NET_DIR = mkdtempSync(join(tmpdir(), 'openledger-reorg-'));
const env = {
  OPENLEDGER_NET_DIR: NET_DIR, OPENLEDGER_PORT_BASE: String(PORT_BASE),
  OPENLEDGER_NODE_ARGS: '--state-pruning archive-canonical',
};
const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const port = (name) => 9944 + PORT_BASE + NAMES.indexOf(name);
const [alice, ferdie] = devAccounts('Alice', 'Ferdie');

let api, explorer, datanet;
const gql = (query) => explorer.gql(query);

const best = async (name) => parseInt((await rpc(port(name), 'chain_getHeader')).number, 16);
const withHash = async (hash) => (await gql(`{ contributions(where: { contentHash_eq: "${hash}" }) { id uri } }`)).contributions;

before(async () => {
  localTestnet(['start'], env);
  api = await connect(`ws://127.0.0.1:${port('alice')}`);
  const created = await submitOk(api, api.tx.datanets.createDatanet('forks', '', [], {
    access: 'Open', contributionDeposit: OPEN, maxContributionBytes: 1_000_000,
  }), alice);
  datanet = eventData(created, 'datanets', 'DatanetCreated').datanet.toNumber();

  explorer = await startExplorer(`ws://127.0.0.1:${port('dave')}`);
  await explorer.reach(await best('dave'));
});

after(async () => {
  await explorer?.stop();
  await api?.disconnect();
  localTestnet(['stop'], env);
});

test('blocks of an abandoned fork leave the index when the node reorganises', async () => {
  const nonce = (await api.rpc.system.accountNextIndex(ferdie.address)).toNumber();
  const contribute = (chain, text) => submitOk(chain,
    chain.tx.datanets.contribute(datanet, blake2AsHex(text, 256), 10, `ipfs://${text}`, '', 2n * OPEN), ferdie, { nonce });

  // Dave alone: his fork holds Ferdie's first contribution, indexed but not final.
  localTestnet(['isolate', 'dave'], env);
  await waitFor('Dave\'s RPC', () => rpc(port('dave'), 'system_health'), { everyMs: 500 });
  const daveApi = await connect(`ws://127.0.0.1:${port('dave')}`);
  const forked = blake2AsHex('on the fork', 256);
  try {
    await contribute(daveApi, 'on the fork');
  } finally {
    await daveApi.disconnect();
  }
  await waitFor('the fork\'s contribution indexed', async () => (await withHash(forked)).length === 1,
    { timeoutMs: 120_000, everyMs: 1000 });
  const status = await explorer.indexed();
  assert.ok(status.height > status.finalizedHeight, `indexed in a block that is not final: ${JSON.stringify(status)}`);

  // The other three: the same nonce, another contribution, finalized.
  const kept = blake2AsHex('on the chain', 256);
  const events = await contribute(api, 'on the chain');
  const contribution = eventData(events, 'datanets', 'Contributed').contribution.toString();
  const included = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitFor('the others finalize it', async () => (await finalized(port('alice'))).number >= included,
    { timeoutMs: 120_000 });

  // Dave back: he takes their chain, and the indexer follows.
  localTestnet(['kill', 'dave'], env);
  localTestnet(['restart', 'dave'], env);
  await waitFor('Dave on the others\' finalized chain', async () => {
    const dave = await finalized(port('dave'));
    return dave.number >= included && dave.hash === (await rpc(port('alice'), 'chain_getBlockHash', [dave.number]));
  }, { timeoutMs: 180_000 });
  await explorer.reach(await best('dave'));

  assert.deepEqual(await withHash(forked), [], 'the abandoned fork\'s contribution is gone');
  assert.deepEqual(await withHash(kept), [{ id: contribution, uri: 'ipfs://on the chain' }],
    'the chain\'s contribution is there, once, with its URI');
  const { datanetById: row, datanetContributorById: ferdies } = await gql(`{
    datanetById(id: "${datanet}") { submitted }
    datanetContributorById(id: "${datanet}-${ferdie.address}") { contributions } }`);
  const counters = (await rpc(port('dave'), 'openledger_datanet', [datanet])).counters;
  assert.equal(row.submitted, counters.pending + counters.accepted + counters.rejected, 'contributions counted as on chain');
  assert.equal(ferdies.contributions, 1);
});
