// polkadot.js definitions of the node's openledger_* JSON-RPC methods (docs/rpc.md), so that
// `api.rpc.openledger.*` works:
//
//   import { rpc } from './scripts/openledger-rpc.mjs';
//   const api = await ApiPromise.create({ provider, rpc });
//   const pending = (await api.rpc.openledger.pendingRewards(address)).toJSON();
//
// Every method returns plain JSON (balances as decimal strings); `at` is an optional block hash,
// the best block by default.

const at = { name: 'at', type: 'BlockHash', isOptional: true };

export const rpc = {
  openledger: {
    pendingRewards: {
      description: 'What an account can claim, by source (data, model, provider, emission), and what is still in its challenge period.',
      params: [{ name: 'account', type: 'Text' }, at],
      type: 'Json',
    },
    attributionRecord: {
      description: 'The attribution record of a settled inference, while it is retained.',
      params: [{ name: 'inference', type: 'u64' }, at],
      type: 'Json',
    },
    datanet: {
      description: 'A Datanet with its versions.',
      params: [{ name: 'id', type: 'u32' }, at],
      type: 'Json',
    },
    model: {
      description: 'A model with its versions and the lineage of its latest version.',
      params: [{ name: 'id', type: 'u32' }, at],
      type: 'Json',
    },
    contributions: {
      description: "A page of an account's contributions (cursor and limit optional).",
      params: [
        { name: 'account', type: 'Text' },
        { name: 'cursor', type: 'Option<u64>', isOptional: true },
        { name: 'limit', type: 'Option<u32>', isOptional: true },
        at,
      ],
      type: 'Json',
    },
    agent: {
      description: 'An agent with its record of work.',
      params: [{ name: 'id', type: 'u32' }, at],
      type: 'Json',
    },
    agents: {
      description: 'A page of agents (cursor and limit optional).',
      params: [
        { name: 'cursor', type: 'Option<u32>', isOptional: true },
        { name: 'limit', type: 'Option<u32>', isOptional: true },
        at,
      ],
      type: 'Json',
    },
    task: {
      description: "A task, its inferences, where each one's fee went and where its whole budget went.",
      params: [{ name: 'id', type: 'u64' }, at],
      type: 'Json',
    },
    agentVolumes: {
      description: "What agents did in each epoch still kept, beside the epoch's inference fees.",
      params: [at],
      type: 'Json',
    },
  },
};
