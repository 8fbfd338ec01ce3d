#!/usr/bin/env bash
# Starts the release build on a fresh SQLite database for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3100}"
data="end2end/.data"
rm -rf "$data"
export SWITCHBOARD_DATA_DIR="$data" SWITCHBOARD_ADDR="127.0.0.1:$port" SWITCHBOARD_LOG="${SWITCHBOARD_LOG:-warn}"
exec "${SWITCHBOARD_BIN:-target/release/switchboard}" serve
