#!/usr/bin/env bash
# README command 2: sets up what is missing (Rust tools, Chromium, npm packages) and
# runs every check: fmt, clippy -D warnings, the app and server tests on SQLite and
# PostgreSQL, and the browser tests in real Chromium against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Plain cargo and cargo-leptos pass different flags; each keeps its own target dir.
export CARGO_TARGET_DIR_PLAIN="$PWD/target/cargo"
cargo_plain() { CARGO_TARGET_DIR="$CARGO_TARGET_DIR_PLAIN" cargo "$@"; }

step "PostgreSQL at 127.0.0.1:5432 (the tests need it; unreachable is a failure)"
export SWITCHBOARD_TEST_PG="${SWITCHBOARD_TEST_PG:-postgres://root@127.0.0.1:5432/test}"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    sleep 2
  fi
  pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not reachable at 127.0.0.1:5432" >&2; exit 1; }
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy -D warnings (server side, browser side)"
cargo_plain clippy -p app --features ssr --all-targets -- -D warnings
cargo_plain clippy -p server --all-targets -- -D warnings
cargo_plain clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
cargo_plain clippy -p widget --target wasm32-unknown-unknown -- -D warnings

step "app tests (domain, engine, storage suite on SQLite and PostgreSQL)"
cargo_plain test -p app --features ssr

step "server tests (real server on port 0, both backends, two nodes, crash)"
cargo_plain test -p server

step "release build (cargo leptos, then the widget's own bundle)"
LEPTOS_ENV=PROD cargo leptos build --release --split
scripts/build-widget.sh

step "browser tests (Chromium)"
(cd end2end && npx playwright test)

step "all tests passed"
