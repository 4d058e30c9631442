#!/usr/bin/env bash
# Regenerates every weight the runtime uses, on this machine:
#
#   scripts/benchmark.sh                 all of the below, in order
#   scripts/benchmark.sh pallets [P...]  `benchmark pallet`: our pallets (pallets/*/src/weights.rs)
#                                        and the runtime's others (runtime/src/weights/*.rs);
#                                        P is a pallet name such as pallet_datanets
#   scripts/benchmark.sh overhead        `benchmark overhead`: the base weight of a block and of
#                                        an extrinsic (runtime/src/weights/{block,extrinsic}_weights.rs)
#   scripts/benchmark.sh storage [DB]    `benchmark storage` on ParityDB: the read and write
#                                        weights (runtime/src/weights/paritydb_weights.rs), on the
#                                        chain database under DB (a node's --base-path), or on one
#                                        filled here by a full openledger-loadgen run (about a
#                                        million keys: writes into big maps cost more than into
#                                        small ones, and the weights must price the former)
#   scripts/benchmark.sh block [DB]      `benchmark block`: re-executes every block of the last
#                                        scripts/throughput.sh run (or of the dev chain under DB,
#                                        with its load generator report in DB.loadgen.log) and
#                                        prints what each scenario's blocks took against their
#                                        weight, without the trie cache (the worst case)
#
# All of it runs a node built with `--features runtime-benchmarks`, in a target directory of its
# own ($CARGO_TARGET_DIR/benchmarks): wasm-builder writes the runtime to one path per profile,
# which a second feature set in the shared directory would clobber. Building it the first time
# costs as much as a cold node build; later, seconds to minutes.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
BENCH_TARGET="$CARGO_TARGET_DIR/benchmarks"
BENCH_NODE="$BENCH_TARGET/release/openledger-node"
BENCH_WASM="$BENCH_TARGET/release/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm"
RUNTIME_WEIGHTS=runtime/src/weights

# Our pallets: their crate's weights.rs, in the crate's template (a `SubstrateWeight<T>` and a `()`).
OUR_PALLETS=(pallet_datanets pallet_models pallet_attribution pallet_rewards pallet_validator_set
	pallet_aura_equivocation pallet_provider_bonds pallet_agents)
# The runtime's other pallets: runtime/src/weights/<pallet>.rs, in the CLI's runtime template.
RUNTIME_PALLETS=(frame_system frame_system_extensions pallet_balances pallet_transaction_payment
	pallet_timestamp pallet_utility pallet_sudo pallet_preimage pallet_scheduler pallet_referenda
	pallet_conviction_voting pallet_parameters pallet_migrations)
# The epoch-close benchmark credits up to 100,000 contributors before each run: fewer steps keep
# it to minutes, and its figures are flat anyway.
declare -A STEPS_OF=([pallet_rewards]=10)
declare -A REPEAT_OF=([pallet_rewards]=5)

build_benchmark_node() {
	bash scripts/setup.sh
	load_wasm_env
	log "building the benchmarking node in $BENCH_TARGET (cold: ~28 min; warm: minutes)"
	# frame-benchmarking-cli is an optional dependency of the node, so `cargo metadata` (which
	# wasm-builder reads) does not list its test runtime, whose wasm build then fails. That runtime
	# is only for parachains' `validate-block` storage mode, which this chain does not use.
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		CARGO_TARGET_DIR="$BENCH_TARGET" cargo build --release --locked -p openledger-node \
		--features runtime-benchmarks
}

benchmark_pallet() {
	local pallet=$1 out template=()
	if [[ " ${OUR_PALLETS[*]} " == *" $pallet "* ]]; then
		local crate=${pallet#pallet_}
		out="pallets/${crate//_/-}/src/weights.rs"
		template=(--template scripts/frame-weight-template.hbs)
	else
		out="$RUNTIME_WEIGHTS/$pallet.rs"
	fi
	local steps=${STEPS_OF[$pallet]:-$STEPS} repeat=${REPEAT_OF[$pallet]:-$REPEAT}
	log "benchmarking $pallet → $out (steps $steps, repeat $repeat)"
	"$BENCH_NODE" benchmark pallet \
		--runtime "$BENCH_WASM" \
		--genesis-builder runtime --genesis-builder-preset development \
		--pallet "$pallet" --extrinsic '*' \
		--steps "$steps" --repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		"${template[@]}" \
		--header scripts/weights-header.txt \
		--output "$out"
}

pallets() {
	local selected=("$@")
	[ ${#selected[@]} -gt 0 ] || selected=("${OUR_PALLETS[@]}" "${RUNTIME_PALLETS[@]}")
	for pallet in "${selected[@]}"; do benchmark_pallet "$pallet"; done
}

overhead() {
	log "benchmark overhead → $RUNTIME_WEIGHTS/{block,extrinsic}_weights.rs"
	"$BENCH_NODE" benchmark overhead \
		--runtime "$BENCH_WASM" \
		--genesis-builder runtime --genesis-builder-preset development \
		--wasm-execution compiled \
		--header scripts/weights-header.txt \
		--weight-path "$RUNTIME_WEIGHTS"
}

storage() {
	local base=${1:-}
	if [ -z "$base" ]; then
		base="$CARGO_TARGET_DIR/benchmark-storage-db"
		build_node
		log "filling a dev chain's database in $base with openledger-loadgen"
		fill_database "$base" --blocks 5
	fi
	log "benchmark storage on ParityDB in $base → $RUNTIME_WEIGHTS/paritydb_weights.rs"
	# Writes are timed per batch of 10,000 keys (a full block's worth) rather than the default
	# 100,000, which is more than a dev chain's state holds: the remainder would be skipped.
	# The weights take the 95th percentile, not the mean: a block must not take longer than its
	# weight, and a block of writes costs what its batch costs (the batches' means ranged from
	# 14 µs to 30 µs a key on one state), so the mean let blocks of batched contributions reach
	# their whole weight (docs/performance.md).
	"$BENCH_NODE" benchmark storage --dev --base-path "$base" \
		--database paritydb --state-version 1 --batch-size 10000 --metric p95 \
		--header scripts/weights-header.txt \
		--weight-path "$RUNTIME_WEIGHTS"
}

block() {
	local base=${1:-$CARGO_TARGET_DIR/throughput-db} report measured
	report="$base.loadgen.log" measured="$base.block-cost.log"
	[ -f "$report" ] || { echo "no load generator report at $report: run scripts/throughput.sh" >&2; exit 1; }
	# The first and last block the load generator counted: "  #N  <count> <scenario> in ...".
	local from to
	read -r from to < <(awk '$1 ~ /^#[0-9]+$/ {
		sub("#", "", $1); if (!first) first = $1; last = $1
	} END { print first, last }' "$report")
	log "benchmark block #$from..#$to of $base (3 runs each) → $measured"
	# One block earlier than the first counted: the first block run also compiles the runtime.
	"$BENCH_NODE" benchmark block --dev --base-path "$base" --from $((from - 1)) --to "$to" \
		--repeat 3 --wasm-execution compiled 2>&1 | tee "$measured"
	# Per scenario, over its full blocks (90 % of the normal class or more: a batch of settlements
	# is about 5 % of it, so blocks of batches stop short), the share of its weight the mean and
	# the slowest block took.
	awk '
		FNR == NR && $1 ~ /^#[0-9]+$/ && $0 ~ /weight  *(9[0-9]|100)\.[0-9]% of normal/ {
			sub("#", "", $1); scenario[$1] = $3; next
		}
		FNR != NR && match($0, /Block [0-9]+ with/) {
			split(substr($0, RSTART, RLENGTH), b, " "); n = b[2]
			if (!(n in scenario)) next
			match($0, /used +[0-9.]+%/); split(substr($0, RSTART, RLENGTH), u, " ")
			pct = u[2] + 0; s = scenario[n]
			count[s]++; sum[s] += pct; if (pct > max[s]) max[s] = pct
		}
		END {
			printf "%-24s %6s %10s %10s\n", "scenario", "blocks", "mean", "slowest"
			for (s in count) printf "%-24s %6d %9.1f%% %9.1f%%\n", s, count[s], sum[s] / count[s], max[s]
		}' "$report" "$measured"
}

mode=${1:-all}
[ $# -gt 0 ] && shift
# `benchmark block` runs the blocks with the runtime in the chain's own state, so any
# benchmarking node already built will do.
[ "$mode" = block ] && [ -x "$BENCH_NODE" ] || build_benchmark_node
case "$mode" in
	pallets) pallets "$@" ;;
	overhead) overhead ;;
	storage) storage "$@" ;;
	block) block "$@" ;;
	all) storage && overhead && pallets ;;
	*) echo "usage: $0 [all | pallets [PALLET...] | overhead | storage [DB] | block [DB]]" >&2; exit 2 ;;
esac
log "done: review the diff of runtime/src/weights/ and pallets/*/src/weights.rs"
