// The explorer: one page at a time, chosen by the address's hash (#/datanet/3), drawn from the
// indexer (history) and the node (the present).
import { connect, unsafeApi } from './chain'
import { disposeCharts } from './charts'
import { loadConfig } from './config'
import { h } from './format'
import { setGraphqlEndpoint } from './graphql'
import { account } from './pages/account'
import { datanet, datanets } from './pages/datanets'
import { governance } from './pages/governance'
import { inference } from './pages/inference'
import { model, models } from './pages/models'
import { overview } from './pages/overview'
import { onWalletChange, renderWallet } from './wallet'
import './style.css'

type Page = (root: HTMLElement, ...params: string[]) => Promise<void | (() => void)>

const ROUTES: [RegExp, Page][] = [
  [/^\/?$/, overview],
  [/^\/datanets$/, datanets],
  [/^\/datanet\/(\d+)$/, datanet],
  [/^\/models$/, models],
  [/^\/model\/(\d+)$/, model],
  [/^\/inference\/(\d+)$/, inference],
  [/^\/account\/(\w+)$/, account],
  [/^\/governance$/, governance],
]

const root = document.getElementById('page')!
let leave: (() => void) | void

async function show(): Promise<void> {
  if (leave) leave()
  leave = undefined
  disposeCharts()
  const path = location.hash.replace(/^#/, '')
  const route = ROUTES.find(([pattern]) => pattern.test(path))
  document.body.dataset.page = 'loading'
  if (route === undefined) {
    root.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, `No page at ${path}.`))
  } else {
    try {
      leave = await route[1](root, ...path.match(route[0])!.slice(1))
    } catch (error: any) {
      root.replaceChildren(h('h1', {}, 'Could not load this page'), h('p', { class: 'error', id: 'page-error' }, String(error.message ?? error)))
    }
  }
  document.body.dataset.page = path || '/'
}

async function start(): Promise<void> {
  const config = await loadConfig()
  setGraphqlEndpoint(config.graphql)
  const client = connect(config.node)
  const status = document.getElementById('chain-status')!
  client.finalizedBlock$.subscribe((block) => { status.textContent = `finalized #${block.number}` })
  const ss58 = Number(await unsafeApi().constants.System.SS58Prefix())
  renderWallet(document.getElementById('wallet')!, ss58)
  onWalletChange(() => { show() })
  document.getElementById('search')!.addEventListener('submit', (event) => {
    event.preventDefault()
    const q = String(new FormData(event.target as HTMLFormElement).get('q')).trim()
    location.hash = /^\d+$/.test(q) ? `#/inference/${q}` : `#/account/${q}`
  })
  window.addEventListener('hashchange', () => { show() })
  await show()
}

start()
