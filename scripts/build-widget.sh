#!/usr/bin/env bash
# Builds the chat widget's own WebAssembly bundle (frontend/widget) into
# target/site/widget/, where the server serves it. cargo-leptos builds only the
# workspace's hydrate bundle, so this does its steps for the widget: cargo
# (size-optimised profile, relocations kept for the split), wasm-split (the
# entry points declared with split_entries! go to pieces fetched when needed),
# wasm-bindgen, wasm-opt on every piece. Its own target dir: the flags differ
# from cargo-leptos's and would invalidate each other's caches.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
target="$PWD/target/widget"
out="${LEPTOS_SITE_ROOT:-target/site}/widget"
RUSTFLAGS="${RUSTFLAGS:-} -Clink-args=--emit-relocs" CARGO_TARGET_DIR="$target" \
  cargo build -q --package widget --lib --target wasm32-unknown-unknown --profile wasm-release
split="$target/split"
rm -rf "$split"
mkdir -p "$split" "$out"
# Pieces of an earlier build would be served stale (boot.js, from public/, stays).
rm -f "$out"/*.wasm "$out"/widget.js "$out"/__wasm_split*.js
wasm-split-cli "$target/wasm32-unknown-unknown/wasm-release/widget.wasm" "$split" \
  --target web --out-name widget
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$out" --out-name widget \
  "$split/widget.wasm"
# The split-off pieces and the loader that fetches them, beside widget.js.
find "$split" -maxdepth 1 -type f ! -name widget.wasm -exec cp {} "$out/" \;
for wasm in "$out"/*.wasm; do
  wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue "$wasm" -o "$wasm"
done
printf 'widget: %s (%d bytes; %d split-off pieces)\n' "$out/widget_bg.wasm" \
  "$(stat -c %s "$out/widget_bg.wasm")" "$(find "$out" -name '*.wasm' ! -name widget_bg.wasm | wc -l)"
