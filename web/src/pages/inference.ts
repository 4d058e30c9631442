// One inference: where each unit of its fee went (to the model's owner, the provider, the pool,
// and the data part to each contribution credited), its attribution as a picture, and its
// output where the provider published it, with the spans it cites marked.
import { rpc } from '../chain'
import { chart, pie } from '../charts'
import { accountLink, figure, h, open, openNumber, table } from '../format'
import { gql } from '../graphql'

export async function inference(root: HTMLElement, id: string): Promise<void> {
  const [data, record] = await Promise.all([
    gql(`query($id: String!) {
      inference: inferenceById(id: $id) {
        id status fee version private requestHash outputHash outputUri requestedAt settledAt
        toData toModel toProvider toPool
        model { id name owner { id } } consumer { id } provider { id } task { id agent { id } }
        entries(orderBy: sharePpb_DESC) { sharePpb amount contributor { id } contribution { id uri datanet { id name } } }
        challenges { id status dispute contribution challenger { id } }
      }
    }`, { id }),
    rpc('openledger_attributionRecord', [Number(id)]).catch(() => null),
  ])
  const i = data.inference
  if (i === null) {
    root.replaceChildren(h('h1', {}, `Inference #${id}`), h('p', { class: 'error' }, 'No such inference has been indexed.'))
    return
  }
  const parts = [
    { name: 'model owner', value: i.toModel }, { name: 'provider', value: i.toProvider },
    { name: 'pool', value: i.toPool }, { name: 'data', value: i.toData },
  ]
  const settled = i.status !== 'Pending' && i.toData !== null
  const flow = chart('fee-flow', settled ? {
    tooltip: { trigger: 'item' },
    series: [{
      type: 'sankey', left: 10, right: 160, emphasis: { focus: 'adjacency' },
      data: [{ name: 'fee' }, ...parts.map((p) => ({ name: p.name })),
        ...i.entries.map((e: any) => ({ name: `contribution #${e.contribution.id}` }))],
      links: [
        ...parts.map((p) => ({ source: 'fee', target: p.name, value: openNumber(p.value) })),
        ...i.entries.map((e: any) => ({ source: 'data', target: `contribution #${e.contribution.id}`, value: openNumber(e.amount) })),
      ],
    }],
  } : {}, 360)
  const attribution = chart('attribution', pie(i.entries.map((e: any) => ({
    name: `#${e.contribution.id}`, value: e.sharePpb / 1e7,
  }))), 320)
  const output = h('pre', { id: 'output', class: 'output' }, i.outputUri ? 'loading the published output…' : (i.private ? 'private: the output is not published' : 'not published'))
  const cited = h('div', { id: 'citations' })
  if (i.outputUri) showOutput(i.outputUri, output, cited)
  root.replaceChildren(
    h('h1', {}, `Inference #${i.id}`),
    h('p', {}, 'Model ', h('a', { href: `#/model/${i.model.id}` }, `${i.model.name || i.model.id} v${i.version}`),
      ', asked by ', accountLink(i.consumer.id), i.provider ? [', served by ', accountLink(i.provider.id)] : '',
      i.task ? [', for task #', String(i.task.id), ' of agent #', String(i.task.agent.id)] : ''),
    h('section', { class: 'figures' },
      figure('status', 'status', i.status),
      figure('fee', 'fee', i.fee, open(i.fee)),
      figure('to-data', 'to data', i.toData ?? '', open(i.toData)),
      figure('to-model', 'to the model\'s owner', i.toModel ?? '', open(i.toModel)),
      figure('to-provider', 'to the provider', i.toProvider ?? '', open(i.toProvider)),
      figure('to-pool', 'to the pool', i.toPool ?? '', open(i.toPool)),
      figure('chain-entries', 'entries on chain', record?.attribution?.length ?? '', record === null ? 'record pruned or pending' : String(record.attribution.length))),
    h('h2', {}, 'Where the fee went'), flow.box,
    h('h2', {}, 'Attribution'),
    h('section', { class: 'row' }, attribution.box, table(['contribution', 'Datanet', 'contributor', 'share', 'amount', 'URI'],
      i.entries.map((e: any) => [`#${e.contribution.id}`, h('a', { href: `#/datanet/${e.contribution.datanet.id}` }, e.contribution.datanet.name || e.contribution.datanet.id),
        accountLink(e.contributor.id), h('span', { 'data-share': e.contribution.id }, `${(e.sharePpb / 1e7).toFixed(4)} %`), open(e.amount, 8), e.contribution.uri]),
      { id: 'entries' })),
    h('h2', {}, 'Output'), h('p', {}, 'output hash ', h('code', {}, i.outputHash ?? '–')), output, cited,
    i.challenges.length ? h('section', {}, h('h2', {}, 'Challenges'), table(['challenge', 'by', 'dispute', 'contribution', 'status'],
      i.challenges.map((c: any) => [c.id, accountLink(c.challenger.id), c.dispute, `#${c.contribution}`, c.status]))) : '',
  )
}

interface Citation {
  text: string
  tokenStart: number
  tokens: number
  contributions: { id: number; uri?: string }[]
}

/**
 * The output where its provider published it, with the spans it cites marked: the gateway
 * serves `<output URI>/citations` (docs/gateway.md); a provider that does not shows the text alone.
 */
async function showOutput(uri: string, output: HTMLElement, cited: HTMLElement): Promise<void> {
  let text: string
  try {
    const response = await fetch(uri)
    if (!response.ok) throw new Error(`${response.status}`)
    text = await response.text()
  } catch (error: any) {
    output.replaceChildren(`could not read it here (${error.message}): `, h('a', { href: uri }, uri))
    return
  }
  output.textContent = text
  const response = await fetch(`${uri}/citations`).catch(() => undefined)
  if (!response?.ok) return
  const citations: Citation[] = (await response.json()).citations ?? []
  const parts: (string | HTMLElement)[] = []
  let at = 0
  for (const citation of citations) {
    const start = text.indexOf(citation.text, at)
    if (start < 0) continue
    const sources = citation.contributions.map((c) => `#${c.id}${c.uri ? ` (${c.uri})` : ''}`).join(', ')
    parts.push(text.slice(at, start),
      h('mark', { 'data-cited': citation.contributions.map((c) => c.id).join(' '), title: `from contribution ${sources}` }, citation.text))
    at = start + citation.text.length
  }
  parts.push(text.slice(at))
  output.replaceChildren(...parts)
  cited.replaceChildren(h('h3', {}, 'Cited spans'), table(['span', 'tokens', 'from'],
    citations.map((c) => [h('q', {}, c.text), `${c.tokenStart}–${c.tokenStart + c.tokens}`,
      h('span', {}, c.contributions.map((x) => `#${x.id} ${x.uri ?? ''} `))])))
}
