#!/usr/bin/env bash
# Starts the release build on a fresh SQLite database for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3100}"
data="end2end/.data"
rm -rf "$data"
# The suite signs the same demo agents in many times a minute; the limiter itself
# is tested in server/tests/api.rs.
export SWITCHBOARD_LOGIN_PER_MINUTE="${SWITCHBOARD_LOGIN_PER_MINUTE:-1000,1000}"
export SWITCHBOARD_PUBLIC_PER_MINUTE="${SWITCHBOARD_PUBLIC_PER_MINUTE:-1000}"
# The demo company's site, the one origin allowed to embed the widget.
export SWITCHBOARD_DEMO_SITE_ADDR="127.0.0.1:$((port + 1))"
export SWITCHBOARD_DATA_DIR="$data" SWITCHBOARD_ADDR="127.0.0.1:$port" SWITCHBOARD_LOG="${SWITCHBOARD_LOG:-warn}"
# The SLA alert spec moves the clock forward (POST /test/clock).
export SWITCHBOARD_TEST_CLOCK=1
exec "${SWITCHBOARD_BIN:-target/release/switchboard}" serve
