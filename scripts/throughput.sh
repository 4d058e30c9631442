#!/usr/bin/env bash
# Measures what one `--dev` node includes per block and per second: balance transfers (the
# baseline every Substrate chain has), contributions (one per extrinsic and in batches) and
# attributed inference settlements (one per extrinsic and in batches), with openledger-loadgen.
#
#   scripts/throughput.sh [LOADGEN_ARGS...]     e.g. --blocks 10 --attribution 16
#
# The node runs on a fresh database with a transaction pool large enough for two blocks of
# transfers; its log is left in $CARGO_TARGET_DIR/throughput-db.log (block authoring times:
# grep "Prepared block"), and the load generator's report in
# $CARGO_TARGET_DIR/throughput-db.loadgen.log, which `scripts/benchmark.sh block` reads to price
# each scenario's blocks against their weight. docs/performance.md has the figures.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
build_node
fill_database "$CARGO_TARGET_DIR/throughput-db" "$@" | tee "$CARGO_TARGET_DIR/throughput-db.loadgen.log"
