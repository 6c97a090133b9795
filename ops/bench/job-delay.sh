#!/usr/bin/env bash
# How late background jobs run: JOBS follow-up reminders (default 10,000) fall due over
# SPREAD seconds (default 10) starting 5 s from now, in the loadtest tenant, with NODES nodes
# (default 3) running workers against the same PostgreSQL. Each reminder's lateness is the
# time from its due time to the transaction that delivers its notification; prints p50, p95,
# p99 and the maximum, and checks that every reminder was delivered exactly once.
#
#   ops/bench/job-delay.sh            JOBS=10000 SPREAD=10 NODES=3
set -euo pipefail
source "$(dirname "$0")/../lib/bench.sh"
cd "$ROOT"

JOBS="${JOBS:-10000}"
SPREAD="${SPREAD:-10}"
NODES="${NODES:-3}"
KEY="sbk_loadtest_benchmark_key_for_loopback_use_only_0001"

bench_setup
"$BIN" tenant apply ops/bench/loadtest.yaml >/dev/null
psql_owner() { PGPASSWORD=switchboard psql -X -qtA -F ' ' -h 127.0.0.1 -p "$PG_PORT" -U switchboard -d switchboard "$@"; }
# Earlier runs' reminders and notifications go; nothing else in the tenant is touched.
psql_owner -c "DELETE FROM jobs WHERE kind = 'ticket.follow_up' AND payload->>'note' LIKE 'job-delay %';
               DELETE FROM notifications WHERE note LIKE 'job-delay %';" >/dev/null

for index in $(seq 1 "$NODES"); do
    SB_PORT=$((NODE_PORT + index - 1)) "$BIN" serve >"$STATE/node-$index.log" 2>&1 &
    BENCH_PIDS+=("$!")
done
for index in $(seq 1 "$NODES"); do
    until curl -fsS "http://127.0.0.1:$((NODE_PORT + index - 1))/readyz" >/dev/null 2>&1; do sleep 0.01; done
done

ref=$(curl -fsS -X POST -H "Host: loadtest.localhost" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d '{"subject":"Reminders","body":"job delay benchmark"}' "http://127.0.0.1:$NODE_PORT/api/v1/tickets" | sed -E 's/.*"ref":([0-9]+).*/\1/')
read -r tenant_id ticket_id agent_id < <(psql_owner -c \
    "SELECT t.id, k.id, a.id FROM tenants t JOIN tickets k ON k.tenant_id = t.id AND k.ref = $ref
     JOIN agents a ON a.tenant_id = t.id AND a.email = 'admin@loadtest.test' WHERE t.slug = 'loadtest'")

say "$JOBS reminders due over ${SPREAD}s on $NODES nodes"
# Written in one statement, as an outbox of many changes would leave them; the note keeps
# each one's due time to the microsecond.
psql_owner -c "
    INSERT INTO jobs (tenant_id, kind, payload, run_at)
    SELECT $tenant_id, 'ticket.follow_up',
           jsonb_build_object('ticket', $ticket_id, 'agent', $agent_id, 'note', 'job-delay ' || g || ' ' || (extract(epoch FROM due) * 1000000)::int8),
           due
    FROM (SELECT g, now() + interval '5 seconds' + (g * $SPREAD::float8 / $JOBS) * interval '1 second' AS due
          FROM generate_series(1, $JOBS) g) s" >/dev/null

deadline=$(( $(date +%s) + SPREAD + 120 ))
while :; do
    done_count=$(psql_owner -c "SELECT count(*) FROM notifications WHERE note LIKE 'job-delay %'")
    [ "$done_count" -ge "$JOBS" ] && break
    [ "$(date +%s)" -gt "$deadline" ] && { echo "only $done_count of $JOBS delivered" >&2; break; }
    sleep 1
done

psql_owner -c "
    WITH d AS (
        SELECT split_part(note, ' ', 2) AS id,
               (extract(epoch FROM created_at) * 1000000 - split_part(note, ' ', 3)::int8) / 1000.0 AS late_ms
        FROM notifications WHERE note LIKE 'job-delay %')
    SELECT json_build_object(
        'benchmark', 'job-delay', 'jobs', $JOBS, 'spread_seconds', $SPREAD, 'nodes', $NODES, 'cores', $(nproc),
        'delivered', count(*), 'distinct', count(DISTINCT id),
        'p50_ms', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY late_ms)::numeric, 1),
        'p95_ms', round(percentile_cont(0.95) WITHIN GROUP (ORDER BY late_ms)::numeric, 1),
        'p99_ms', round(percentile_cont(0.99) WITHIN GROUP (ORDER BY late_ms)::numeric, 1),
        'max_ms', round(max(late_ms)::numeric, 1),
        'early', count(*) FILTER (WHERE late_ms < 0))
    FROM d"
