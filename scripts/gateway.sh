#!/usr/bin/env bash
# Runs an inference gateway beside a node (`openledger-gateway serve`, docs/gateway.md): builds
# it first unless OPENLEDGER_GATEWAY names a gateway binary. Arguments go to `serve`: for
# example
#   bash scripts/gateway.sh --node http://127.0.0.1:9944 --key-file provider.key --model 3
#
# `--demo` (alone) is the one-command use on a development chain (scripts/dev.sh running on
# OPENLEDGER_URL, default ws://127.0.0.1:9944): Bob contributes three of this repository's docs
# to a Datanet of Alice's, which publishes them; the gateway builds the ∞-gram model of that
# version; Dave registers it with that build's artifact hash and authorizes Eve; and the gateway
# serves it as Eve on 127.0.0.1:8080. Then ask it, as Ferdie:
#   node scripts/client/openledger.mjs ask --seed //Ferdie --model <ID it prints> "a question"
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GATEWAY_BIN="${OPENLEDGER_GATEWAY:-$CARGO_TARGET_DIR/release/openledger-gateway}"
if [ -z "${OPENLEDGER_GATEWAY:-}" ]; then
	bash "$ROOT/scripts/setup.sh"
	build_node
fi

if [ "${1:-}" != "--demo" ]; then
	log "starting: $GATEWAY_BIN serve $*"
	exec "$GATEWAY_BIN" serve "$@"
fi

url="${OPENLEDGER_URL:-ws://127.0.0.1:9944}"
http="${url/ws:/http:}"
data="${OPENLEDGER_GATEWAY_DATA:-$ROOT/target/gateway-demo}"
ol() { node "$ROOT/scripts/client/openledger.mjs" --url "$url" --json "$@"; }
field() { node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); if (v.error) { console.error(v.error); process.exit(1) } console.log(v[process.argv[1]])' "$1"; }

log "a Datanet of docs/ on $url"
datanet=$(ol create-datanet --seed //Alice --name "docs-demo-$(date +%s)" --deposit 1 | field datanet)
contributions=()
for doc in attribution.md rewards.md datanets.md; do
	contributions+=("$(ol contribute --seed //Bob --datanet "$datanet" --file "$ROOT/docs/$doc" \
		--uri "file://$ROOT/docs/$doc" --metadata text/markdown | field contribution)")
done
for contribution in "${contributions[@]}"; do
	ol review --seed //Alice --contribution "$contribution" --verdict accept >/dev/null
done
version=$(ol publish --seed //Alice --datanet "$datanet" | field version)

log "building the ∞-gram model of Datanet $datanet version $version"
hash=$("$GATEWAY_BIN" build-model --node "$http" --lineage "$datanet/$version" --data-dir "$data")
eve=$(cd "$ROOT/scripts/client" && node --input-type=module -e \
	"import { Keyring } from '@polkadot/keyring'; import { cryptoWaitReady } from '@polkadot/util-crypto';
	 await cryptoWaitReady(); console.log(new Keyring({ type: 'sr25519', ss58Format: 2729 }).addFromUri('//Eve').address);")
model=$(ol register-model --seed //Dave --name docs-llm --datanet "$datanet" --version "$version" \
	--fee 1 --artifact-hash "$hash" --provider "$eve" | field model)
log "model $model (artifact hash $hash) is served by Eve; ask it with:"
log "  node scripts/client/openledger.mjs ask --seed //Ferdie --model $model \"What does a settlement record?\""
exec "$GATEWAY_BIN" serve --node "$http" --key //Eve --model "$model" --data-dir "$data" "${@:2}"
