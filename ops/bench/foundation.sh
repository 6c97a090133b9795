#!/usr/bin/env bash
# Foundation benchmark: a tenant-resolved endpoint through the full middleware stack versus a
# bare Hummingbird route, both at 64 connections on loopback in the same run; plus a node's
# idle memory and its time from start to ready.
#
#   ops/bench/foundation.sh            (DURATION=10 seconds per wrk run, ROUNDS=3 by default)
set -euo pipefail
source "$(dirname "$0")/../lib/bench.sh"
cd "$ROOT"

DURATION="${DURATION:-10}"
# Bare and tenant runs alternate, ROUNDS times each; the medians are reported, so one noisy
# run on a small machine does not decide the ratio.
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
BARE_PORT=18090

bench_setup

now_ms() { date +%s%3N; }
start=$(now_ms)
bench_serve
ready_ms=$(( $(now_ms) - start ))
sleep 2
idle_rss_kb=$(ps -o rss= -p "$NODE_PID" | tr -d ' ')

"$BIN" bench bare --port "$BARE_PORT" >"$STATE/bare.log" 2>&1 &
BENCH_PIDS+=($!)
until curl -fsS "http://127.0.0.1:$BARE_PORT/" >/dev/null 2>&1; do sleep 0.05; done

KEY=sbk_demo_local_development_key_do_not_use_in_production
rate() { awk '/Requests\/sec/ { print $2 }'; }
latency() { awk '/^     50%/ { p50=$2 } /^     99%/ { p99=$2 } END { print p50 " p50, " p99 " p99" }'; }
run() {
    local label="$1"; shift
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
    printf '%s\t%s req/s\t%s\n' "$label" "$(echo "$out" | rate)" "$(echo "$out" | latency)" >&2
    echo "$out" | rate
}

say "warming up"
wrk -t2 -c"$CONNECTIONS" -d2s -H 'Host: demo.localhost' "http://127.0.0.1:$NODE_PORT/api/v1/tenant" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$BARE_PORT/" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$BARE_PORT/json" >/dev/null

say "measuring ($CONNECTIONS connections, ${DURATION}s per run, $ROUNDS rounds)"
# Two baselines: a bare route answering "ok", and a bare route sending the same JSON body as
# /api/v1/tenant (so that ratio isolates the middleware stack: tenancy, metrics, problems, ids).
bares=(); bare_jsons=(); tenants=()
for _ in $(seq 1 "$ROUNDS"); do
    bares+=("$(run "bare route (ok)" "http://127.0.0.1:$BARE_PORT/")")
    bare_jsons+=("$(run "bare route (same JSON)" "http://127.0.0.1:$BARE_PORT/json")")
    tenants+=("$(run "tenant-resolved /api/v1/tenant" -H 'Host: demo.localhost' "http://127.0.0.1:$NODE_PORT/api/v1/tenant")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
bare=$(median "${bares[@]}")
bare_json=$(median "${bare_jsons[@]}")
tenant=$(median "${tenants[@]}")
me=$(run "API key + agent /api/v1/me" -H 'Host: demo.localhost' -H "Authorization: Bearer $KEY" "http://127.0.0.1:$NODE_PORT/api/v1/me")
loaded_rss_kb=$(ps -o rss= -p "$NODE_PID" | tr -d ' ')

ratio=$(awk -v a="$tenant" -v b="$bare" 'BEGIN { printf "%.2f", a / b }')
ratio_json=$(awk -v a="$tenant" -v b="$bare_json" 'BEGIN { printf "%.2f", a / b }')
ratio_me=$(awk -v a="$me" -v b="$bare" 'BEGIN { printf "%.2f", a / b }')
cat <<JSON
{"benchmark":"foundation","connections":$CONNECTIONS,"seconds":$DURATION,"rounds":$ROUNDS,
 "bare_runs":[$(IFS=,; echo "${bares[*]}")],"bare_json_runs":[$(IFS=,; echo "${bare_jsons[*]}")],
 "tenant_runs":[$(IFS=,; echo "${tenants[*]}")],
 "bare_req_per_sec":$bare,"bare_json_req_per_sec":$bare_json,"tenant_req_per_sec":$tenant,
 "tenant_to_bare_ratio":$ratio,"tenant_to_bare_json_ratio":$ratio_json,
 "me_req_per_sec":$me,"me_to_bare_ratio":$ratio_me,
 "idle_rss_mib":$(awk -v k="$idle_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }'),
 "rss_after_load_mib":$(awk -v k="$loaded_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }'),
 "start_to_ready_ms":$ready_ms,"cores":$(nproc)}
JSON
