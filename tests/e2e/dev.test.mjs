// The dev chain end to end: a real `openledger-node --dev`, read over raw JSON-RPC and used
// through polkadot.js as a wallet would.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDevNode, connect, devAccounts, rpc, finalized, waitFor, sendAndWait } from './lib/node.mjs';

const OPEN = 10n ** 18n;
let node;
let api;
let alice;
let bob;
let charlie;

before(async () => {
  node = await startDevNode();
  api = await connect(node.url);
  [alice, bob, charlie] = devAccounts('Alice', 'Bob', 'Charlie');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();

test('blocks are produced and finalized (raw JSON-RPC)', async () => {
  const head = await waitFor('finalized block >= 2', async () => {
    const f = await finalized(node.rpcPort);
    return f.number >= 2 ? f : null;
  }, { timeoutMs: 90_000 });
  const best = parseInt((await rpc(node.rpcPort, 'chain_getHeader')).number, 16);
  assert.ok(best >= head.number, `best ${best} >= finalized ${head.number}`);
  // The finalized hash is the canonical block at that height.
  assert.equal(await rpc(node.rpcPort, 'chain_getBlockHash', [head.number]), head.hash);
});

test('chain properties name the OPEN token and our address format', async () => {
  const props = await api.rpc.system.properties();
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'OPEN');
  assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 18);
  assert.equal(props.ss58Format.unwrap().toNumber(), 2729);
  assert.equal(api.registry.chainSS58, 2729);
  assert.match(alice.address, /^op/);
  assert.equal((await api.rpc.system.chain()).toString(), 'OpenLedger Development');
  // Its keys are public, and the node says so when it starts.
  assert.match(node.log(), /OpenLedger Development runs on the public development keys/);
  const issuance = (await api.query.balances.totalIssuance()).toBigInt();
  assert.equal(issuance, 1_000_000_000n * OPEN);
});

test('the standard RPC methods are served', async () => {
  const { methods } = await rpc(node.rpcPort, 'rpc_methods');
  for (const m of ['system_health', 'system_accountNextIndex', 'author_submitExtrinsic',
    'author_rotateKeys', 'chain_getFinalizedHead', 'state_getStorage', 'state_call',
    'payment_queryInfo', 'payment_queryFeeDetails']) {
    assert.ok(methods.includes(m), `missing ${m}`);
  }
});

test('Prometheus metrics are exported', async () => {
  const text = await (await fetch(`http://127.0.0.1:${node.promPort}/metrics`)).text();
  assert.match(text, /substrate_block_height\{status="finalized"/);
});

test('a signed transfer moves funds, pays a fee and emits Transfer', async () => {
  const amount = 5n * OPEN;
  const [a0, b0] = [await free(alice), await free(bob)];
  const { events, error } = await sendAndWait(
    api, api.tx.balances.transferKeepAlive(bob.address, amount), alice);
  assert.equal(error, null);

  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, 'a Transfer event');
  const [from, to, value] = transfer.event.data;
  assert.equal(from.toString(), alice.address);
  assert.equal(to.toString(), bob.address);
  assert.equal(value.toBigInt(), amount);

  const feePaid = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  const fee = feePaid.event.data[1].toBigInt();
  assert.ok(fee > 0n && fee < OPEN / 1000n, `fee ${fee}`);
  assert.equal(await free(bob), b0 + amount);
  assert.equal(await free(alice), a0 - amount - fee);
});

test('a transfer above the free balance fails with the balances error and moves nothing', async () => {
  const [c0, b0] = [await free(charlie), await free(bob)];
  const { events, error } = await sendAndWait(
    api, api.tx.balances.transferKeepAlive(bob.address, c0 * 2n), charlie);
  // pallet-balances reports a shortfall through the fungible traits' token error.
  assert.equal(error, 'Token.FundsUnavailable');
  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event)));
  const fee = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event))
    .event.data[1].toBigInt();
  assert.equal(await free(bob), b0, 'the recipient got nothing');
  assert.equal(await free(charlie), c0 - fee, 'the sender paid only the fee');
});
