// Time to apply one live update to an inbox of 1,000 rows in Chromium.
// A supervisor lists 1,000 open cases ("All open", shown 1,000 at a time); a
// second browser context changes the assignee of one listed case through the
// server function, 40 times, alternating between the last and the first row.
// Two figures per change, both in the page's own clock:
// - frame → DOM: from the WebSocket frame's arrival to the row replaced in the
//   table (parse, apply to the listing, render);
// - change → DOM: from the second context's request to the row replaced (adds
//   the server's commit and push).
// Usage (from the repository root, after the release build):
//   node end2end/bench-inbox-live.mjs
import { launch, signIn as signInAs } from './bench-lib.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = 3194;
const base = `http://127.0.0.1:${port}`;
const data = mkdtempSync(join(tmpdir(), 'sb-bench-'));
const env = {
  ...process.env, SWITCHBOARD_ADDR: `127.0.0.1:${port}`, SWITCHBOARD_DEMO_SITE_ADDR: `127.0.0.1:${port + 1}`,
  SWITCHBOARD_DATA_DIR: data, SWITCHBOARD_LOG: 'warn', SWITCHBOARD_LOGIN_PER_MINUTE: '1000,1000',
};
// The demo company plus 3,000 cases, so "All open" holds well over 1,000.
const seeded = spawnSync('target/release/switchboard', ['seed', '--cases', '3000'], { env, stdio: 'inherit' });
if (seeded.status !== 0) throw new Error('seeding failed');
const server = spawn('target/release/switchboard', ['serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
server.stdout.resume();
let browser;
// Never hang: the whole run gets five minutes.
const guard = setTimeout(() => { console.error('inbox-live: gave up after 5 minutes'); server.kill(); process.exit(1); }, 300_000);
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not up yet */ }
    if (i > 600) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
  // Notes when each WebSocket frame arrives, before the app's own handler runs.
  const noteFrames = (context) => context.addInitScript(() => {
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', () => { window.__lastFrame = performance.now(); });
      }
    };
  });
  const signIn = (email) => signInAs(browser, base, email, noteFrames);
  const inbox = await signIn('priya@demo.switchboard');
  await inbox.goto('/agent?view=all&rows=1000');
  await inbox.locator('[data-testid=inbox][data-ready=true]').waitFor();
  await inbox.locator('[data-testid=connection]', { hasText: 'Live' }).waitFor();
  const rows = inbox.locator('[data-testid=inbox] tbody tr[data-case-id]');
  const listed = await rows.count();
  if (listed !== 1000) throw new Error(`the inbox lists ${listed} rows, not 1,000`);
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-case-id'))));
  const targets = [ids[ids.length - 1], ids[0]];

  const colleague = await signIn('priya@demo.switchboard');
  const me = await colleague.evaluate(async () => (await (await fetch('/api/current_user', { method: 'POST' })).json()).id);
  const assignees = new Map();

  const frameToDom = [];
  const changeToDom = [];
  for (let i = 0; i < 40; i++) {
    const id = targets[i % 2];
    // Waits for the table to put a new row for the case in place of the old one
    // (the ticking countdowns change text inside rows, never the rows themselves).
    const replaced = inbox.evaluate((caseId) => new Promise((resolve, reject) => {
      const body = document.querySelector('[data-testid=inbox] tbody');
      const timer = setTimeout(() => { obs.disconnect(); reject(new Error(`row ${caseId} never changed`)); }, 10_000);
      const obs = new MutationObserver((records) => {
        const hit = records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1 && n.getAttribute('data-case-id') === String(caseId)));
        if (!hit) return;
        const at = performance.now();
        obs.disconnect();
        clearTimeout(timer);
        resolve({ at, frame: window.__lastFrame, origin: performance.timeOrigin });
      });
      obs.observe(body, { childList: true });
    }), id);
    const who = assignees.get(id) === me ? null : me;
    assignees.set(id, who);
    const sent = await colleague.evaluate(async ([caseId, user]) => {
      const t = performance.timeOrigin + performance.now();
      const r = await fetch('/api/update_case', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ case_id: caseId, edit: { field: 'assignee', value: user } }),
      });
      if (!r.ok) throw new Error(await r.text());
      return t;
    }, [id, who]);
    const got = await replaced;
    frameToDom.push(got.at - got.frame);
    changeToDom.push(got.origin + got.at - sent);
  }
  const p = (xs, q) => [...xs].sort((a, b) => a - b)[Math.round((xs.length - 1) * q)];
  const f = (x) => x.toFixed(1);
  console.log(`inbox-live: one live update applied to an inbox of ${listed} rows in Chromium, ${frameToDom.length} changes`);
  console.log(`inbox-live: frame -> DOM   p50 ${f(p(frameToDom, 0.5))} ms  p95 ${f(p(frameToDom, 0.95))} ms  max ${f(Math.max(...frameToDom))} ms`);
  console.log(`inbox-live: change -> DOM  p50 ${f(p(changeToDom, 0.5))} ms  p95 ${f(p(changeToDom, 0.95))} ms  max ${f(Math.max(...changeToDom))} ms`);
} finally {
  clearTimeout(guard);
  await browser?.close();
  server.kill();
}
