// The wallet: accounts from a browser extension (polkadot.js, Talisman, SubWallet…) through
// @polkadot/extension-dapp; transactions are signed by the extension, never here.
import { web3Accounts, web3Enable, web3FromAddress } from '@polkadot/extension-dapp'
import { getPolkadotSignerFromPjs, type PolkadotSigner } from 'polkadot-api/pjs-signer'
import { h, short } from './format'

export interface WalletAccount {
  address: string
  name?: string
}

let accounts: WalletAccount[] = []
let selected: WalletAccount | undefined
const listeners: (() => void)[] = []

export const selectedAccount = (): WalletAccount | undefined => selected
export const onWalletChange = (listener: () => void): void => { listeners.push(listener) }

async function enable(ss58Format: number): Promise<void> {
  const extensions = await web3Enable('OpenLedger explorer')
  if (extensions.length === 0) throw new Error('no wallet extension, or it refused this page')
  accounts = (await web3Accounts({ ss58Format })).map((a) => ({ address: a.address, name: a.meta.name }))
  if (accounts.length === 0) throw new Error('the wallet has no accounts for this page')
  selected = accounts[0]
  for (const listener of listeners) listener()
}

export async function signerFor(address: string): Promise<PolkadotSigner> {
  const injector = await web3FromAddress(address)
  const { signPayload, signRaw } = injector.signer
  if (!signPayload) throw new Error('the wallet cannot sign transactions')
  // Only transactions are signed here, never raw bytes.
  const refuseRaw = async () => { throw new Error('the explorer signs no raw bytes') }
  return getPolkadotSignerFromPjs(address, signPayload as any, (signRaw ?? refuseRaw) as any)
}

/** The header's wallet control: a connect button, then the chosen account. */
export function renderWallet(root: HTMLElement, ss58Format: number): void {
  const draw = (): void => {
    root.replaceChildren()
    if (selected === undefined) {
      const button = h('button', {
        id: 'connect-wallet',
        onclick: () => {
          button.setAttribute('disabled', '')
          enable(ss58Format).catch((error) => {
            button.removeAttribute('disabled')
            root.append(h('span', { class: 'error' }, String(error.message ?? error)))
          })
        },
      }, 'Connect wallet')
      root.append(button)
      return
    }
    const select = h('select', {
      id: 'wallet-account',
      onchange: (event) => {
        selected = accounts.find((a) => a.address === (event.target as HTMLSelectElement).value)
        for (const listener of listeners) listener()
      },
    }, accounts.map((a) => h('option', { value: a.address, selected: a.address === selected?.address },
      `${a.name ?? ''} ${short(a.address)}`)))
    root.append(select, ' ', h('a', { href: `#/account/${selected.address}`, id: 'my-account' }, 'my account'))
  }
  onWalletChange(draw)
  draw()
}
