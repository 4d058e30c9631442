// How long the explorer's pages take to draw, in Debian's Chromium: each page opened `--runs`
// times in a fresh tab, timed from navigation until the page says it is drawn
// (`body[data-page]`), on an explorer whose indexer holds a large history
// (scripts/explorer-pageload.sh runs it after scripts/throughput.sh --indexer). Prints a
// markdown table: the median and the slowest run of each page.
//
//   node tests/e2e/explorer-pageload.mjs --web http://127.0.0.1:4173 --graphql http://127.0.0.1:4350/graphql

import { parseArgs } from 'node:util';
import { graphql, launchChromium } from './lib/explorer.mjs';

const { values: opts } = parseArgs({
  options: {
    web: { type: 'string', default: 'http://127.0.0.1:4173' },
    graphql: { type: 'string', default: 'http://127.0.0.1:4350/graphql' },
    runs: { type: 'string', default: '5' },
  },
});

const gql = (query) => graphql(opts.graphql, query);

// Pages of the busiest rows: the Datanet, model, contributor and inference with the most history.
const data = await gql(`{
  totals: totalsById(id: "chain") { inferences settled }
  datanets(orderBy: earned_DESC, limit: 1) { id }
  models(orderBy: settled_DESC, limit: 1) { id }
  datanetContributors(orderBy: earned_DESC, limit: 1) { account { id } }
  inferences(where: { status_eq: Settled }, orderBy: settledAt_DESC, limit: 1) { id }
}`);
const pages = ['/', '/datanets', `/datanet/${data.datanets[0].id}`, '/models', `/model/${data.models[0].id}`,
  `/inference/${data.inferences[0].id}`, `/account/${data.datanetContributors[0].account.id}`, '/governance'];

const browser = await launchChromium();
const rows = [`History: ${data.totals.inferences.toLocaleString('en')} inferences, ${data.totals.settled.toLocaleString('en')} settled.`, '',
  '| page | median | slowest |', '|---|---|---|'];
for (const path of pages) {
  const times = [];
  for (let run = 0; run < Number(opts.runs); run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const started = Date.now();
    await page.goto(`${opts.web}/#${path}`);
    await page.waitForFunction((p) => document.body.dataset.page === p, path, { timeout: 120_000 });
    times.push(Date.now() - started);
    await page.close();
  }
  times.sort((a, b) => a - b);
  rows.push(`| \`#${path.length > 40 ? path.slice(0, 20) + '…' : path}\` | ${times[Math.floor(times.length / 2)]} ms | ${times[times.length - 1]} ms |`);
}
await browser.close();
console.log(rows.join('\n'));
