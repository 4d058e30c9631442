#!/usr/bin/env node
// A small command-line client for OpenLedger contributors, on polkadot.js.
//
//   node scripts/client/openledger.mjs <command> [options]
//
// Commands:
//   create-datanet --name NAME [--description URI] [--tags a,b] [--deposit OPEN]
//                  [--max-bytes N] [--permissioned]
//   contribute     --datanet ID --file PATH [--uri URI] [--metadata TEXT] [--max-deposit OPEN]
//                  (commits to the file's hash in one block and reveals it with datanets.reveal in
//                  the next, so that nobody who copies it from the pool can take its credit; the
//                  deposit is at most --max-deposit, by default what the chain asks now: the
//                  Datanet's review deposit and the record's storage deposit)
//   withdraw       --contribution ID  (asks, waits out datanets.WithdrawalDelay, then withdraws)
//   status         --contribution ID
//   contributions  [--account ADDRESS]
//   rewards        [--account ADDRESS]  (what is claimable, and what is still in its challenge
//                  period with the blocks it becomes claimable at)
//   claim          (pays what is claimable; credits in their challenge period stay)
// and, for the other roles of the journey (Datanet owner, model developer, consumer, provider):
//   review         --contribution ID --verdict accept|reject|spam
//   publish        --datanet ID
//   register-model --name NAME --datanet ID --version N --fee OPEN [--provider ADDRESS]
//                  [--artifact-hash 0x…]  (what the model's artifact hashes to: for the ∞-gram
//                  model of the version's index, `openledger-attribute model-hash --index FILE`;
//                  without it, the BLAKE2-256 of NAME, a model with no artifact to check)
//   infer          --model ID [--max-fee OPEN] [--prompt TEXT] [--private]
//                  (--private: the provider publishes no output, and only you may challenge
//                  the record)
//   ask            --model ID [--gateway URL] [--max-fee OPEN] [--max-tokens N] [--private] QUESTION
//                  (pays for the question on chain, asks the provider's gateway, prints the
//                  answer and the data it quotes, waits for the gateway to settle it and prints
//                  where the fee went; --gateway defaults to OPENLEDGER_GATEWAY or
//                  http://127.0.0.1:8080; docs/gateway.md)
//   settle         --inference ID --attribution CONTRIBUTION:PERCENT[,...] [--output TEXT]
//                  (the provider must be bonded, see bond, and have an output base, see
//                  output-base, unless the consumer asked for privacy)
//   output-base    --base URI | --clear  (where you publish the outputs you settle: a record's
//                  output URI is the base and its inference id; the first holds
//                  attribution.OutputBaseDeposit, --clear releases it)
//   bond           --amount OPEN  (holds OPEN as the provider bond that settling requires: at
//                  least the chain's minimum, providerBonds.MinProviderBond on the parameters
//                  track; a challenge that proves an attribution wrong takes part of it)
//   unbond         --amount OPEN  (stops it counting at once; it stays held, and slashable,
//                  for providerBonds.UnbondingPeriod)
//   withdraw-bond  (releases what was unbonded once its period is over)
//   bond-status    [--account ADDRESS]
// and for agents (docs/agents.md):
//   agent register --operator ADDRESS --name NAME --models ID[,ID…] --price OPEN --stake OPEN
//                  [--description URI] [--endpoint URI]  (you own it and hold its stake; the
//                  operator's key runs it: never your own)
//   agent show     --agent ID  (its reputation, from openledger_agent)
//   agent list
//   agent pause | resume | retire | release --agent ID
//   agent stake    --agent ID --amount OPEN  (adds to its stake)
//   agent operator --agent ID --operator ADDRESS
//   agent claim    (the agent fees your agents earned)
//   task open      --agent ID --budget OPEN [--max-agent-fee OPEN] [--blocks N] [--gateway URL]
//                  [INPUT]  (opens a task due N blocks from now (default 50), holding the budget;
//                  with INPUT, runs it at the agent's registered endpoint (at --gateway if it
//                  registered none) and prints the result, each step's citations, and where the
//                  budget went)
//   task show      --task ID  (where every unit of its budget went, from openledger_task)
//   task expire    --task ID  (after its deadline: the unspent budget back, the agent slashed)
//   task clear     --task ID  (a closed task's record goes, its deposit back)
//
// Options for every command:
//   --url URL      the node's WebSocket endpoint (default ws://127.0.0.1:9944, or OPENLEDGER_URL)
//   --seed SEED    the signing account's secret seed or URI (default //Alice, or OPENLEDGER_SEED)
//   --json         print one JSON object instead of text, for scripts
//
// Amounts are printed in OPEN and, with --json, as decimal strings of the smallest unit.
// Arguments over the chain's bounds (its metadata constants, e.g. datanets.MaxNameLength) are
// refused before anything is signed.
// Errors from the chain are decoded from its metadata, e.g.
//   datanets.DuplicateContent: A contribution with this content hash is already in the Datanet…

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import canonicalize from 'canonicalize';
import { contentRoot } from './content.mjs';
import { rpc as openledgerRpc } from '../openledger-rpc.mjs';

const SS58_PREFIX = 2729;
const DECIMALS = 18n;
const UNIT = 10n ** DECIMALS;

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env.OPENLEDGER_URL ?? 'ws://127.0.0.1:9944' },
    seed: { type: 'string', default: process.env.OPENLEDGER_SEED ?? '//Alice' },
    json: { type: 'boolean', default: false },
    name: { type: 'string' },
    description: { type: 'string', default: '' },
    tags: { type: 'string', default: '' },
    deposit: { type: 'string', default: '1' },
    'max-bytes': { type: 'string', default: String(16 * 1024 * 1024) },
    permissioned: { type: 'boolean', default: false },
    datanet: { type: 'string' },
    file: { type: 'string' },
    uri: { type: 'string' },
    metadata: { type: 'string', default: '' },
    contribution: { type: 'string' },
    account: { type: 'string' },
    verdict: { type: 'string' },
    version: { type: 'string' },
    fee: { type: 'string' },
    provider: { type: 'string' },
    model: { type: 'string' },
    'max-fee': { type: 'string' },
    'max-deposit': { type: 'string' },
    'artifact-hash': { type: 'string' },
    prompt: { type: 'string', default: '' },
    inference: { type: 'string' },
    attribution: { type: 'string', default: '' },
    amount: { type: 'string' },
    output: { type: 'string', default: '' },
    private: { type: 'boolean', default: false },
    base: { type: 'string' },
    clear: { type: 'boolean', default: false },
    gateway: { type: 'string', default: process.env.OPENLEDGER_GATEWAY ?? 'http://127.0.0.1:8080' },
    'max-tokens': { type: 'string', default: '128' },
    operator: { type: 'string' },
    models: { type: 'string' },
    price: { type: 'string' },
    stake: { type: 'string' },
    endpoint: { type: 'string', default: '' },
    agent: { type: 'string' },
    task: { type: 'string' },
    budget: { type: 'string' },
    'max-agent-fee': { type: 'string' },
    blocks: { type: 'string', default: '50' },
  },
});

/** Progress and results for people, on stderr and stdout; silent on stderr with --json. */
const progress = (message) => { if (!opts.json) process.stderr.write(`${message}\n`); };

/** A fatal, readable error. */
class UserError extends Error {}

/** OPEN amount (decimal string like "1.5") → smallest units. */
function toUnits(open) {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(open);
  if (!match) throw new UserError(`not an OPEN amount: ${open}`);
  return BigInt(match[1]) * UNIT + BigInt((match[2] ?? '').padEnd(18, '0'));
}

/** Smallest units → "1.5 OPEN". */
function formatOpen(units) {
  const whole = units / UNIT;
  const fraction = (units % UNIT).toString().padStart(18, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} OPEN`;
}

function need(name) {
  if (opts[name] === undefined) throw new UserError(`--${name} is required`);
  return opts[name];
}

function integer(name) {
  const value = need(name);
  if (!/^\d+$/.test(value)) throw new UserError(`--${name} must be a whole number, not ${value}`);
  return Number(value);
}

/**
 * Refuses, before anything is signed, a value over one of the chain's bounds (`section.Name`,
 * a constant in the metadata): a transaction with an over-long argument does not decode in the
 * runtime, and the node then answers only "wasm trap: unreachable" with the reason in its log.
 * `size` is a string's UTF-8 length, a list's length or a number itself.
 */
function withinBound(api, what, value, section, name) {
  const constant = api.consts[section]?.[name[0].toLowerCase() + name.slice(1)];
  if (constant === undefined) return;
  const size = typeof value === 'string' ? Buffer.byteLength(value)
    : Array.isArray(value) ? value.length : value;
  const bound = constant.toBigInt();
  if (BigInt(size) > bound) {
    const unit = typeof value === 'string' ? ' bytes' : Array.isArray(value) ? ' items' : '';
    throw new UserError(`${what} is ${size}${unit}; the chain takes at most ${bound}${unit} (${section}.${name})`);
  }
}

/** The chain's explanation of a failed dispatch: "section.Name: docs". */
function explain(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}: ${docs.join(' ').trim()}`;
  }
  if (dispatchError.isToken) return `Token.${dispatchError.asToken.type}: the account cannot afford it`;
  return dispatchError.toString();
}

/** Signs and sends `tx`, reporting progress; resolves with its events once in a block. */
function submit(api, signer, tx) {
  const what = `${tx.method.section}.${tx.method.method}`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (status.isReady || status.isBroadcast) {
        progress(`… ${what} submitted, waiting for a block (${seconds} s)`);
      } else if (status.isInBlock) {
        unsub();
        if (dispatchError) {
          reject(new UserError(explain(api, dispatchError)));
        } else {
          progress(`✓ ${what} in block ${status.asInBlock.toHex()} (${seconds} s)`);
          resolve(events);
        }
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        unsub();
        reject(new UserError(`${what}: the transaction was ${status.type.toLowerCase()}`));
      }
    }).then((u) => { unsub = u; }, (e) => reject(new UserError(`${what}: ${e.message}`)));
  });
}

/**
 * The commitment `datanets.commit` takes before `datanets.reveal` of contributions of `hashes`
 * (in that order) by `account` to `datanet`: BLAKE2-256 of the SCALE encoding of
 * `(AccountId32, u32, Vec<H256>)`, as the runtime's `Datanets::commitment` computes it.
 */
function contributionCommitment(api, account, datanet, hashes) {
  return blake2AsHex(api.createType('(AccountId32, u32, Vec<H256>)', [account, datanet, hashes]).toU8a(), 256);
}

/** Resolves once the best block is `number` or later. */
async function untilBlock(api, number) {
  let unsub = () => {};
  await new Promise((resolve, reject) => {
    api.rpc.chain.subscribeNewHeads((header) => {
      if (header.number.toNumber() >= number) resolve();
    }).then((u) => { unsub = u; }, reject);
  });
  unsub();
}

/** The data of the `section.method` event among `events`. */
function eventData(events, section, method) {
  const found = events.find(({ event }) => event.section === section && event.method === method);
  if (!found) throw new Error(`no ${section}.${method} event`);
  return found.event.data;
}

function contributionView(id, c) {
  const status = c.status.type;
  return {
    id,
    datanet: c.datanet.toNumber(),
    contentHash: c.contentHash.toHex(),
    sizeBytes: c.sizeBytes.toNumber(),
    uri: c.uri.toUtf8(),
    deposit: c.deposit.toBigInt().toString(),
    status,
    sequence: c.status.isAccepted ? c.status.asAccepted.sequence.toNumber() : null,
    spam: c.status.isRejected ? c.status.asRejected.spam.isTrue : null,
  };
}

const commands = {
  async 'create-datanet'(api, me) {
    const tags = opts.tags ? opts.tags.split(',').map((t) => t.trim()).filter(Boolean) : [];
    withinBound(api, '--name', need('name'), 'datanets', 'MaxNameLength');
    withinBound(api, '--description', opts.description, 'datanets', 'MaxUriLength');
    withinBound(api, '--tags', tags, 'datanets', 'MaxTags');
    for (const tag of tags) withinBound(api, `tag ${tag}`, tag, 'datanets', 'MaxTagLength');
    const events = await submit(api, me, api.tx.datanets.createDatanet(need('name'), opts.description, tags, {
      access: opts.permissioned ? 'Permissioned' : 'Open',
      contributionDeposit: toUnits(opts.deposit),
      maxContributionBytes: integer('max-bytes'),
    }));
    const data = eventData(events, 'datanets', 'DatanetCreated');
    const datanet = data.datanet.toNumber();
    progress(`Datanet ${datanet} created; ${formatOpen(data.deposit.toBigInt())} held as its deposit.`);
    return { datanet, deposit: data.deposit.toBigInt().toString() };
  },

  async contribute(api, me) {
    const path = need('file');
    const bytes = readFileSync(path);
    const hash = contentRoot(bytes);
    progress(`${basename(path)}: ${bytes.length} bytes, content root ${hash}`);
    const uri = opts.uri ?? `file:${basename(path)}`;
    withinBound(api, '--uri', uri, 'datanets', 'MaxUriLength');
    withinBound(api, '--metadata', opts.metadata, 'datanets', 'MaxMetadataLength');
    withinBound(api, `${basename(path)}'s size`, bytes.length, 'datanets', 'MaxContributionBytes');
    const datanet = integer('datanet');
    const found = await api.query.datanets.datanets(datanet);
    if (found.isNone) throw new UserError(`no Datanet ${datanet}`);
    // The deposit agreed to now (the Datanet's review deposit and the record's storage
    // deposit, as the runtime prices them): if the owner raises it before the contribution
    // lands, the chain refuses the contribution (datanets.DepositAboveMaximum) rather than
    // hold more.
    const metadata = opts.metadata ?? '';
    const maxDeposit = opts['max-deposit'] !== undefined
      ? toUnits(opts['max-deposit'])
      : (await api.call.datanetsApi.contributionDeposit(
        me.address, datanet, Buffer.byteLength(uri), Buffer.byteLength(metadata))).unwrap().toBigInt();
    progress(`deposit: at most ${formatOpen(maxDeposit)}, held until review`);
    // Commit, then reveal in a later block: the contribution's claim to its content dates from
    // the commitment, which shows nothing of the content. (A plain `contribute` claims from its
    // own block, so a copy that lands first keeps the content.)
    const commitment = contributionCommitment(api, me.address, datanet, [hash]);
    await submit(api, me, api.tx.datanets.commit(commitment));
    let events;
    try {
      events = await submit(api, me,
        api.tx.datanets.reveal(datanet, [{ contentHash: hash, sizeBytes: bytes.length, uri, metadata }], maxDeposit));
    } catch (error) {
      // Nothing left behind: the commitment's deposit comes back.
      await submit(api, me, api.tx.datanets.cancelCommitment(commitment));
      throw error;
    }
    const data = eventData(events, 'datanets', 'Contributed');
    const contribution = data.contribution.toNumber();
    const displaced = events.filter(({ event }) => event.section === 'datanets' && event.method === 'ContributionDisplaced');
    for (const { event } of displaced) {
      progress(`A copy of this file sent after your commitment (contribution ${event.data.contribution}) gave way to yours.`);
    }
    progress(`Contribution ${contribution} is pending review; ${formatOpen(data.deposit.toBigInt())} held until then.`);
    return {
      contribution, contentHash: hash, sizeBytes: bytes.length, deposit: data.deposit.toBigInt().toString(),
      commitment, displaced: displaced.map(({ event }) => event.data.contribution.toNumber()),
    };
  },

  async withdraw(api, me) {
    const id = integer('contribution');
    const requested = eventData(await submit(api, me, api.tx.datanets.withdraw(id)), 'datanets', 'WithdrawalRequested');
    const due = requested.due.toNumber();
    progress(`Withdrawal asked for; curators may still review contribution ${id} until block ${due}.`);
    await untilBlock(api, due);
    const events = await submit(api, me, api.tx.datanets.withdraw(id));
    const data = eventData(events, 'datanets', 'ContributionWithdrawn');
    progress(`Contribution ${id} withdrawn; ${formatOpen(data.depositReturned.toBigInt())} returned.`);
    return { contribution: id, due, depositReturned: data.depositReturned.toBigInt().toString() };
  },

  async status(api) {
    const id = integer('contribution');
    const found = await api.call.datanetsApi.contribution(id);
    if (found.isNone) throw new UserError(`no contribution ${id} (it may have been withdrawn)`);
    const view = contributionView(id, found.unwrap());
    progress(`Contribution ${id} in Datanet ${view.datanet}: ${view.status}` +
      (view.sequence !== null ? ` (acceptance #${view.sequence})` : '') +
      (view.spam ? ' as spam' : ''));
    return view;
  },

  async contributions(api, me) {
    const account = opts.account ?? me.address;
    const items = [];
    let cursor = null;
    do {
      const page = await api.call.datanetsApi.contributionsOf(account, cursor, 256);
      items.push(...page.items.map(([id, c]) => contributionView(id.toNumber(), c)));
      cursor = page.nextCursor.isSome ? page.nextCursor.unwrap().toNumber() : null;
    } while (cursor !== null);
    items.sort((a, b) => a.id - b.id);
    progress(`${account}: ${items.length} contribution(s)`);
    for (const c of items) progress(`  #${c.id}  Datanet ${c.datanet}  ${c.status.padEnd(8)}  ${c.sizeBytes} bytes  ${c.uri}`);
    return { account, contributions: items };
  },

  async rewards(api, me) {
    const account = opts.account ?? me.address;
    const r = await api.call.rewardsApi.rewardsOf(account);
    const amounts = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k].toBigInt().toString()]));
    const view = amounts(r.claimable, ['data', 'model', 'provider', 'emission', 'total', 'currentEpochScore']);
    const inChallenge = amounts(r.inChallenge, ['data', 'model', 'provider', 'score']);
    inChallenge.total = (BigInt(inChallenge.data) + BigInt(inChallenge.model) + BigInt(inChallenge.provider)).toString();
    const maturing = r.maturing.map(([block, amount]) => ({ block: block.toNumber(), amount: amount.toBigInt().toString() }));
    progress(`${account} can claim ${formatOpen(BigInt(view.total))}: ` +
      `data ${formatOpen(BigInt(view.data))}, model ${formatOpen(BigInt(view.model))}, ` +
      `provider ${formatOpen(BigInt(view.provider))}, emission ${formatOpen(BigInt(view.emission))}`);
    if (maturing.length > 0) {
      progress(`In their challenge period: ${formatOpen(BigInt(inChallenge.total))} ` +
        `(${maturing.map((m) => `${formatOpen(BigInt(m.amount))} claimable from block ${m.block}`).join(', ')})`);
    }
    return { account, ...view, inChallenge, maturing };
  },

  async review(api, me) {
    const verdicts = { accept: 'Accept', reject: 'Reject', spam: 'RejectAsSpam' };
    const verdict = verdicts[need('verdict')];
    if (!verdict) throw new UserError(`--verdict must be accept, reject or spam, not ${opts.verdict}`);
    const id = integer('contribution');
    const events = await submit(api, me, api.tx.datanets.review(id, verdict));
    const accepted = events.find(({ event }) => event.method === 'ContributionAccepted');
    const sequence = accepted ? accepted.event.data.sequence.toNumber() : null;
    progress(`Contribution ${id}: ${verdict}${sequence !== null ? ` (acceptance #${sequence})` : ''}.`);
    return { contribution: id, verdict, sequence };
  },

  async publish(api, me) {
    const events = await submit(api, me, api.tx.datanets.publishVersion(integer('datanet')));
    const data = eventData(events, 'datanets', 'VersionPublished');
    const view = {
      datanet: data.datanet.toNumber(),
      version: data.version.toNumber(),
      contributions: data.contributions.toNumber(),
      merkleRoot: data.merkleRoot.toHex(),
    };
    progress(`Datanet ${view.datanet} version ${view.version}: ${view.contributions} contribution(s), root ${view.merkleRoot}.`);
    return view;
  },

  async 'register-model'(api, me) {
    const lineage = [{ datanet: integer('datanet'), version: integer('version') }];
    withinBound(api, '--name', need('name'), 'models', 'MaxNameLength');
    const artifactHash = opts['artifact-hash'] ?? blake2AsHex(need('name'), 256);
    if (!/^0x[0-9a-fA-F]{64}$/.test(artifactHash)) {
      throw new UserError(`--artifact-hash is 0x and 64 hex digits, not ${artifactHash}`);
    }
    const events = await submit(api, me, api.tx.models.registerModel(
      need('name'), '', 'Base', artifactHash, '', lineage, toUnits(need('fee')),
    ));
    const model = eventData(events, 'models', 'ModelRegistered').model.toNumber();
    progress(`Model ${model} registered on Datanet ${lineage[0].datanet} version ${lineage[0].version}.`);
    if (opts.provider) {
      await submit(api, me, api.tx.models.authorizeProvider(model, opts.provider));
      progress(`${opts.provider} may settle its inferences.`);
    }
    return { model };
  },

  async infer(api, me) {
    const model = integer('model');
    const maxFee = opts['max-fee'] !== undefined ? toUnits(opts['max-fee']) : 2n ** 127n;
    const request = opts.private ? api.tx.attribution.requestPrivateInference
      : api.tx.attribution.requestInference;
    const events = await submit(api, me, request(model, maxFee, blake2AsHex(opts.prompt, 256)));
    const data = eventData(events, 'attribution', 'InferenceRequested');
    const inference = data.inference.toNumber();
    progress(`Inference ${inference} paid: ${formatOpen(data.fee.toBigInt())} held until the provider settles it` +
      (opts.private ? '; its output will not be published, and only you may challenge its record.' : '.'));
    return { inference, fee: data.fee.toBigInt().toString(), private: opts.private };
  },

  async ask(api, me) {
    const model = integer('model');
    const question = positionals.slice(1).join(' ');
    if (!question) throw new UserError('ask what? give the question after the options');
    const gateway = opts.gateway.replace(/\/+$/, '');
    // The request as it will be sent; what is paid for is its canonical form's hash.
    const body = { model: String(model), messages: [{ role: 'user', content: question }], max_tokens: integer('max-tokens') };
    const maxFee = opts['max-fee'] !== undefined ? toUnits(opts['max-fee']) : 2n ** 127n;
    const request = opts.private ? api.tx.attribution.requestPrivateInference : api.tx.attribution.requestInference;
    const events = await submit(api, me, request(model, maxFee, blake2AsHex(canonicalize(body), 256)));
    const paid = eventData(events, 'attribution', 'InferenceRequested');
    const inference = paid.inference.toNumber();
    progress(`Inference ${inference} paid (${formatOpen(paid.fee.toBigInt())}); asking ${gateway}`);
    const refundable = `inference ${inference} stays paid and unanswered: take the fee back with ` +
      `attribution.refund after ${api.consts.attribution.refundTimeout.toNumber()} blocks`;
    let response;
    try {
      response = await fetch(`${gateway}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'OpenLedger-Inference': String(inference) },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new UserError(`cannot reach the gateway at ${gateway} (${error.cause?.code ?? error.message}); ${refundable}`);
    }
    const reply = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new UserError(`the gateway answered ${response.status}: ${reply.error?.message ?? 'no reason'}; ${refundable}`);
    }
    const answer = reply.choices[0].message.content;
    const { citations, attribution } = reply.openledger;
    if (!opts.json) {
      process.stdout.write(`${answer}\n`);
      for (const c of citations) {
        progress(`  quotes ${c.tokens} tokens of ${c.contributions.map((x) => `contribution ${x.id} (${x.uri || 'no URI'})`).join(', ')}: "${c.text}"`);
      }
    }
    progress('… waiting for the gateway to settle it');
    let status;
    for (let waited = 0; waited < 120; waited += 1) {
      status = await (await fetch(`${gateway}/v1/inferences/${inference}`)).json();
      if (status.state === 'settled' || status.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (status.state !== 'settled') {
      throw new UserError(`inference ${inference} was answered but not settled: ${status.reason ?? status.state}`);
    }
    const record = (await api.call.attributionApi.record(inference)).unwrap();
    const payout = Object.fromEntries(['data', 'model', 'provider', 'pool'].map((k) => [k, record.payout[k].toBigInt()]));
    progress(`Settled in block ${status.block}: the data ${formatOpen(payout.data)} (` +
      attribution.map((e) => `contribution ${e.contribution} ${(e.sharePpb / 1e7).toFixed(2)}%`).join(', ') +
      `), the model ${formatOpen(payout.model)}, the provider ${formatOpen(payout.provider)}, the pool ${formatOpen(payout.pool)}.`);
    return {
      inference, answer, citations, attribution, block: status.block,
      payout: Object.fromEntries(Object.entries(payout).map(([k, v]) => [k, v.toString()])),
    };
  },

  async settle(api, me) {
    const attribution = opts.attribution.split(',').filter(Boolean).map((entry) => {
      const match = /^(\d+):(\d+(?:\.\d+)?)$/.exec(entry.trim());
      if (!match) throw new UserError(`attribution entries are CONTRIBUTION:PERCENT, not ${entry}`);
      return { contribution: Number(match[1]), share: Math.round(Number(match[2]) * 10_000_000) };
    });
    const id = integer('inference');
    withinBound(api, '--attribution', attribution, 'attribution', 'MaxAttribution');
    const events = await submit(api, me,
      api.tx.attribution.settleInference(id, blake2AsHex(opts.output, 256), attribution));
    const settled = eventData(events, 'attribution', 'InferenceSettled');
    const { payout } = settled.record;
    const view = Object.fromEntries(['data', 'model', 'provider', 'pool'].map((k) => [k, payout[k].toBigInt().toString()]));
    const outputUri = settled.disclosure.isPublished ? settled.disclosure.asPublished.toUtf8() : null;
    progress(`Inference ${id} settled: data ${formatOpen(BigInt(view.data))}, model ${formatOpen(BigInt(view.model))}, ` +
      `provider ${formatOpen(BigInt(view.provider))}, pool ${formatOpen(BigInt(view.pool))}.` +
      (outputUri ? ` Publish its output at ${outputUri}.` : ' Its consumer asked for privacy: publish nothing.'));
    return { inference: id, payout: view, outputUri };
  },

  async 'output-base'(api, me) {
    if (opts.clear === (opts.base !== undefined)) throw new UserError('give --base URI or --clear');
    if (opts.base !== undefined) withinBound(api, '--base', opts.base, 'attribution', 'MaxOutputBaseBytes');
    const events = await submit(api, me, api.tx.attribution.setOutputBase(opts.clear ? null : opts.base));
    const { base } = eventData(events, 'attribution', 'OutputBaseSet');
    const view = { account: me.address, base: base.isSome ? base.unwrap().toUtf8() : null };
    progress(view.base === null ? `${me.address} publishes no outputs: it may settle private inferences only.`
      : `${me.address} publishes outputs at ${view.base}<inference id>.`);
    return view;
  },

  async bond(api, me) {
    const amount = toUnits(need('amount'));
    const events = await submit(api, me, api.tx.providerBonds.bond(amount));
    const { active } = eventData(events, 'providerBonds', 'Bonded');
    progress(`Bonded ${formatOpen(amount)}: ${formatOpen(active.toBigInt())} active, so ${me.address} may settle.`);
    return { account: me.address, bonded: amount.toString(), active: active.toBigInt().toString() };
  },

  async unbond(api, me) {
    const amount = toUnits(need('amount'));
    const events = await submit(api, me, api.tx.providerBonds.unbond(amount));
    const data = eventData(events, 'providerBonds', 'Unbonded');
    const [unbonding, unlocksAt] = [data.unbonding.toBigInt(), data.unlocksAt.toNumber()];
    progress(`Unbonding ${formatOpen(unbonding)}: held until block ${unlocksAt}, then withdraw-bond releases it.`);
    return { account: me.address, unbonding: unbonding.toString(), unlocksAt };
  },

  async 'withdraw-bond'(api, me) {
    const events = await submit(api, me, api.tx.providerBonds.withdrawUnbonded());
    const amount = eventData(events, 'providerBonds', 'Withdrawn').amount.toBigInt();
    progress(`Withdrew ${formatOpen(amount)}.`);
    return { account: me.address, withdrawn: amount.toString() };
  },

  async 'bond-status'(api, me) {
    const account = opts.account ?? me.address;
    const bond = (await api.query.providerBonds.bonds(account)).unwrapOr(null);
    const active = bond ? bond.active.toBigInt() : 0n;
    const unbonding = bond && bond.unbonding.isSome ? bond.unbonding.unwrap() : null;
    const view = {
      account,
      active: active.toString(),
      unbonding: unbonding ? unbonding.amount.toBigInt().toString() : '0',
      unlocksAt: unbonding ? unbonding.unlocksAt.toNumber() : null,
    };
    progress(`${account}: ${formatOpen(active)} bonded` + (unbonding
      ? `, ${formatOpen(unbonding.amount.toBigInt())} unbonding until block ${view.unlocksAt}.` : '.'));
    return view;
  },

  async claim(api, me) {
    const events = await submit(api, me, api.tx.rewards.claim());
    const amount = eventData(events, 'rewards', 'Claimed').amount.toBigInt();
    const fee = eventData(events, 'transactionPayment', 'TransactionFeePaid').actualFee.toBigInt();
    progress(`Claimed ${formatOpen(amount)} (transaction fee ${formatOpen(fee)}).`);
    return { account: me.address, claimed: amount.toString(), fee: fee.toString() };
  },
};

/** An `openledger_*` JSON-RPC method's answer (plain JSON, balances as decimal strings). */
async function rpc(api, method, params) {
  try {
    return (await api.rpc.openledger[method](...params)).toJSON();
  } catch (error) {
    throw new UserError(error.message);
  }
}

/** Prints where a task's budget went, from openledger_task. */
function printTask(task) {
  const b = task.budget;
  progress(`Task ${task.id} for agent ${task.agent}: ${task.status}` +
    (task.closedAt ? ` at block ${task.closedAt}` : `, due by block ${task.deadline}`) + '.');
  for (const i of task.inferences) {
    const where = i.payout ? `model ${formatOpen(BigInt(i.payout.model))}, provider ${formatOpen(BigInt(i.payout.provider))}, ` +
      `data ${formatOpen(BigInt(i.payout.data))} (${i.credits.map((c) => `contribution ${c.contribution} ${formatOpen(BigInt(c.amount))}`).join(', ') || 'none'}), ` +
      `pool ${formatOpen(BigInt(i.payout.pool))}` : '';
    progress(`  inference ${i.inference} of model ${i.model}: ${formatOpen(BigInt(i.fee))}, ${i.state}${where ? `: ${where}` : ''}`);
  }
  progress(`Budget ${formatOpen(BigInt(b.budget))}: agent ${formatOpen(BigInt(b.agentFee))}, models ${formatOpen(BigInt(b.models))}, ` +
    `providers ${formatOpen(BigInt(b.providers))}, data ${formatOpen(BigInt(b.data))}, pool ${formatOpen(BigInt(b.pool))}, ` +
    `in escrow ${formatOpen(BigInt(b.pending))}, back to the user ${formatOpen(BigInt(b.refunded))}, still held ${formatOpen(BigInt(b.held))}.`);
}

const agentCommands = {
  async register(api, me) {
    const models = need('models').split(',').map((m) => {
      if (!/^\d+$/.test(m.trim())) throw new UserError(`--models lists model ids, not ${m}`);
      return Number(m);
    });
    withinBound(api, '--name', need('name'), 'agents', 'MaxTextLength');
    withinBound(api, '--endpoint', opts.endpoint, 'agents', 'MaxTextLength');
    withinBound(api, '--description', opts.description, 'agents', 'MaxTextLength');
    const metadata = { name: opts.name, descriptionUri: opts.description, endpointUri: opts.endpoint };
    const events = await submit(api, me, api.tx.agents.registerAgent(
      need('operator'), metadata, models, toUnits(need('price')), toUnits(need('stake')),
    ));
    const agent = eventData(events, 'agents', 'AgentRegistered').agent.toNumber();
    progress(`Agent ${agent} registered, run by ${opts.operator}, calling model(s) ${models.join(', ')}.`);
    return { agent };
  },
  async show(api) {
    const agent = await rpc(api, 'agent', [integer('agent')]);
    const r = agent.reputation;
    progress(`Agent ${agent.id} "${agent.name}" (${agent.status}${agent.pausedBy ? `: ${agent.pausedBy}` : ''}), ` +
      `owner ${agent.owner}, operator ${agent.operator}, ${formatOpen(BigInt(agent.price))} a task, stake ${formatOpen(BigInt(agent.stake))}.`);
    progress(`  ${r.completed} completed, ${r.expired} expired, ${r.declined} declined; earned ${formatOpen(BigInt(r.earned))}; ` +
      `${r.inferences} inferences for ${formatOpen(BigInt(r.spentOnInferences))} (${agent.models.map((m) => `model ${m.model}: ${m.inferences}`).join(', ')}).`);
    return agent;
  },
  async list(api) {
    const agents = [];
    let cursor = null;
    do {
      const page = await rpc(api, 'agents', [cursor, 256]);
      agents.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    for (const a of agents) progress(`  #${a.id}  ${a.status.padEnd(7)}  ${a.name}  ${formatOpen(BigInt(a.price))} a task  ${a.reputation.completed} completed`);
    return { agents };
  },
  async pause(api, me) { return agentCall(api, me, 'pauseAgent', 'AgentPaused'); },
  async resume(api, me) { return agentCall(api, me, 'resumeAgent', 'AgentResumed'); },
  async retire(api, me) { return agentCall(api, me, 'retireAgent', 'AgentRetired'); },
  async release(api, me) { return agentCall(api, me, 'releaseStake', 'StakeReleased'); },
  async stake(api, me) { return agentCall(api, me, 'addStake', 'StakeAdded', toUnits(need('amount'))); },
  async operator(api, me) { return agentCall(api, me, 'setOperator', 'OperatorChanged', need('operator')); },
  async claim(api, me) {
    const events = await submit(api, me, api.tx.agents.claimFees());
    const amount = eventData(events, 'agents', 'FeesClaimed').amount.toBigInt();
    progress(`Claimed ${formatOpen(amount)} of agent fees.`);
    return { claimed: amount.toString() };
  },
};

/** An owner's call on agent --agent, reported by its event. */
async function agentCall(api, me, call, event, ...args) {
  const agent = integer('agent');
  const events = await submit(api, me, api.tx.agents[call](agent, ...args));
  const data = eventData(events, 'agents', event);
  progress(`Agent ${agent}: ${event}.`);
  return { agent, event, ...JSON.parse(JSON.stringify(data.toJSON())) };
}

const taskCommands = {
  async open(api, me) {
    const agentId = integer('agent');
    const input = positionals.slice(2).join(' ');
    const agent = await rpc(api, 'agent', [agentId]);
    // By default the agent's price now: a price raised before the task lands is refused.
    const maxAgentFee = opts['max-agent-fee'] !== undefined ? toUnits(opts['max-agent-fee']) : BigInt(agent.price);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const deadline = best + integer('blocks');
    const requestHash = blake2AsHex(canonicalize({ input }), 256);
    const events = await submit(api, me, api.tx.agents.openTask(agentId, toUnits(need('budget')), maxAgentFee, requestHash, deadline));
    const task = eventData(events, 'agents', 'TaskOpened').task.toNumber();
    progress(`Task ${task} opened for agent ${agentId}, due by block ${deadline}.`);
    if (!input) return { task, deadline };
    const endpoint = agent.endpointUri || `${opts.gateway.replace(/\/+$/, '')}/v1/agents/${agentId}/tasks`;
    progress(`… running it at ${endpoint}`);
    let response;
    try {
      response = await fetch(endpoint, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ task, input }),
      });
    } catch (error) {
      throw new UserError(`cannot reach ${endpoint} (${error.cause?.code ?? error.message}); task ${task} stays open: expire it after block ${deadline}`);
    }
    const reply = await response.json().catch(() => ({}));
    if (!response.ok) throw new UserError(`the agent answered ${response.status}: ${reply.error?.message ?? 'no reason'}`);
    if (!opts.json) {
      process.stdout.write(`${reply.result}\n`);
      for (const step of reply.steps) {
        progress(`  step ${step.step} (model ${step.model}, inference ${step.inference}): ${step.openledger.citations.length} citation(s)`);
        for (const c of step.openledger.citations) progress(`    quotes "${c.text}" from contribution(s) ${c.contributions.map((x) => x.id).join(', ')}`);
      }
    }
    progress('… waiting for the provider to settle its inferences');
    let shown;
    for (let waited = 0; waited < 120; waited += 1) {
      shown = await rpc(api, 'task', [task]);
      if (!shown.inferences.some((i) => i.state === 'Pending')) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    printTask(shown);
    return { task, result: reply.result, resultHash: reply.resultHash, steps: reply.steps, breakdown: shown };
  },
  async show(api) {
    const task = await rpc(api, 'task', [integer('task')]);
    printTask(task);
    return task;
  },
  async expire(api, me) {
    const events = await submit(api, me, api.tx.agents.expireTask(integer('task')));
    const data = eventData(events, 'agents', 'TaskExpired');
    progress(`Task ${opts.task} expired: ${formatOpen(data.refund.toBigInt())} back, ` +
      `${formatOpen(data.toUser.toBigInt())} of the agent's stake to you and ${formatOpen(data.toPool.toBigInt())} to the pool.`);
    return { task: Number(opts.task), refund: data.refund.toBigInt().toString(), toUser: data.toUser.toBigInt().toString(), toPool: data.toPool.toBigInt().toString() };
  },
  async clear(api, me) {
    const events = await submit(api, me, api.tx.agents.clearTask(integer('task')));
    const data = eventData(events, 'agents', 'TaskCleared');
    progress(`Task ${opts.task} cleared: its deposit of ${formatOpen(data.deposit.toBigInt())} is free again.`);
    return { task: Number(opts.task), deposit: data.deposit.toBigInt().toString() };
  },
};

/** `agent SUB` and `task SUB`: the subcommand named after the command. */
function subcommands(table, name) {
  return async (api, me) => {
    const sub = positionals[1];
    if (!table[sub]) throw new UserError(`${name} what? one of: ${Object.keys(table).join(', ')}`);
    return table[sub](api, me);
  };
}
commands.agent = subcommands(agentCommands, 'agent');
commands.task = subcommands(taskCommands, 'task');

async function main() {
  const [command] = positionals;
  if (!commands[command]) {
    // The header comment of this file, to its first line of code.
    const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1);
    const header = lines.slice(0, lines.findIndex((line) => !line.startsWith('//')));
    process.stderr.write(header.map((l) => l.slice(3)).join('\n') + '\n');
    return 2;
  }
  await cryptoWaitReady();
  const me = new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX }).addFromUri(opts.seed);
  progress(`… connecting to ${opts.url}`);
  const provider = new WsProvider(opts.url, false);
  try {
    await provider.connect();
    const api = await ApiPromise.create({ provider, rpc: openledgerRpc, noInitWarn: true, throwOnConnect: true });
    try {
      const result = await commands[command](api, me);
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    } finally {
      await api.disconnect();
    }
  } catch (error) {
    const message = error instanceof UserError ? error.message : `unexpected: ${error.stack ?? error}`;
    if (opts.json) process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    process.stderr.write(`error: ${message}\n`);
    await provider.disconnect().catch(() => {});
    return 1;
  }
}

process.exit(await main());
