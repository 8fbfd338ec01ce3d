// Time to interactive of the chat widget in Chromium: from the click on the
// host page's button to a widget whose question box takes input, cold (no
// cache) and warm, plus the bytes transferred for it.
// Usage (from the repository root, after the release build and scripts/build-widget.sh):
//   node end2end/bench-widget.mjs
import { launch } from './bench-lib.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = 3190;
const data = mkdtempSync(join(tmpdir(), 'sb-bench-'));
const server = spawn('target/release/switchboard', ['serve'], {
  env: { ...process.env, SWITCHBOARD_ADDR: `127.0.0.1:${port}`, SWITCHBOARD_DEMO_SITE_ADDR: `127.0.0.1:${port + 1}`,
    SWITCHBOARD_DATA_DIR: data, SWITCHBOARD_LOG: 'warn', SWITCHBOARD_PUBLIC_PER_MINUTE: '10000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve) => server.stdout.on('data', (d) => { if (String(d).includes('demo company')) resolve(); }));

const browser = await launch();
const times = { cold: [], warm: [] };
let bytes = 0;
for (let run = 0; run < (process.env.BENCH_DEBUG ? 1 : 10); run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // No preloading on idle: measure from the click, the worst case.
  await page.addInitScript(() => { window.requestIdleCallback = () => 0; });
  const sizes = [];
  page.on('response', async (r) => {
    if (r.url().startsWith(`http://127.0.0.1:${port}/widget`)) {
      // The body's bytes on the wire (compressed when the server compressed it).
      try { await r.finished(); const n = (await r.request().sizes()).responseBodySize; sizes.push(n); if (process.env.BENCH_DEBUG) console.log(r.url(), n, (await r.allHeaders())['content-encoding'] ?? '-', r.request().resourceType()); } catch {}
    }
  });
  for (const kind of ['cold', 'warm']) {
    if (kind === 'warm' && run === 0) bytes = sizes.reduce((a, b) => a + b, 0);
    await page.goto(`http://127.0.0.1:${port + 1}/`);
    await page.waitForFunction(() => window.Switchboard);
    const t0 = await page.evaluate(() => { const t = performance.now(); window.Switchboard.open(); return t; });
    const frame = page.frameLocator('iframe[title="Chat with us"]');
    await frame.locator('input#ask:not([disabled])').waitFor();
    await frame.locator('html[data-ready]').waitFor({ state: 'attached' });
    times[kind].push(await page.evaluate(() => performance.now()) - t0);
  }
  await context.close();
}
const p = (xs, q) => xs.sort((a, b) => a - b)[Math.round((xs.length - 1) * q)];
console.log(`widget-tti: cold (new browser context) p50 ${p(times.cold, 0.5).toFixed(0)} ms, p95 ${p(times.cold, 0.95).toFixed(0)} ms`);
console.log(`widget-tti: warm (cached, page reloaded) p50 ${p(times.warm, 0.5).toFixed(0)} ms, p95 ${p(times.warm, 0.95).toFixed(0)} ms`);
console.log(`widget-tti: body bytes transferred for the widget on a cold open (as served, compressed where the server compresses): ${bytes}`);
await browser.close();
server.kill();
