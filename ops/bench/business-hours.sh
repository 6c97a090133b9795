#!/usr/bin/env bash
# Business-hours arithmetic throughput (SwitchboardCore) in a release build.
# Prints one JSON line per operation; extra arguments go to the benchmark (--seconds S).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

swift build -c release --product switchboard-bench >&2
.build/release/switchboard-bench business-hours "$@"
