#!/usr/bin/env bash
# The explorer in one command: PostgreSQL, the indexer, its GraphQL API and the web app, against
# a node (a fresh dev chain by default). Ctrl-C (or SIGTERM) stops them all, PostgreSQL last.
# docs/explorer.md says what each part does.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<EOF
Usage: scripts/explorer.sh [OPTIONS]

Starts PostgreSQL, the indexer (indexer/, an SQD squid), its GraphQL API and the web app (web/)
against an OpenLedger node, and stops them all on Ctrl-C or SIGTERM.

Options:
  --node URL          the node's WebSocket RPC (default: start a dev chain on ws://127.0.0.1:9944,
                      in archive mode, which the indexer needs: --state-pruning archive-canonical;
                      a dev chain is new every start, so its database is emptied too)
  --state DIR         where PostgreSQL's database and the logs live, kept across runs so that
                      the indexer resumes where it stopped (default: /var/tmp/openledger-explorer)
  --fresh             empty the database first (the indexer then backfills from genesis)
  --db-port PORT      PostgreSQL's port on 127.0.0.1 (default: 55432)
  --graphql-port PORT the GraphQL API's port (default: 4350)
  --web-port PORT     the web app's port (default: 4173)
  -h, --help          this help

The web app is at http://127.0.0.1:WEB_PORT/, the GraphQL API (with its playground) at
http://127.0.0.1:GRAPHQL_PORT/graphql. The indexer is restarted if it stops, and resumes from
the last block it wrote.
EOF
}

node_url="" state=/var/tmp/openledger-explorer fresh=0 db_port=55432 gql_port=4350 web_port=4173
while [ $# -gt 0 ]; do
	case "$1" in
		--node) node_url=${2:?--node needs a URL}; shift ;;
		--state) state=${2:?--state needs a directory}; shift ;;
		--fresh) fresh=1 ;;
		--db-port) db_port=${2:?}; shift ;;
		--graphql-port) gql_port=${2:?}; shift ;;
		--web-port) web_port=${2:?}; shift ;;
		-h | --help) usage; exit 0 ;;
		*) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

[ -z "$node_url" ] && fresh=1

# --- PostgreSQL: Debian's, in a cluster of our own under $state/pg ---------------------------
PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/postgres" ]; then
	log "installing PostgreSQL (Debian's postgresql)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$state"
pg_data="$state/pg"
if [ "$fresh" -eq 1 ] && [ -d "$pg_data" ]; then
	log "--fresh: removing the database in $pg_data"
	as_pg "$PG_BIN/pg_ctl" -D "$pg_data" stop -m fast >/dev/null 2>&1 || true
	rm -rf "$pg_data"
fi
if [ ! -f "$pg_data/PG_VERSION" ]; then
	log "creating a PostgreSQL cluster in $pg_data"
	mkdir -p "$pg_data"
	[ "$(id -u)" -eq 0 ] && chown postgres "$pg_data" "$state"
	as_pg "$PG_BIN/initdb" -D "$pg_data" -A trust -U postgres >"$state/initdb.log"
fi

pids=()
stop() {
	trap - INT TERM EXIT
	log "stopping"
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	[ -f "$state/indexer.pid" ] && kill "$(cat "$state/indexer.pid")" 2>/dev/null || true
	wait 2>/dev/null || true
	as_pg "$PG_BIN/pg_ctl" -D "$pg_data" stop -m fast >/dev/null 2>&1 || true
	log "stopped"
}
trap stop INT TERM EXIT

log "starting PostgreSQL on 127.0.0.1:$db_port"
as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -l "$state/postgres.log" -w \
	-o "-p $db_port -k $pg_data -c listen_addresses=127.0.0.1" start >/dev/null
export DB_HOST=127.0.0.1 DB_PORT=$db_port DB_NAME=explorer DB_USER=postgres DB_PASS=postgres
as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$db_port" -U postgres -tAc \
	"SELECT 1 FROM pg_database WHERE datname = 'explorer'" | grep -q 1 ||
	as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$db_port" -U postgres explorer

# --- the node ---------------------------------------------------------------------------------
if [ -z "$node_url" ]; then
	node_url=ws://127.0.0.1:9944
	log "starting a dev chain (archive mode), log: $state/node.log"
	OPENLEDGER_NODE="${OPENLEDGER_NODE:-}" bash "$ROOT/scripts/dev.sh" --state-pruning archive-canonical \
		>"$state/node.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 120); do rpc 9944 system_health >/dev/null 2>&1 && break; sleep 1; done
fi

# --- the indexer, its GraphQL API, the web app ------------------------------------------------
npm_ci_once "$ROOT/indexer"
npm_ci_once "$ROOT/web"
log "building the indexer and the web app"
# Several explorers may start at once (the end-to-end tests run two): the indexer's build is in
# the checkout, so one builds at a time; each web app is built into its own state directory,
# beside the config.json that names its node and GraphQL.
(cd "$ROOT/indexer" && flock .build.lock sh -c \
	"npm run --silent build && npx squid-typeorm-migration apply >'$state/migration.log' 2>&1")
web_dir="$state/web"
(cd "$ROOT/web" && npx vite build --logLevel error --emptyOutDir --outDir "$web_dir")
printf '{"node":"%s","graphql":"http://127.0.0.1:%s/graphql"}\n' "$node_url" "$gql_port" >"$web_dir/config.json"

export RPC_ENDPOINT=$node_url GQL_PORT=$gql_port
log "indexer → $node_url, log: $state/indexer.log"
(
	cd "$ROOT/indexer"
	trap 'kill "$(cat "$state/indexer.pid")" 2>/dev/null; exit 0' TERM
	# Restarted if it stops (a crash, a lost connection): it resumes from its last block.
	while true; do
		node lib/main.js >>"$state/indexer.log" 2>&1 &
		echo $! >"$state/indexer.pid"
		wait $! || log "the indexer stopped (exit $?): starting it again"
		sleep 1
	done
) &
pids+=($!)
(cd "$ROOT/indexer" && exec node_modules/.bin/squid-graphql-server >"$state/graphql.log" 2>&1) &
pids+=($!)
(cd "$ROOT/web" && exec node_modules/.bin/vite preview --outDir "$web_dir" --host 127.0.0.1 --port "$web_port" \
	--strictPort >"$state/web.log" 2>&1) &
pids+=($!)

for _ in $(seq 60); do
	curl -sf -o /dev/null "http://127.0.0.1:$web_port/" &&
		curl -sf -o /dev/null -H 'content-type: application/json' -d '{"query":"{ squidStatus { height } }"}' \
			"http://127.0.0.1:$gql_port/graphql" && break
	sleep 1
done
log "the explorer: http://127.0.0.1:$web_port/  (GraphQL: http://127.0.0.1:$gql_port/graphql); Ctrl-C stops it"
wait
