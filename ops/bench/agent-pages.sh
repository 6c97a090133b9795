#!/usr/bin/env bash
# The agent interface at scale: seeds the demo tenant up to TICKETS tickets (1,000,000 by
# default), gives one ticket a thread of THREAD messages, signs in as the demo admin, then
# measures the server time of the queue page (live counts and the first 50 tickets), the queue
# filtered by department, a search, and the ticket view, reporting p50/p95/p99; and the weight
# of the ticket view (its HTML, stylesheet and script; raw and gzip).
#
#   ops/bench/agent-pages.sh           (TICKETS=1000000 THREAD=20 DURATION=10 CONNECTIONS=1)
#
# With one connection the latencies are the server time of a page (plus loopback); more
# connections show it under load.
set -euo pipefail
source "$(dirname "$0")/../lib/bench.sh"
cd "$ROOT"

TICKETS="${TICKETS:-1000000}"
THREAD="${THREAD:-20}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-1}"

export SB_LOG_FORMAT=text
bench_setup

owner_sql() { PGPASSWORD=switchboard psql -X -qtA -h 127.0.0.1 -p "$PG_PORT" -U switchboard -d switchboard -c "$1"; }
tenant_id=$(owner_sql "SELECT id FROM tenants WHERE slug = 'demo'")
have=$(owner_sql "SELECT count(*) FROM tickets WHERE tenant_id = $tenant_id")
if [ "$have" -lt "$TICKETS" ]; then
    say "seeding $((TICKETS - have)) tickets"
    "$BIN" seed --tenant demo --tickets $((TICKETS - have)) --log-level warning
fi
owner_sql "VACUUM ANALYZE tickets" >/dev/null

bench_serve

KEY=sbk_demo_local_development_key_do_not_use_in_production
BASE="http://127.0.0.1:$NODE_PORT"
api() { curl -fsS -H 'Host: demo.localhost' -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }

# A ticket with a real thread: replies and notes, as a busy ticket has.
ref=$(api -X POST "$BASE/api/v1/tickets" -d '{"subject":"Bench thread: invoice and refund","body":"The invoice shows the wrong VAT number.","department":"Support","requester":{"email":"bench-thread@example.com","name":"Bench Customer"}}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["ref"])')
for i in $(seq 2 "$THREAD"); do
    kind=$([ $((i % 3)) = 0 ] && echo note || echo reply)
    api -X POST "$BASE/api/v1/tickets/$ref/messages" -d "{\"kind\":\"$kind\",\"body\":\"Message $i of the thread. We checked the invoice again and the VAT number is now corrected; a credit note follows.\"}" >/dev/null
done

# A session, as a browser holds it.
cookie=$(curl -fsS -D - -o /dev/null -H 'Host: demo.localhost' -H 'Content-Type: application/json' \
    -d '{"email":"admin@demo.test","password":"demo-password-1"}' "$BASE/api/v1/auth/login" \
    | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')

measure() {
    local label="$1" path="$2" out
    curl -fsS -o /dev/null -H 'Host: demo.localhost' -H "Cookie: $cookie" "$BASE$path" || { echo "$label: $path failed" >&2; exit 1; }
    out=$(wrk -t"$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))" -c"$CONNECTIONS" -d"${DURATION}s" -s ops/bench/latency.lua -H 'Host: demo.localhost' -H "Cookie: $cookie" "$BASE$path")
    echo "$label: $(echo "$out" | awk '/Requests\/sec/ { print $2 }') pages/s; $(echo "$out" | grep '^RESULT')" >&2
    echo "$out" | grep '^RESULT' | sed -E 's/.*p50_ms=([0-9.]+) p95_ms=([0-9.]+) p99_ms=([0-9.]+).*/{"p50_ms":\1,"p95_ms":\2,"p99_ms":\3}/'
}

say "measuring ($CONNECTIONS connections, ${DURATION}s each)"
queue=$(measure "queue page (awaiting agent, counts)" "/agent/tickets")
department=$(measure "queue page, Support only" "/agent/tickets?status=awaiting_user&department=Support")
search=$(measure "queue page, search (invoice)" "/agent/tickets?status=resolved&q=invoice")
view=$(measure "ticket view ($THREAD messages)" "/agent/tickets/$ref")

# Page weight: what a first visit to the ticket view downloads.
weights=$(python3 - "$BASE" "$cookie" "$ref" <<'PY'
import gzip, re, sys, urllib.request
base, cookie, ref = sys.argv[1:]
def get(path):
    request = urllib.request.Request(base + path, headers={"Host": "demo.localhost", "Cookie": cookie})
    return urllib.request.urlopen(request).read()
html = get(f"/agent/tickets/{ref}")
assets = re.findall(rb'(?:href|src)="(/assets/[^"]+)"', html)
parts = [html] + [get(path.decode()) for path in assets]
raw = sum(len(part) for part in parts)
zipped = sum(len(gzip.compress(part)) for part in parts)
print(f'{{"html_bytes":{len(html)},"assets":{len(assets)},"total_bytes":{raw},"total_gzip_bytes":{zipped}}}')
PY
)
echo "ticket view weight: $weights" >&2
cat <<JSON
{"benchmark":"agent-pages","tickets":$(owner_sql "SELECT count(*) FROM tickets WHERE tenant_id = $tenant_id"),"connections":$CONNECTIONS,
 "queue_page":$queue,"queue_page_department":$department,"queue_page_search":$search,"ticket_view":$view,
 "ticket_view_weight":$weights,"cores":$(nproc)}
JSON
