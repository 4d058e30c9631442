// Any account: its balance and what it can claim now (from the node), its contributions and
// their status, what it was credited hour by hour, and its claims (from the indexer). With the
// wallet connected on this account: claim, and contribute a file to a Datanet.
import { contentRoot } from '@openledger/content'
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
      const file = fields.get('file') as File
      const bytes = new Uint8Array(await file.arrayBuffer())
      status.textContent = `contributing ${file.name}…`
      try {
        const tx = unsafeApi().tx.Datanets.contribute({
          datanet: Number(fields.get('datanet')), content_hash: Binary.fromHex(contentRoot(bytes)),
          size_bytes: BigInt(bytes.length), uri: Binary.fromText(String(fields.get('uri'))),
          metadata: Binary.fromText(''),
          max_deposit: BigInt(Math.round(Number(fields.get('max')) * 1e6)) * 10n ** 12n,
        })
        const result = await submit(tx, await signerFor(address))
        status.textContent = result.ok ? `contributed in block ${result.block}` : `refused: ${result.error}`
      } catch (error: any) {
        status.textContent = `failed: ${error.message ?? error}`
      }
    },
  },
  h('label', {}, 'Datanet ', h('input', { name: 'datanet', type: 'number', min: 0, required: true, size: 4 })), ' ',
  h('label', {}, 'file ', h('input', { name: 'file', type: 'file', required: true })), ' ',
  h('label', {}, 'URI ', h('input', { name: 'uri', required: true, placeholder: 'ipfs://…' })), ' ',
  h('label', {}, 'most deposit (OPEN) ', h('input', { name: 'max', type: 'number', step: 'any', min: 0, value: 1, size: 6 })), ' ',
  h('button', { type: 'submit' }, 'Contribute'))
  return h('section', { class: 'actions' }, claim, form)
}
