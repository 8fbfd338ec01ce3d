#!/usr/bin/env bash
# Installs whatever is missing to build Switchboard; skips what is already there.
# Usage: scripts/setup.sh [--browser]   (--browser also installs Chromium for the browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  say "installing cargo-leptos 0.3.10 (about 20 minutes, once)"
  cargo install --locked cargo-leptos@0.3.10 --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q '0\.2\.130'; then
  say "installing wasm-bindgen-cli 0.2.130 (matches the wasm-bindgen crate pin)"
  cargo install wasm-bindgen-cli --version 0.2.130 --force
fi

# Splits the chat widget's WebAssembly (scripts/build-widget.sh); the version
# cargo-leptos 0.3.10 splits the agent bundle with. It has no --version.
if ! cargo install --list | grep -q '^wasm_split_cli_support v0\.2\.3:'; then
  say "installing wasm-split-cli 0.2.3 (splits the chat widget's WebAssembly)"
  cargo install --locked wasm_split_cli_support --version 0.2.3 --features build-binary
fi

need_apt=()
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
if [[ "${1:-}" == "--browser" ]]; then
  command -v chromium >/dev/null || need_apt+=(chromium)
  command -v psql >/dev/null || need_apt+=(postgresql-client)
fi
if (( ${#need_apt[@]} )); then
  say "installing ${need_apt[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

# wasm-opt from the npm package binaryen@132 (Debian's binaryen 108 breaks hydration),
# and Playwright, both pinned in end2end/package-lock.json.
stamp=end2end/node_modules/.switchboard-installed
if [[ ! -x end2end/node_modules/.bin/wasm-opt ]] || ! cmp -s end2end/package-lock.json "$stamp" 2>/dev/null; then
  say "installing the end2end npm packages"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
  cp end2end/package-lock.json "$stamp"
fi
