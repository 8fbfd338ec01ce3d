#!/usr/bin/env bash
# Prints the benchmark figures recorded in BENCHMARKS.md.
# Usage: scripts/bench.sh [size|widget-size|widget-tti|fanout|idle|widget-idle|replies|sentiment|wasm-sentiment|triage|scheduler|inbox|inbox-live|search|kb|board|board-live|metrics|seed]...   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="$PWD/target/cargo"
what=("$@"); (( ${#what[@]} )) || what=(size widget-size widget-tti fanout idle widget-idle replies sentiment wasm-sentiment triage scheduler inbox inbox-live search kb board board-live metrics seed)

for w in "${what[@]}"; do
  case "$w" in
    size)
      # What the agent page ships: the hydrate bundle built by `cargo leptos build --release --split`.
      # Pages split off (the case view, approvals, the supervisor's board, metrics
      # and QA, admin, tree editor, reviews, help centre) are chunks the browser
      # fetches only when they open: counted apart, page by page.
      command -v brotli >/dev/null || { apt-get update -qq && apt-get install -y -qq brotli; }
      [[ -f target/site/pkg/switchboard.wasm ]] || LEPTOS_ENV=PROD cargo leptos build --release --split
      sizes() { local raw gz br; raw=$(cat "$@" | wc -c); gz=0; br=0
        for f in "$@"; do gz=$((gz + $(gzip -9c "$f" | wc -c))); br=$((br + $(brotli -c -q 11 "$f" | wc -c))); done
        echo "$raw $gz $br"; }
      total=(0 0 0)
      for f in target/site/pkg/switchboard.wasm target/site/pkg/switchboard.js target/site/pkg/switchboard.css target/site/pkg/__wasm_split.*.js; do
        read -r raw gz br < <(sizes "$f")
        printf 'size: %-40s raw %8d  gzip %8d  brotli %8d bytes\n' "$f" "$raw" "$gz" "$br"
        total=($((total[0]+raw)) $((total[1]+gz)) $((total[2]+br)))
      done
      printf 'size: %-40s raw %8d  gzip %8d  brotli %8d bytes\n' "agent page total" "${total[@]}"
      shopt -s nullglob; chunks=(target/site/pkg/split_*.wasm target/site/pkg/chunk_*.wasm); shopt -u nullglob
      if (( ${#chunks[@]} )); then
        read -r raw gz br < <(sizes "${chunks[@]}")
        printf 'size: %-40s raw %8d  gzip %8d  brotli %8d bytes (%d files, fetched by the pages that need them)\n' "split-off pages, all together" "$raw" "$gz" "$br" "${#chunks[@]}"
      fi
      # What each split-off page fetches when first opened: its own file and the
      # chunks it shares with other pages (listed in the split's manifest).
      manifest=target/site/pkg/__wasm_split_manifest.json
      for page in $(grep -o '"__lazy_[a-z_]*_view_[0-9]*"' "$manifest" | tr -d '"' | sort); do
        files=()
        for f in $(awk -v k="\"$page\"" '$1 == k":" {on=1; next} on && /\]/ {exit} on {gsub(/[",[:space:]]/, ""); print}' "$manifest"); do
          files+=("target/site/pkg/$f.wasm")
        done
        read -r raw gz br < <(sizes "${files[@]}")
        name=${page#__}; name=${name%_view_*}
        printf 'size: %-40s raw %8d  gzip %8d  brotli %8d bytes (%d files)\n' "page $name" "$raw" "$gz" "$br" "${#files[@]}"
        [[ $name == lazy_case ]] && printf 'size: %-40s raw %8d  gzip %8d  brotli %8d bytes\n' \
          "inbox, then a case opened" $((total[0]+raw)) $((total[1]+gz)) $((total[2]+br))
      done
      ;;
    widget-size)
      # What a customer's browser downloads: the loader on the host page, then
      # everything the widget needs to become interactive.
      command -v brotli >/dev/null || { apt-get update -qq && apt-get install -y -qq brotli; }
      [[ -f target/site/widget/widget_bg.wasm ]] || scripts/build-widget.sh
      total=(0 0 0)
      # widget.js imports the split loader (__wasm_split.js) before it runs.
      for f in public/widget.js target/site/widget/boot.js target/site/widget/widget.js target/site/widget/__wasm_split.js target/site/widget/widget_bg.wasm; do
        raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c); br=$(brotli -c -q 11 "$f" | wc -c)
        printf 'widget-size: %-34s raw %8d  gzip %8d  brotli %8d bytes\n' "$f" "$raw" "$gz" "$br"
        total=($((total[0]+raw)) $((total[1]+gz)) $((total[2]+br)))
      done
      printf 'widget-size: %-34s raw %8d  gzip %8d  brotli %8d bytes (the page itself, with its inline CSS, is measured by widget-tti)\n' "total" "${total[@]}"
      # The split-off pieces (the live chat, a verified customer's history, what
      # they share): fetched when needed, not to become interactive.
      later=(0 0 0)
      for f in target/site/widget/*.wasm; do
        [[ "$f" == */widget_bg.wasm ]] && continue
        raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c); br=$(brotli -c -q 11 "$f" | wc -c)
        later=($((later[0]+raw)) $((later[1]+gz)) $((later[2]+br)))
      done
      printf 'widget-size: %-34s raw %8d  gzip %8d  brotli %8d bytes (all of them together)\n' "split-off pieces" "${later[@]}"
      # Each piece with the shared chunks its loader fetches alongside (listed in
      # __wasm_split.js); widget_talk is what a first question adds.
      for piece in target/site/widget/split_*.wasm; do
        name=$(basename "$piece" .wasm); name=${name#split_}
        files=("$piece")
        for c in $(grep -A5 "__wasm_split_load_${name} " target/site/widget/__wasm_split.js | grep -o '__chunk_[0-9]*'); do
          files+=("target/site/widget/${c#__}.wasm")
        done
        sum=(0 0 0)
        for f in "${files[@]}"; do
          raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c); br=$(brotli -c -q 11 "$f" | wc -c)
          sum=($((sum[0]+raw)) $((sum[1]+gz)) $((sum[2]+br)))
        done
        printf 'widget-size: %-34s raw %8d  gzip %8d  brotli %8d bytes (%d files)\n' "piece $name" "${sum[@]}" "${#files[@]}"
        [[ $name == widget_talk ]] && printf 'widget-size: %-34s raw %8d  gzip %8d  brotli %8d bytes\n' \
          "to a first answer" $((total[0]+sum[0])) $((total[1]+sum[1])) $((total[2]+sum[2]))
      done
      ;;
    widget-tti)
      # From the click on the host page to a widget that takes a question, in Chromium.
      [[ -f target/release/switchboard ]] || LEPTOS_ENV=PROD cargo leptos build --release --split
      [[ -f target/site/widget/widget_bg.wasm ]] || scripts/build-widget.sh
      node end2end/bench-widget.mjs
      ;;
    fanout|idle|widget-idle|replies|sentiment|triage|scheduler|inbox|search|kb|board|metrics)
      cargo build --release -q -p server --bin switchboard --example bench
      target/cargo/release/examples/bench "$w"
      ;;
    board-live)
      # From an agent's change to the supervisor board's update, in Chromium.
      [[ -f target/release/switchboard ]] || LEPTOS_ENV=PROD cargo leptos build --release --split
      node end2end/bench-board.mjs
      ;;
    inbox-live)
      # One live update applied to an inbox of 1,000 rows, in Chromium.
      [[ -f target/release/switchboard ]] || LEPTOS_ENV=PROD cargo leptos build --release --split
      node end2end/bench-inbox-live.mjs
      ;;
    wasm-sentiment)
      # The browser's engine: the release bundle in Debian's Chromium.
      [[ -f target/site/pkg/switchboard.wasm ]] || LEPTOS_ENV=PROD cargo leptos build --release --split
      node end2end/bench-sentiment.mjs
      ;;
    seed)
      cargo build --release -q -p server --bin switchboard --example bench
      dir=$(mktemp -d)
      SWITCHBOARD_DATA_DIR="$dir" SWITCHBOARD_LOG=warn target/cargo/release/switchboard seed --cases 1000000
      rm -rf "$dir"
      ;;
    *) echo "unknown benchmark $w" >&2; exit 2 ;;
  esac
done
