// The overview: live blocks and finality, the activity of the last hour, where fees went,
// emission, and the inference pool (every provider, the models it serves, its share).
import { chain, unsafeApi } from '../chain'
import { chart, pie } from '../charts'
import { accountLink, figure, h, open, openNumber, percent, table } from '../format'
import { gql } from '../graphql'

const QUERY = `{
  totals: totalsById(id: "chain") { inferences settled fees toData toModel toProvider toPool emitted claimed }
  minutes(orderBy: time_DESC, limit: 60) { time requested settled fees }
  providers(orderBy: settlements_DESC) {
    id bonded settlements earned
    models { active settlements model { id name } }
  }
  inferences(orderBy: requestedAt_DESC, limit: 10) { id status fee requestedAt model { id name } consumer { id } }
  emissions(orderBy: closedAt_DESC, limit: 24) { id emitted closedAt }
}`

export async function overview(root: HTMLElement): Promise<() => void> {
  const best = h('span', { 'data-figure': 'best', 'data-value': '' }, '…')
  const finalized = h('span', { 'data-figure': 'finalized', 'data-value': '' }, '…')
  const onChain = h('span', { 'data-figure': 'chain-inferences', 'data-value': '' }, '…')
  const blocks = h('ul', { class: 'blocks' })
  const client = chain()
  const subscriptions = [
    client.bestBlocks$.subscribe((list) => {
      const head = list[0]
      best.textContent = `#${head.number}`
      best.dataset.value = String(head.number)
      blocks.replaceChildren(...list.slice(0, 6).map((b) => h('li', {}, `#${b.number} ${b.hash.slice(0, 10)}…`)))
      unsafeApi().query.Attribution.NextInferenceId.getValue({ at: head.hash }).then((next: bigint) => {
        onChain.textContent = next.toLocaleString('en')
        onChain.dataset.value = String(next)
      }).catch(() => undefined)
    }),
    client.finalizedBlock$.subscribe((block) => {
      finalized.textContent = `#${block.number}`
      finalized.dataset.value = String(block.number)
    }),
  ]

  const activity = chart('activity', {})
  const split = chart('fee-split', {})
  const emission = chart('emission', {}, 200)
  const pool = chart('pool', {})
  const figures = h('div', { class: 'figures' })
  const poolTable = h('div')
  const recent = h('div')
  root.replaceChildren(
    h('h1', {}, 'Overview'),
    h('section', { class: 'figures' },
      h('div', { class: 'figure' }, h('span', { class: 'label' }, 'best block'), best),
      h('div', { class: 'figure' }, h('span', { class: 'label' }, 'finalized'), finalized),
      h('div', { class: 'figure' }, h('span', { class: 'label' }, 'inferences on chain'), onChain)),
    blocks,
    figures,
    h('section', { class: 'row' },
      h('div', {}, h('h2', {}, 'Inferences and settlements per minute'), activity.box),
      h('div', {}, h('h2', {}, 'Where fees went'), split.box)),
    h('h2', {}, 'The inference pool'),
    h('section', { class: 'row' }, pool.box, poolTable),
    h('h2', {}, 'Emission by epoch'), emission.box,
    h('h2', {}, 'Latest inferences'), recent,
  )

  const refresh = async (): Promise<void> => {
    const data = await gql(QUERY)
    const t = data.totals ?? { inferences: 0, settled: 0, fees: '0', toData: '0', toModel: '0', toProvider: '0', toPool: '0', emitted: '0', claimed: '0' }
    figures.replaceChildren(
      figure('inferences', 'inferences indexed', t.inferences, t.inferences.toLocaleString('en')),
      figure('settled', 'settled', t.settled, t.settled.toLocaleString('en')),
      figure('fees', 'fees settled', t.fees, open(t.fees)),
      figure('emitted', 'emitted', t.emitted, open(t.emitted)),
      figure('claimed', 'claimed', t.claimed, open(t.claimed)))
    const minutes = [...data.minutes].reverse()
    activity.update({
      tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
      xAxis: { type: 'category', data: minutes.map((m: any) => new Date(m.time).toLocaleTimeString()) },
      yAxis: { type: 'value' },
      series: [
        { name: 'requested', type: 'bar', data: minutes.map((m: any) => m.requested) },
        { name: 'settled', type: 'bar', data: minutes.map((m: any) => m.settled) },
      ],
    })
    split.update(pie([
      { name: 'data', value: openNumber(t.toData) }, { name: 'model owners', value: openNumber(t.toModel) },
      { name: 'providers', value: openNumber(t.toProvider) }, { name: 'pool', value: openNumber(t.toPool) },
    ]))
    const epochs = [...data.emissions].reverse()
    emission.update({
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: epochs.map((e: any) => `epoch ${e.id}`) },
      yAxis: { type: 'value', name: 'OPEN' },
      series: [{ type: 'bar', data: epochs.map((e: any) => openNumber(e.emitted)) }],
    })
    const total = BigInt(t.settled)
    pool.update(pie(data.providers.map((p: any) => ({ name: p.id.slice(0, 8), value: p.settlements }))))
    poolTable.replaceChildren(table(['provider', 'models served', 'settlements', 'share', 'earned', 'bond'],
      data.providers.map((p: any) => [
        accountLink(p.id),
        h('span', {}, p.models.filter((m: any) => m.active).map((m: any) => h('a', { href: `#/model/${m.model.id}` }, `${m.model.name || m.model.id} `))),
        p.settlements, percent(BigInt(p.settlements), total), open(p.earned), open(p.bonded),
      ]), { id: 'pool' }))
    recent.replaceChildren(table(['inference', 'model', 'consumer', 'fee', 'status', 'block'],
      data.inferences.map((i: any) => [
        h('a', { href: `#/inference/${i.id}` }, `#${i.id}`), h('a', { href: `#/model/${i.model.id}` }, i.model.name || i.model.id),
        accountLink(i.consumer.id), open(i.fee), i.status, i.requestedAt,
      ])))
  }
  await refresh()
  const timer = setInterval(() => { refresh().catch(() => undefined) }, 6000)
  return () => {
    clearInterval(timer)
    for (const s of subscriptions) s.unsubscribe()
  }
}
