# Shared by ops/bench/*.sh: private PostgreSQL and Redis under .local/bench, a release build
# of the node, the demo tenant applied. Source it, then call bench_setup; processes the
# benchmark starts go in BENCH_PIDS and are stopped on exit with the services.

source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

PG_PORT=54349
REDIS_PORT=63819
NODE_PORT=18080
STATE="$ROOT/.local/bench"
BENCH_PIDS=()

bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    stop_redis "$STATE/redis" "$REDIS_PORT"
    stop_postgres "$STATE/postgres"
}

# Sets BIN and the node's environment (settings already exported by the caller are kept).
bench_setup() {
    ensure_packages wrk
    trap bench_cleanup EXIT
    start_postgres "$STATE/postgres" "$PG_PORT"
    start_redis "$STATE/redis" "$REDIS_PORT"
    say "building release"
    swift build -c release --product switchboard >/dev/null
    BIN="$(swift build -c release --show-bin-path)/switchboard"
    export SB_DATABASE_URL="postgres://switchboard_app:switchboard_app@127.0.0.1:$PG_PORT/switchboard"
    export SB_DATABASE_ADMIN_URL="postgres://switchboard:switchboard@127.0.0.1:$PG_PORT/switchboard"
    export SB_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
    export SB_BASE_DOMAIN=localhost SB_PORT="$NODE_PORT" SB_LOG_LEVEL="${SB_LOG_LEVEL:-warning}"
    # The limit stays on, so its cost is measured, but high enough never to refuse the load.
    export SB_API_RATE_LIMIT="${SB_API_RATE_LIMIT:-100000000}"
    "$BIN" migrate >/dev/null
    "$BIN" tenant apply Tenants/demo.yaml >/dev/null
}

# Starts the node and waits until it is ready; sets NODE_PID.
bench_serve() {
    "$BIN" serve >"$STATE/node.log" 2>&1 &
    NODE_PID=$!
    BENCH_PIDS+=("$NODE_PID")
    until curl -fsS "http://127.0.0.1:$NODE_PORT/readyz" >/dev/null 2>&1; do sleep 0.005; done
}
