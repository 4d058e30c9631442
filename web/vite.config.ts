import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    alias: {
      // A contribution's content root, as the command-line client computes it (one source).
      '@openledger/content': here('../scripts/client/content.mjs'),
      // …whose imports resolve to the web app's packages.
      '@polkadot/util-crypto': here('node_modules/@polkadot/util-crypto'),
      '@polkadot/util': here('node_modules/@polkadot/util'),
    },
  },
  build: { chunkSizeWarningLimit: 2000 },
})
