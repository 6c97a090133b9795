#!/usr/bin/env bash
# ICU message formatting benchmark: builds in release mode and prints one JSON
# line with ops_per_sec. Extra arguments go to the benchmark, e.g.
#   ops/bench/icu.sh --seconds 5 --locale ar --time-zone Asia/Riyadh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

swift build -c release --product switchboard-bench >&2
.build/release/switchboard-bench message-format --packs Localization "$@"
