#!/usr/bin/env bash
# Ticket lists at scale: seeds the demo tenant up to TICKETS tickets (1,000,000 by default,
# Korean and English), then measures through the API a filtered first page, a page 5,000
# pages deep reached by cursor, full-text searches in Korean and English, and the queue counts
# (every status plus shared saved filters), reporting p50/p95/p99.
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
owner_sql "VACUUM ANALYZE ticket_counts" >/dev/null

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
# Queues as a team would have them: statuses, plus shared saved filters by department and status,
# and by search words.
api() { curl -fsS -H 'Host: demo.localhost' -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
if [ "$(api "http://127.0.0.1:$NODE_PORT/api/v1/saved-filters" | grep -c 'Support, awaiting')" = 0 ]; then
    api -X POST "http://127.0.0.1:$NODE_PORT/api/v1/saved-filters" \
        -d '{"name":"Support, awaiting agent","shared":true,"criteria":{"department":"Support","status":"awaiting_agent"}}' >/dev/null
    api -X POST "http://127.0.0.1:$NODE_PORT/api/v1/saved-filters" \
        -d '{"name":"Refunds","shared":true,"criteria":{"q":"환불"}}' >/dev/null
fi
korean=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("비밀번호"))')
korean_rare=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("배송 조회"))')
say "measuring ($CONNECTIONS connections, ${DURATION}s each)"
first=$(measure "filtered first page" "/api/v1/tickets?status=awaiting_agent&limit=50")
deep=$(measure "page 5,000 deep by cursor" "/api/v1/tickets?limit=50&cursor=$cursor")
deep_filtered=$(measure "filtered page deep by cursor" "/api/v1/tickets?status=awaiting_agent&limit=50&cursor=$cursor")
search_ko=$(measure "search, Korean (비밀번호)" "/api/v1/tickets?q=$korean&limit=50")
search_ko_filtered=$(measure "search, Korean, two words, resolved" "/api/v1/tickets?q=$korean_rare&status=resolved&limit=50")
search_en=$(measure "search, English (invoice)" "/api/v1/tickets?q=invoice&limit=50")
search_en_rare=$(measure "search, English, by ticket number" "/api/v1/tickets?q=123457&limit=50")
queues=$(measure "queue counts (5 statuses, 2 saved filters)" "/api/v1/queues")
cat <<JSON
{"benchmark":"ticket-list","tickets":$(owner_sql "SELECT count(*) FROM tickets WHERE tenant_id = $tenant_id"),"connections":$CONNECTIONS,
 "filtered_first_page":$first,"page_5000_deep":$deep,"filtered_deep_page":$deep_filtered,
 "search_korean":$search_ko,"search_korean_two_words_resolved":$search_ko_filtered,"search_english":$search_en,
 "search_english_ticket_number":$search_en_rare,"queue_counts":$queues,"cores":$(nproc)}
JSON
