// A web page that the operator of a node has open in a browser must not drive the node. A
// `--dev` node, left to itself, allows every origin (CORS) and every Host, and serves the unsafe
// methods (`author_insertKey`, `author_rotateKeys`) on localhost: a page of any site could call
// them over HTTP, or over WebSocket, whose handshake the node does not check against the
// origins at all. scripts/dev.sh therefore names the origins (pages served from this machine
// and polkadot.js Apps; lib.sh's RPC_CORS), which also turns on the node's Host filter, and
// serves only the safe methods.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDevNode, rpcError, webPageAccess } from './lib/node.mjs';

test('scripts/dev.sh: a page of another site cannot call the node, and the unsafe methods are off', async (t) => {
  const node = await startDevNode([], { viaScript: true });
  t.after(() => node.stop());
  const attacker = await webPageAccess(node.rpcPort, {
    origin: 'https://attacker.example', host: `attacker.example:${node.rpcPort}`,
  });
  assert.equal(attacker.allowOrigin, null, 'the browser is not allowed to send a page\'s call');
  assert.equal(attacker.hostStatus, 403, 'a call under another site\'s name is refused');

  const apps = await webPageAccess(node.rpcPort, {
    origin: 'https://polkadot.js.org', host: `localhost:${node.rpcPort}`,
  });
  assert.equal(apps.allowOrigin, 'https://polkadot.js.org', 'polkadot.js Apps may call it');
  assert.equal(apps.hostStatus, 200);

  // What is left to any page (a WebSocket is not checked against the origins) is what anyone
  // may do: no key is inserted or rotated from outside.
  for (const method of ['author_rotateKeys', 'author_insertKey']) {
    const error = await rpcError(node.rpcPort, method, method === 'author_insertKey' ? ['aura', '//Mallory', '0x00'] : []);
    assert.match(error.message, /unsafe/i, `${method}: ${JSON.stringify(error)}`);
  }
});
