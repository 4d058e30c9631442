// Where the explorer finds the node and the indexer: `config.json` beside the page (which
// scripts/explorer.sh writes), then `?node=…&graphql=…` in the page's address, then the dev
// chain's defaults.
export interface Config {
  node: string
  graphql: string
}

export async function loadConfig(): Promise<Config> {
  const config: Config = { node: 'ws://127.0.0.1:9944', graphql: 'http://127.0.0.1:4350/graphql' }
  try {
    const response = await fetch('config.json', { cache: 'no-store' })
    if (response.ok) Object.assign(config, await response.json())
  } catch {
    // No config.json: the defaults stand.
  }
  const params = new URLSearchParams(location.search)
  for (const key of ['node', 'graphql'] as const) {
    const value = params.get(key)
    if (value) config[key] = value
  }
  return config
}
