// Any account: its balance and what it can claim now (from the node), its contributions and
// their status, what it was credited hour by hour, and its claims (from the indexer). With the
// wallet connected on this account: claim, and contribute a file to a Datanet.
import { contentRoot } from '@openledger/content'
import { compactToU8a, hexToU8a, u8aConcat } from '@polkadot/util'
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto'
import { Binary } from 'polkadot-api'
import { balance, rpc, submit, unsafeApi } from '../chain'
import { chart } from '../charts'
import { figure, h, open, openNumber, table } from '../format'
import { gql } from '../graphql'
import { selectedAccount, signerFor } from '../wallet'

export async function account(root: HTMLElement, address: string): Promise<void> {
  const [pending, funds, data] = await Promise.all([
    rpc('openledger_pendingRewards', [address]),
    balance(address),
    gql(`query($id: String!) {
      account: accountById(id: $id) { creditedData creditedModel creditedProvider claimed }
      contributions(where: { contributor: { id_eq: $id } }, orderBy: submittedAt_DESC, limit: 50) {
        id status uri sizeBytes submittedAt attributions earned datanet { id name }
      }
      buckets: rewardBuckets(where: { account: { id_eq: $id } }, orderBy: hour_DESC, limit: 168) { hour data model provider claimed }
      claims(where: { account: { id_eq: $id } }, orderBy: block_DESC, limit: 20) { block amount data model provider emission }
    }`, { id: address }),
  ])
  const a = data.account ?? { creditedData: '0', creditedModel: '0', creditedProvider: '0', claimed: '0' }
  const buckets = [...data.buckets].reverse()
  const rewards = chart('rewards', {
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
    xAxis: { type: 'category', data: buckets.map((b: any) => new Date(b.hour).toLocaleString()) },
    yAxis: { type: 'value', name: 'OPEN' },
    series: [
      ...(['data', 'model', 'provider'] as const).map((source) => ({
        name: `credited: ${source}`, type: 'bar', stack: 'credited', data: buckets.map((b: any) => openNumber(b[source])),
      })),
      { name: 'claimed', type: 'line', data: buckets.map((b: any) => openNumber(b.claimed)) },
    ],
  })
  const status = h('p', { id: 'action-status' })
  const mine = selectedAccount()?.address === address
  const actions = mine ? walletActions(address, BigInt(pending.total), status) : h('p', { class: 'muted' },
    'Connect the wallet with this account to claim or contribute.')
  root.replaceChildren(
    h('h1', {}, 'Account'), h('p', {}, h('code', {}, address)),
    h('section', { class: 'figures' },
      figure('free', 'free balance', funds.free, open(funds.free)),
      figure('claimable', 'claimable now', pending.total, open(pending.total)),
      figure('in-challenge', 'in challenge period', pending.inChallenge.total, open(pending.inChallenge.total)),
      figure('claimed', 'claimed, all time', a.claimed, open(a.claimed)),
      figure('credited-data', 'credited for data', a.creditedData, open(a.creditedData))),
    actions, status,
    h('h2', {}, 'Rewards over time (hourly)'), rewards.box,
    h('h2', {}, 'Contributions'),
    table(['contribution', 'Datanet', 'status', 'URI', 'bytes', 'block', 'attributions', 'earned'],
      data.contributions.map((c: any) => [`#${c.id}`, h('a', { href: `#/datanet/${c.datanet.id}` }, c.datanet.name || c.datanet.id),
        h('span', { 'data-status': c.id }, c.status), c.uri, c.sizeBytes, c.submittedAt, c.attributions, open(c.earned)]),
      { id: 'contributions' }),
    h('h2', {}, 'Claims'),
    table(['block', 'amount', 'data', 'model', 'provider', 'emission'],
      data.claims.map((c: any) => [c.block, open(c.amount), open(c.data), open(c.model), open(c.provider), open(c.emission)]),
      { id: 'claims' }),
  )
}

function walletActions(address: string, claimable: bigint, status: HTMLElement): HTMLElement {
  const claim = h('button', {
    id: 'claim', disabled: claimable === 0n,
    onclick: async () => {
      claim.setAttribute('disabled', '')
      status.textContent = 'claiming…'
      try {
        const result = await submit(unsafeApi().tx.Rewards.claim(), await signerFor(address))
        status.textContent = result.ok ? `claimed in block ${result.block}` : `refused: ${result.error}`
      } catch (error: any) {
        status.textContent = `failed: ${error.message ?? error}`
      }
    },
  }, `Claim ${open(claimable)}`)
  const form = h('form', {
    id: 'contribute',
    onsubmit: async (event) => {
      event.preventDefault()
      const fields = new FormData(event.target as HTMLFormElement)
      try {
        status.textContent = await contribute(address, Number(fields.get('datanet')), fields.get('file') as File,
          String(fields.get('uri')), String(fields.get('max') ?? ''), (step) => { status.textContent = step })
      } catch (error: any) {
        status.textContent = `failed: ${error.message ?? error}`
      }
    },
  },
  h('label', {}, 'Datanet ', h('input', { name: 'datanet', type: 'number', min: 0, required: true, size: 4 })), ' ',
  h('label', {}, 'file ', h('input', { name: 'file', type: 'file', required: true })), ' ',
  h('label', {}, 'URI ', h('input', { name: 'uri', required: true, placeholder: 'ipfs://…' })), ' ',
  h('label', {}, 'most deposit (OPEN) ', h('input', { name: 'max', type: 'number', step: 'any', min: 0, size: 8, placeholder: 'as asked now' })), ' ',
  h('button', { type: 'submit' }, 'Contribute'))
  return h('section', { class: 'actions' }, claim, form)
}

/**
 * Contributes `file` as the command-line client does (scripts/client/openledger.mjs): a
 * commitment first, which shows nothing of the content, then the reveal in a later block, so a
 * copy of the file sent by someone who saw it in the pool cannot claim it first. The deposit is
 * at most `max` OPEN, by default what the chain asks now; if the reveal fails, the commitment's
 * deposit is taken back. Resolves with what to tell the contributor.
 */
async function contribute(address: string, datanet: number, file: File, uri: string, max: string,
  progress: (step: string) => void): Promise<string> {
  const api = unsafeApi()
  const bytes = new Uint8Array(await file.arrayBuffer())
  const root = contentRoot(bytes)
  const quoted = max === ''
    ? await api.apis.DatanetsApi.contribution_deposit(address, datanet, new TextEncoder().encode(uri).length, 0)
    : BigInt(Math.round(Number(max) * 1e6)) * 10n ** 12n
  if (quoted === undefined) throw new Error(`no Datanet ${datanet}`)
  const signer = await signerFor(address)
  const datanetId = new Uint8Array(4)
  new DataView(datanetId.buffer).setUint32(0, datanet, true)
  const commitment = blake2AsHex(u8aConcat(decodeAddress(address), datanetId, compactToU8a(1), hexToU8a(root)), 256)
  progress(`${file.name}: content root ${root.slice(0, 12)}…; committing`)
  const committed = await submit(api.tx.Datanets.commit({ commitment }), signer)
  if (!committed.ok) return `refused: ${committed.error}`
  progress(`committed in block ${committed.block}; revealing`)
  const revealed = await submit(api.tx.Datanets.reveal({
    datanet,
    contributions: [{ content_hash: root, size_bytes: BigInt(bytes.length), uri: Binary.fromText(uri), metadata: Binary.fromText('') }],
    max_deposit: quoted,
  }), signer)
  if (revealed.ok) return `contributed in block ${revealed.block}`
  await submit(api.tx.Datanets.cancel_commitment({ commitment }), signer)
  return `refused: ${revealed.error} (the commitment's deposit is back)`
}
