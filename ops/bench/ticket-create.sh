#!/usr/bin/env bash
# Ticket creation through the API (32 concurrent clients) against pgbench running the same
# writes as one transaction, in the same run on the same PostgreSQL, both into the loadtest
# tenant (ops/bench/loadtest.yaml) so that the demo tenant the list benchmark reads stays as seeded.
#
#   ops/bench/ticket-create.sh         (DURATION=15 seconds each, SB_DATABASE_POOL=8 by default)
set -euo pipefail
source "$(dirname "$0")/../lib/bench.sh"
cd "$ROOT"

DURATION="${DURATION:-15}"
CLIENTS="${CLIENTS:-32}"

# The node's pool is sized to the machine, as in production: 32 clients share 8 connections,
# which on 2 cores gives more tickets a second and a far shorter tail than one connection per
# client (PostgreSQL backends then spend their time switching instead of working).
export SB_DATABASE_POOL="${SB_DATABASE_POOL:-8}"
bench_setup
"$BIN" tenant apply ops/bench/loadtest.yaml >/dev/null
bench_serve

say "API: $CLIENTS clients for ${DURATION}s"
api=$(wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s ops/bench/ticket-create.lua "http://127.0.0.1:$NODE_PORT/api/v1/tickets")
api_rate=$(echo "$api" | awk '/Requests\/sec/ { print $2 }')
api_line=$(echo "$api" | grep '^RESULT')
echo "$api" >&2

# pgbench as the application role, against the demo tenant's rows.
read -r tenant_id department_id agent_id < <(PGPASSWORD=switchboard psql -X -qtA -F ' ' -h 127.0.0.1 -p "$PG_PORT" -U switchboard -d switchboard -c \
    "SELECT t.id, d.id, a.id FROM tenants t JOIN departments d ON d.tenant_id = t.id AND d.name = 'Support'
     JOIN agents a ON a.tenant_id = t.id AND a.email = 'admin@loadtest.test' WHERE t.slug = 'loadtest'")
say "pgbench: $CLIENTS clients for ${DURATION}s"
pg=$(PGPASSWORD=switchboard_app pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U switchboard_app -c "$CLIENTS" -j 2 -T "$DURATION" \
    -D tenant_id="$tenant_id" -D department_id="$department_id" -D agent_id="$agent_id" \
    -f ops/bench/ticket-create.pgbench switchboard 2>&1)
echo "$pg" >&2
pg_rate=$(echo "$pg" | awk '/^tps = / { print $3 }')
pg_latency=$(echo "$pg" | awk '/^latency average/ { print $4 }')

p50=$(echo "$api_line" | sed -E 's/.*p50_ms=([0-9.]+).*/\1/')
p99=$(echo "$api_line" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')
errors=$(echo "$api_line" | sed -E 's/.*errors=([0-9]+).*/\1/')
ratio=$(awk -v a="$api_rate" -v b="$pg_rate" 'BEGIN { printf "%.2f", a / b }')
cat <<JSON
{"benchmark":"ticket-create","clients":$CLIENTS,"seconds":$DURATION,
 "api_tickets_per_sec":$api_rate,"api_p50_ms":$p50,"api_p99_ms":$p99,"api_errors":$errors,
 "pgbench_tps":$pg_rate,"pgbench_latency_avg_ms":$pg_latency,"api_to_pgbench_ratio":$ratio,"cores":$(nproc)}
JSON
