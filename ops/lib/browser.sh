# Browser tests: real headless Chromium (Debian's chromium and chromium-driver) driven by
# Selenium, running the Python suites under Tests/Browser against a live node.
# Source it after ops/lib/services.sh (it uses ROOT, say and ensure_packages); do not run it.
#
#   run_browser_tests BASE_URL API_KEY
#
# BASE_URL is the demo tenant's address (http://demo.localhost:18098); the suites map every
# *.localhost name to 127.0.0.1 in Chromium. API_KEY is an admin key of that tenant, used to
# set up data. Screenshots go to .local/browser. Returns non-zero on any failure.

SELENIUM_VERSION="4.38.0"

ensure_browser_tools() {
    # Fonts so that Korean, Japanese and Arabic render as text, not boxes, in screenshots.
    ensure_packages chromium chromium-driver fonts-noto-core fonts-noto-cjk python3-venv
    local venv="$ROOT/.local/browser-venv"
    if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$SELENIUM_VERSION')" 2>/dev/null; then
        return 0
    fi
    say "installing selenium $SELENIUM_VERSION into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv" || { echo "python3 -m venv failed: is python3-venv installed?" >&2; return 1; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium==$SELENIUM_VERSION" >&2 || { rm -rf "$venv"; return 1; }
}

run_browser_tests() {
    local base_url="${1:?usage: run_browser_tests BASE_URL API_KEY}" key="${2:?api key}"
    ensure_browser_tools || return 1
    local out="$ROOT/.local/browser"
    rm -rf "$out"
    mkdir -p "$out"
    say "browser tests: $(chromium --version 2>/dev/null | head -n 1) against $base_url"
    SB_BROWSER_BASE="${base_url%/}" SB_BROWSER_KEY="$key" SB_BROWSER_OUT="$out" \
        timeout "${SB_BROWSER_TIMEOUT:-600}" "$ROOT/.local/browser-venv/bin/python" -m unittest discover -s "$ROOT/Tests/Browser" -t "$ROOT/Tests/Browser" -v
}
