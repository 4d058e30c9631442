#!/usr/bin/env bash
# Sets up this machine, builds the node, and runs a development chain: one validator (Alice),
# blocks every 6 s, finality by GRANDPA, a fresh temporary ParityDB database every start.
# RPC (and polkadot.js) on ws://127.0.0.1:9944; extra arguments go to the node.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$ROOT/scripts/setup.sh"
build_node
log "starting: $NODE_BIN --dev $*"
exec "$NODE_BIN" --dev --rpc-cors all "$@"
