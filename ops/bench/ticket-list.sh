#!/usr/bin/env bash
# Ticket lists at scale: seeds the demo tenant up to TICKETS tickets (1,000,000 by default,
# Korean and English), then measures through the API a filtered first page and a page 5,000
# pages deep reached by cursor, reporting p50/p95/p99.
#
#   ops/bench/ticket-list.sh           (TICKETS=1000000 DURATION=10 CONNECTIONS=16)
set -euo pipefail
source "$(dirname "$0")/../lib/services.sh"
cd "$ROOT"

TICKETS="${TICKETS:-1000000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
PG_PORT=54349
REDIS_PORT=63819
NODE_PORT=18080
STATE="$ROOT/.local/bench"

ensure_packages wrk
cleanup() {
    [ -n "${NODE_PID:-}" ] && kill "$NODE_PID" 2>/dev/null || true
    stop_redis "$STATE/redis" "$REDIS_PORT"
    stop_postgres "$STATE/postgres"
}
trap cleanup EXIT
start_postgres "$STATE/postgres" "$PG_PORT"
start_redis "$STATE/redis" "$REDIS_PORT"

say "building release"
swift build -c release --product switchboard >/dev/null
BIN="$(swift build -c release --show-bin-path)/switchboard"
export SB_DATABASE_URL="postgres://switchboard_app:switchboard_app@127.0.0.1:$PG_PORT/switchboard"
export SB_DATABASE_ADMIN_URL="postgres://switchboard:switchboard@127.0.0.1:$PG_PORT/switchboard"
export SB_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export SB_BASE_DOMAIN=localhost SB_PORT="$NODE_PORT" SB_LOG_LEVEL=warning SB_LOG_FORMAT=text
"$BIN" migrate >/dev/null
"$BIN" tenant apply Tenants/demo.yaml >/dev/null

owner_sql() { PGPASSWORD=switchboard psql -X -qtA -h 127.0.0.1 -p "$PG_PORT" -U switchboard -d switchboard -c "$1"; }
tenant_id=$(owner_sql "SELECT id FROM tenants WHERE slug = 'demo'")
have=$(owner_sql "SELECT count(*) FROM tickets WHERE tenant_id = $tenant_id")
if [ "$have" -lt "$TICKETS" ]; then
    say "seeding $((TICKETS - have)) tickets"
    start=$(date +%s)
    "$BIN" seed --tenant demo --tickets $((TICKETS - have)) --log-level warning
    say "seeded in $(( $(date +%s) - start ))s"
fi
owner_sql "VACUUM ANALYZE tickets" >/dev/null

"$BIN" serve >"$STATE/node.log" 2>&1 &
NODE_PID=$!
until curl -fsS "http://127.0.0.1:$NODE_PORT/readyz" >/dev/null 2>&1; do sleep 0.05; done

KEY=sbk_demo_local_development_key_do_not_use_in_production
measure() {
    local label="$1" path="$2" out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s ops/bench/latency.lua -H 'Host: demo.localhost' \
        -H "Authorization: Bearer $KEY" "http://127.0.0.1:$NODE_PORT$path")
    echo "$label: $(echo "$out" | awk '/Requests\/sec/ { print $2 }') req/s; $(echo "$out" | grep '^RESULT')" >&2
    echo "$out" | grep '^RESULT' | sed -E 's/.*p50_ms=([0-9.]+) p95_ms=([0-9.]+) p99_ms=([0-9.]+).*/{"p50_ms":\1,"p95_ms":\2,"p99_ms":\3}/'
}

# The cursor of the 250,000th ticket (5,000 pages of 50), found here with OFFSET once; the API
# itself never uses OFFSET.
cursor=$(owner_sql "SELECT encode(convert_to((extract(epoch FROM updated_at) * 1000000)::bigint || '.' || id, 'UTF8'), 'base64')
                    FROM tickets WHERE tenant_id = $tenant_id ORDER BY updated_at DESC, id DESC OFFSET 249999 LIMIT 1")
say "measuring ($CONNECTIONS connections, ${DURATION}s each)"
first=$(measure "filtered first page" "/api/v1/tickets?status=awaiting_agent&limit=50")
deep=$(measure "page 5,000 deep by cursor" "/api/v1/tickets?limit=50&cursor=$cursor")
deep_filtered=$(measure "filtered page deep by cursor" "/api/v1/tickets?status=awaiting_agent&limit=50&cursor=$cursor")
cat <<JSON
{"benchmark":"ticket-list","tickets":$(owner_sql "SELECT count(*) FROM tickets WHERE tenant_id = $tenant_id"),"connections":$CONNECTIONS,
 "filtered_first_page":$first,"page_5000_deep":$deep,"filtered_deep_page":$deep_filtered,"cores":$(nproc)}
JSON
