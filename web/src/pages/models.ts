// Models: each with its fee and usage, and the lineage graph: model versions, the adapters
// built on them, and the Datanet versions they were trained on.
import { rpc } from '../chain'
import { chart } from '../charts'
import { accountLink, figure, h, open, table } from '../format'
import { gql } from '../graphql'

const LINEAGE = `
  id name kind status inferenceFee inferences settled fees owner { id }
  versions(orderBy: version_ASC) {
    id version artifactHash publishedAt
    base { id model { id name } version }
    lineage { datanetVersion { id version datanet { id name } } }
  }`

/** The lineage graph of some models: Datanet versions → model versions → adapters' versions. */
function lineageGraph(models: any[]) {
  const nodes = new Map<string, any>()
  const links: any[] = []
  const node = (id: string, name: string, category: number) => {
    if (!nodes.has(id)) nodes.set(id, { id, name, category, symbolSize: category === 1 ? 34 : 26 })
  }
  for (const model of models) {
    for (const version of model.versions) {
      const id = `model ${version.id}`
      node(id, `${model.name || 'model ' + model.id} v${version.version}`, model.kind === 'Adapter' ? 2 : 1)
      for (const edge of version.lineage) {
        const dv = edge.datanetVersion
        const source = `datanet ${dv.id}`
        node(source, `${dv.datanet.name || 'Datanet ' + dv.datanet.id} v${dv.version}`, 0)
        links.push({ source, target: id })
      }
      if (version.base) {
        const source = `model ${version.base.id}`
        node(source, `${version.base.model.name || 'model ' + version.base.model.id} v${version.base.version}`, 1)
        links.push({ source, target: id, lineStyle: { type: 'dashed' } })
      }
    }
  }
  return {
    tooltip: {}, legend: { bottom: 0, data: ['Datanet versions', 'models', 'adapters'] },
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true, label: { show: true, position: 'right' },
      force: { repulsion: 220, edgeLength: 90 }, edgeSymbol: ['none', 'arrow'],
      categories: [{ name: 'Datanet versions' }, { name: 'models' }, { name: 'adapters' }],
      data: [...nodes.values()], links,
    }],
  }
}

export async function models(root: HTMLElement): Promise<void> {
  const data = await gql(`{ models(orderBy: registeredAt_ASC) { ${LINEAGE} } }`)
  const graph = chart('lineage', lineageGraph(data.models), 420)
  root.replaceChildren(h('h1', {}, 'Models'),
    h('h2', {}, 'Lineage'), graph.box,
    table(['model', 'kind', 'owner', 'status', 'fee', 'inferences', 'settled', 'fees'],
      data.models.map((m: any) => [h('a', { href: `#/model/${m.id}` }, `${m.name || 'model'} (#${m.id})`), m.kind,
        accountLink(m.owner.id), m.status, open(m.inferenceFee), m.inferences, m.settled, open(m.fees)]),
      { id: 'models' }))
}

export async function model(root: HTMLElement, id: string): Promise<void> {
  const [data, onChain] = await Promise.all([
    gql(`query($id: String!) {
      model: modelById(id: $id) { ${LINEAGE} providers { active settlements provider { id } } }
      adapters: modelVersions(where: { base: { model: { id_eq: $id } } }) { model { ${LINEAGE} } }
    }`, { id }),
    rpc('openledger_model', [Number(id)]),
  ])
  const m = data.model
  if (m === null) {
    root.replaceChildren(h('h1', {}, `Model #${id}`), h('p', { class: 'error' }, 'No such model has been indexed.'))
    return
  }
  const graph = chart('lineage', lineageGraph([m, ...data.adapters.map((a: any) => a.model)]), 380)
  root.replaceChildren(
    h('h1', {}, `${m.name || 'Model'} (#${m.id})`),
    h('p', {}, `${m.kind}, ${m.status}, owned by `, accountLink(m.owner.id)),
    h('section', { class: 'figures' },
      figure('fee', 'inference fee', m.inferenceFee, open(m.inferenceFee)),
      figure('chain-fee', 'inference fee (chain)', onChain?.inferenceFee ?? '', open(onChain?.inferenceFee)),
      figure('inferences', 'inferences', m.inferences),
      figure('settled', 'settled', m.settled),
      figure('fees', 'fees', m.fees, open(m.fees))),
    h('h2', {}, 'Lineage'), graph.box,
    h('h2', {}, 'Providers'),
    table(['provider', 'serving', 'settlements'],
      m.providers.map((p: any) => [accountLink(p.provider.id), p.active ? 'yes' : 'revoked', p.settlements]), { id: 'providers' }),
    h('h2', {}, 'Versions'),
    table(['version', 'artifact', 'trained on', 'block'],
      m.versions.map((v: any) => [v.version, h('code', {}, v.artifactHash.slice(0, 18) + '…'),
        v.lineage.map((l: any) => `${l.datanetVersion.datanet.name || l.datanetVersion.datanet.id} v${l.datanetVersion.version}`).join(', '),
        v.publishedAt]), { id: 'versions' }),
  )
}
