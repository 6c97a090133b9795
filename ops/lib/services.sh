# Shared by ops/dev, ops/test and ops/cluster: installs what is missing and runs private
# PostgreSQL and Redis instances under .local/ on loopback. Source it; do not run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Debian packages the build and the services need.
ensure_packages() {
    local missing=()
    local pkg
    for pkg in postgresql redis-server libhiredis-dev libicu-dev "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# PostgreSQL refuses to run as root; run its tools as the postgres user then.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        # From /, since the checkout itself may be closed to the postgres user.
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# The postgres user must be able to reach its data directory. A checkout under a private home
# directory cannot host it when running as root, so the data then lives under /var/tmp instead.
pg_home() {
    local dir="$1"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
        echo "/var/tmp/switchboard-postgres-$(printf '%s' "$dir" | sha1sum | cut -c1-12)"
    else
        echo "$dir"
    fi
}

# start_postgres DIR PORT: initialises DIR on first use, starts the server if it is not running,
# creates the schema owner (switchboard) and the application role (switchboard_app), and the
# database `switchboard`.
start_postgres() {
    local dir port="$2" bin
    dir="$(pg_home "$1")"
    bin="$(pg_bindir)"
    [ -n "$bin" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql" >&2; return 1; }
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        say "initialising PostgreSQL in $dir"
        as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        mkdir -p "$dir/run"
        if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir/run"; fi
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        say "starting PostgreSQL on 127.0.0.1:$port"
        as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/run -c max_connections=400 -c shared_buffers=256MB -c fsync=${PG_FSYNC:-on}" start >/dev/null
    fi
    psql_admin "$dir" "$port" <<'SQL' >/dev/null
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard') THEN
        CREATE ROLE switchboard LOGIN CREATEDB PASSWORD 'switchboard';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        CREATE ROLE switchboard_app LOGIN PASSWORD 'switchboard_app';
    END IF;
END
$$;
SELECT 'CREATE DATABASE switchboard OWNER switchboard'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'switchboard')\gexec
SQL
}

psql_admin() {
    local dir port="$2"
    dir="$(pg_home "$1")"
    shift 2
    as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$dir/run" -p "$port" -U postgres -d postgres "$@"
}

stop_postgres() {
    local dir bin
    dir="$(pg_home "$1")"
    bin="$(pg_bindir)"
    [ -f "$dir/data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
}

# start_redis DIR PORT: a private, non-persistent Redis.
start_redis() {
    local dir="$1" port="$2"
    mkdir -p "$dir"
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then return 0; fi
    say "starting Redis on 127.0.0.1:$port"
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no \
        --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    local i
    for i in $(seq 1 50); do
        redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "Redis did not start; see $dir/redis.log" >&2
    return 1
}

# stop_redis DIR PORT: stops the instance this DIR started (by its pid file), never another
# checkout's that happens to use the same port.
stop_redis() {
    local dir="$1" port="$2" pid
    [ -f "$dir/redis.pid" ] || return 0
    pid="$(cat "$dir/redis.pid")"
    if kill -0 "$pid" 2>/dev/null; then
        redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$dir/redis.pid"
}
