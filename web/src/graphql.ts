// The indexer's GraphQL API (indexer/schema.graphql; docs/explorer.md has example queries).
let endpoint = ''

export function setGraphqlEndpoint(url: string): void {
  endpoint = url
}

export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const body = await response.json().catch(() => ({}))
  if (!response.ok && !body.errors?.length) throw new Error(`the indexer answered ${response.status}`)
  if (body.errors?.length) throw new Error(`the indexer: ${body.errors[0].message}`)
  return body.data as T
}
