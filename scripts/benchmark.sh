#!/usr/bin/env bash
# Regenerates the `weights.rs` of every OpenLedger pallet by running its benchmarks on this
# machine with `openledger-node benchmark pallet`.
#
#   scripts/benchmark.sh [PALLET...]     default: every pallet under pallets/
#
# The node runs the benchmarks that a runtime built with `--features runtime-benchmarks` carries
# (`--runtime <wasm>`), so only that runtime is built twice, not the node.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
# The benchmarking runtime is built in a target directory of its own: wasm-builder writes its
# blob to one path per profile, which a second feature set in the shared directory would clobber.
BENCH_TARGET="$CARGO_TARGET_DIR/benchmarks"
BENCH_WASM="$BENCH_TARGET/release/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm"

bash scripts/setup.sh
build_node
log "building the runtime with its benchmarks (cargo check --features runtime-benchmarks builds the wasm)"
CARGO_TARGET_DIR="$BENCH_TARGET" cargo check --release --locked -p openledger-runtime --features runtime-benchmarks

if [ $# -gt 0 ]; then
	crates=("$@")
else
	crates=()
	for dir in pallets/*/; do crates+=("$(basename "$dir")"); done
fi

for crate in "${crates[@]}"; do
	pallet="pallet_${crate//-/_}"
	out="pallets/$crate/src/weights.rs"
	log "benchmarking $pallet → $out (steps $STEPS, repeat $REPEAT)"
	"$NODE_BIN" benchmark pallet \
		--runtime "$BENCH_WASM" \
		--genesis-builder runtime --genesis-builder-preset development \
		--pallet "$pallet" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/frame-weight-template.hbs \
		--header scripts/weights-header.txt \
		--output "$out"
done
log "done: review the diff of pallets/*/src/weights.rs"
