#!/usr/bin/env bash
# Builds the chat widget's own WebAssembly bundle (frontend/widget) into
# target/site/widget/, where the server serves it. cargo-leptos builds only the
# workspace's hydrate bundle, so this does the same three steps for the widget:
# cargo (size-optimised profile), wasm-bindgen, wasm-opt. Its own target dir:
# the flags differ from cargo-leptos's and would invalidate each other's caches.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
target="$PWD/target/widget"
out="${LEPTOS_SITE_ROOT:-target/site}/widget"
CARGO_TARGET_DIR="$target" cargo build -q --package widget --lib \
  --target wasm32-unknown-unknown --profile wasm-release
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name widget \
  "$target/wasm32-unknown-unknown/wasm-release/widget.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  "$out/widget_bg.wasm" -o "$out/widget_bg.wasm"
printf 'widget: %s (%d bytes)\n' "$out/widget_bg.wasm" "$(stat -c %s "$out/widget_bg.wasm")"
