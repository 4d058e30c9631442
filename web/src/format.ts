// Amounts, addresses and the small DOM helper every page builds with.
export const DECIMALS = 18n

/** An amount of OPEN, from its smallest unit, with up to `digits` decimals. */
export function open(value: bigint | string | number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '–'
  const units = BigInt(value)
  const sign = units < 0n ? '-' : ''
  const abs = units < 0n ? -units : units
  const whole = abs / 10n ** DECIMALS
  const fraction = (abs % 10n ** DECIMALS).toString().padStart(Number(DECIMALS), '0').slice(0, digits)
  const trimmed = fraction.replace(/0+$/, '')
  return `${sign}${whole.toLocaleString('en')}${trimmed ? '.' + trimmed : ''} OPEN`
}

/** A number of OPEN for a chart's axis. */
export const openNumber = (value: bigint | string): number => Number(BigInt(value)) / 1e18

export const short = (address: string): string =>
  address.length > 16 ? `${address.slice(0, 8)}…${address.slice(-6)}` : address

export const percent = (part: bigint, whole: bigint): string =>
  whole === 0n ? '0 %' : `${(Number((part * 1_000_000n) / whole) / 10_000).toFixed(2)} %`

type Child = Node | string | number | null | undefined | false
type Attributes = Record<string, string | number | boolean | ((event: Event) => void) | undefined>

/** `h('a', {href: '#/'}, 'Overview')`: an element with attributes, listeners (`on…`) and children. */
export function h(tag: string, attributes: Attributes = {}, ...children: (Child | Child[])[]): HTMLElement {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (typeof value === 'function') element.addEventListener(name.slice(2), value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue
    element.append(child instanceof Node ? child : String(child))
  }
  return element
}

/** A figure the tests compare with the chain: shown formatted, its exact value in `data-value`. */
export function figure(name: string, label: string, value: bigint | number | string, shown?: string): HTMLElement {
  return h('div', { class: 'figure' },
    h('span', { class: 'label' }, label),
    h('span', { class: 'value', 'data-figure': name, 'data-value': String(value) }, shown ?? String(value)))
}

export const accountLink = (address: string): HTMLElement =>
  h('a', { href: `#/account/${address}`, title: address }, short(address))

export function table(headers: string[], rows: Child[][], attributes: Attributes = {}): HTMLElement {
  return h('table', attributes,
    h('thead', {}, h('tr', {}, headers.map((name) => h('th', {}, name)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, cell))))))
}
