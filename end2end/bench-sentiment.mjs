// Sentiment in the browser: the release WebAssembly bundle in Chromium scores
// the fidelity corpus for a few seconds and prints sentences per second.
// Usage (from the repository root, after `cargo leptos build --release --split`):
//   node end2end/bench-sentiment.mjs
import { launch } from './bench-lib.mjs';
import { readFileSync } from 'node:fs';

const pkg = 'target/site/pkg';
const corpus = readFileSync('app/tests/data/sentiment_corpus.tsv', 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t').slice(4).join('\t'));

const browser = await launch();
const page = await browser.newPage();
await page.route('http://bench.local/**', (route) => {
  const path = new URL(route.request().url()).pathname;
  if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' });
  const file = `${pkg}${path.replace('/pkg', '')}`;
  const type = path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
  return route.fulfill({ contentType: type, body: readFileSync(file) });
});
await page.goto('http://bench.local/');
// The bundle leaves the lexicons out; the page loads them as the composer does
// (the raw word lexicon: the engine reads its first two fields, as served).
const data = 'app/src/engine/sentiment/data';
const lexicons = [readFileSync(`${data}/vader_lexicon.txt`, 'utf8'), readFileSync(`${data}/emoji_utf8_lexicon.txt`, 'utf8')];
const result = await page.evaluate(async ([lines, [words, emojis]]) => {
  const m = await import('/pkg/switchboard.js');
  await m.default({ module_or_path: '/pkg/switchboard.wasm' });
  await m.sentiment_load(words, emojis);
  const text = lines.join('\n');
  await m.sentiment_sum(text); // warm up (and fetches the split-off engine)
  const start = performance.now();
  let n = 0;
  let checksum = 0;
  while (performance.now() - start < 3000) {
    checksum += await m.sentiment_sum(text);
    n += lines.length;
  }
  const secs = (performance.now() - start) / 1000;
  return { n, secs, checksum };
}, [corpus, lexicons]);
await browser.close();
console.log(
  `wasm-sentiment: ${result.n} sentences in ${result.secs.toFixed(2)} s in Chromium (release WebAssembly, one thread): ` +
    `${Math.round(result.n / result.secs)} sentences/s (checksum ${result.checksum.toFixed(1)})`,
);
