#!/usr/bin/env bash
# Ticket lists at scale: seeds the demo tenant up to TICKETS tickets (1,000,000 by default,
# Korean and English), then measures through the API a filtered first page and a page 5,000
# pages deep reached by cursor, reporting p50/p95/p99.
#
#   ops/bench/ticket-list.sh           (TICKETS=1000000 DURATION=10 CONNECTIONS=16)
set -euo pipefail
source "$(dirname "$0")/../lib/bench.sh"
cd "$ROOT"

TICKETS="${TICKETS:-1000000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"

export SB_LOG_FORMAT=text
bench_setup

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

bench_serve

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
