#!/usr/bin/env bash
# README command 1: sets up what is missing, builds in release mode and starts
# Switchboard on the embedded SQLite database (seeding the demo company once).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"

printf '\033[1m==> building Switchboard (release)\033[0m\n'
LEPTOS_ENV=PROD cargo leptos build --release --split
scripts/build-widget.sh

export SWITCHBOARD_DATA_DIR="${SWITCHBOARD_DATA_DIR:-$PWD/data}"
exec target/release/switchboard serve
