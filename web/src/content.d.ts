// scripts/client/content.mjs, the content root a contribution commits to (docs/datanets.md).
declare module '@openledger/content' {
  export function contentRoot(bytes: Uint8Array): string
}
