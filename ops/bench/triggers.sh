#!/usr/bin/env bash
# What triggers cost per ticket event (SwitchboardCore, release build): choosing the triggers
# that listen for an event among 200 enabled ones and testing their conditions.
# Prints one JSON line per event kind; extra arguments go to the benchmark
# (--seconds S, --triggers N).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

swift build -c release --product switchboard-bench >&2
.build/release/switchboard-bench triggers "$@"
