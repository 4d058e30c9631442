// Governance: every referendum with its track, status and tally.
import { chart } from '../charts'
import { h, open, openNumber, table } from '../format'
import { gql } from '../graphql'

export async function governance(root: HTMLElement): Promise<void> {
  const data = await gql(`{ referendums(orderBy: submittedAt_DESC) { id track status ayes nays support submittedAt updatedAt } }`)
  const list = data.referendums
  const tallies = chart('tallies', {
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
    xAxis: { type: 'category', data: list.map((r: any) => `#${r.id}`) }, yAxis: { type: 'value', name: 'OPEN' },
    series: [
      { name: 'ayes', type: 'bar', data: list.map((r: any) => openNumber(r.ayes)) },
      { name: 'nays', type: 'bar', data: list.map((r: any) => openNumber(r.nays)) },
    ],
  })
  root.replaceChildren(h('h1', {}, 'Governance'), tallies.box,
    table(['referendum', 'track', 'status', 'ayes', 'nays', 'support', 'submitted', 'last change'],
      list.map((r: any) => [`#${r.id}`, r.track, r.status, open(r.ayes), open(r.nays), open(r.support), r.submittedAt, r.updatedAt]),
      { id: 'referenda' }),
    list.length === 0 ? h('p', { class: 'muted' }, 'No referendum yet.') : '')
}
