// The node, through polkadot-api: its live blocks, storage and runtime APIs (through the
// node's `openledger_*` RPC methods, docs/rpc.md), and transactions signed by the wallet.
import { createClient, type PolkadotClient, type PolkadotSigner } from 'polkadot-api'
import { getWsProvider } from 'polkadot-api/ws'

let client: PolkadotClient
// The chain's metadata is read at run time: no descriptors are generated ahead of it.
let api: any

export function connect(url: string): PolkadotClient {
  client = createClient(getWsProvider(url))
  api = client.getUnsafeApi()
  return client
}

export const chain = (): PolkadotClient => client
export const unsafeApi = (): any => api

/** One of the node's JSON-RPC methods (the `openledger_*` views return plain JSON). */
export const rpc = <T = any>(method: string, params: unknown[] = []): Promise<T> =>
  client._request<T>(method, params)

export interface Balance {
  free: bigint
  reserved: bigint
}

export async function balance(address: string): Promise<Balance> {
  const account = await api.query.System.Account.getValue(address, { at: 'best' })
  return { free: account.data.free, reserved: account.data.reserved }
}

/** Signs and submits `tx`; resolves once it is in a best block, with whether it succeeded. */
export function submit(tx: any, signer: PolkadotSigner): Promise<{ ok: boolean; block: number; error?: string }> {
  return new Promise((resolve, reject) => {
    const subscription = tx.signSubmitAndWatch(signer).subscribe({
      next(event: any) {
        if (event.type === 'txBestBlocksState' && event.found) {
          subscription.unsubscribe()
          const error = event.ok ? undefined : JSON.stringify(event.dispatchError)
          resolve({ ok: event.ok, block: event.block.number, error })
        }
      },
      error: reject,
    })
  })
}
