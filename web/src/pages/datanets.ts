// Datanets: the list, and one Datanet's contributors with their contribution weights (their
// share of what its data earned), its versions and its curation (reviews waiting, curators).
import { rpc, submit, unsafeApi } from '../chain'
import { chart, pie } from '../charts'
import { accountLink, figure, h, open, openNumber, percent, table } from '../format'
import { gql } from '../graphql'
import { selectedAccount, signerFor } from '../wallet'

export async function datanets(root: HTMLElement): Promise<void> {
  const data = await gql(`{ datanets(orderBy: createdAt_ASC) {
    id name status submitted accepted rejected earned owner { id } } }`)
  root.replaceChildren(h('h1', {}, 'Datanets'), table(
    ['Datanet', 'owner', 'status', 'contributions', 'accepted', 'rejected', 'earned by its data'],
    data.datanets.map((d: any) => [
      h('a', { href: `#/datanet/${d.id}` }, `${d.name || 'Datanet'} (#${d.id})`), accountLink(d.owner.id),
      d.status, d.submitted, d.accepted, d.rejected, open(d.earned),
    ]), { id: 'datanets' }))
}

export async function datanet(root: HTMLElement, id: string): Promise<void> {
  const [data, onChain] = await Promise.all([
    gql(`query($id: String!) {
      datanet: datanetById(id: $id) {
        id name status curators submitted accepted rejected earned createdAt owner { id }
        contributors(orderBy: earned_DESC, limit: 50) { earned contributions accepted account { id } }
        versions(orderBy: version_DESC) { version contributions added totalBytes merkleRoot publishedAt }
      }
      pending: contributions(where: { datanet: { id_eq: $id }, status_eq: Pending }, orderBy: submittedAt_ASC, limit: 20) {
        id uri sizeBytes submittedAt contributor { id }
      }
    }`, { id }),
    rpc('openledger_datanet', [Number(id)]),
  ])
  const d = data.datanet
  if (d === null) {
    root.replaceChildren(h('h1', {}, `Datanet #${id}`), h('p', { class: 'error' }, 'No such Datanet has been indexed.'))
    return
  }
  const earned = BigInt(d.earned)
  const weights = chart('weights', pie(d.contributors.filter((c: any) => c.earned !== '0')
    .map((c: any) => ({ name: c.account.id.slice(0, 8), value: openNumber(c.earned) }))), 320)
  const me = selectedAccount()
  const curator = me !== undefined && (d.curators.includes(me.address) || d.owner.id === me.address)
  const status = h('p', { id: 'review-status' })
  const review = (contribution: string, verdict: 'Accept' | 'Reject') => async () => {
    status.textContent = `reviewing #${contribution}…`
    const tx = unsafeApi().tx.Datanets.review({ contribution: BigInt(contribution), verdict: { type: verdict, value: undefined } })
    const result = await submit(tx, await signerFor(me!.address))
    status.textContent = result.ok ? `#${contribution}: ${verdict.toLowerCase()}ed in block ${result.block}` : `refused: ${result.error}`
  }
  root.replaceChildren(
    h('h1', {}, `${d.name || 'Datanet'} (#${d.id})`),
    h('section', { class: 'figures' },
      figure('status', 'status', d.status),
      figure('submitted', 'contributions', d.submitted),
      figure('accepted', 'accepted', d.accepted),
      figure('chain-accepted', 'accepted (chain)', onChain?.counters?.accepted ?? ''),
      figure('earned', 'earned by its data', d.earned, open(d.earned))),
    h('p', {}, 'Owner ', accountLink(d.owner.id), ', curators: ', ...d.curators.map((c: string) => [accountLink(c), ' '])),
    h('h2', {}, 'Contribution weights: each contributor\'s share of what the data earned'),
    h('section', { class: 'row' }, weights.box, table(['contributor', 'contributions', 'accepted', 'earned', 'weight'],
      d.contributors.map((c: any) => [accountLink(c.account.id), c.contributions, c.accepted, open(c.earned),
        h('span', { 'data-weight': c.account.id }, percent(BigInt(c.earned), earned))]), { id: 'contributors' })),
    h('h2', {}, 'Versions'),
    table(['version', 'contributions', 'added', 'bytes', 'Merkle root', 'block'],
      d.versions.map((v: any) => [v.version, v.contributions, v.added, v.totalBytes, h('code', {}, v.merkleRoot.slice(0, 18) + '…'), v.publishedAt]),
      { id: 'versions' }),
    h('h2', {}, 'Waiting for review'),
    table(['contribution', 'contributor', 'URI', 'bytes', 'block', curator ? 'review' : ''],
      data.pending.map((c: any) => [`#${c.id}`, accountLink(c.contributor.id), c.uri, c.sizeBytes, c.submittedAt,
        curator ? h('span', {},
          h('button', { 'data-accept': c.id, onclick: review(c.id, 'Accept') }, 'accept'), ' ',
          h('button', { 'data-reject': c.id, onclick: review(c.id, 'Reject') }, 'reject')) : '']),
      { id: 'pending' }),
    status,
  )
}
