// Time from an event to the supervisor board's update in Chromium: a second
// browser context (an agent) changes a case through the server function, and
// the board page notes when its figures change (MutationObserver), 30 times.
// Usage (from the repository root, after the release build):
//   node end2end/bench-board.mjs
import { launch, signIn as signInAs } from './bench-lib.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = 3192;
const base = `http://127.0.0.1:${port}`;
const data = mkdtempSync(join(tmpdir(), 'sb-bench-'));
const server = spawn('target/release/switchboard', ['serve'], {
  env: { ...process.env, SWITCHBOARD_ADDR: `127.0.0.1:${port}`, SWITCHBOARD_DEMO_SITE_ADDR: `127.0.0.1:${port + 1}`,
    SWITCHBOARD_DATA_DIR: data, SWITCHBOARD_LOG: 'warn', SWITCHBOARD_LOGIN_PER_MINUTE: '1000,1000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve) => server.stdout.on('data', (d) => { if (String(d).includes('demo company')) resolve(); }));

const browser = await launch();
const signIn = (email) => signInAs(browser, base, email);
const board = await signIn('priya@demo.switchboard');
await board.goto('/supervisor');
await board.locator('[data-testid=board][data-ready=true]').waitFor();
await board.locator('[data-testid=connection]', { hasText: 'Live' }).waitFor();
const agent = await signIn('maya@demo.switchboard');
const me = await agent.evaluate(async () => (await (await fetch('/api/current_user', { method: 'POST' })).json()).id);

// A case nobody has: Maya takes it and gives it back, each an event.
await agent.goto('/agent?view=unassigned');
await agent.locator('[data-testid=inbox][data-ready=true]').waitFor();
const caseId = Number(await agent.locator('[data-testid=inbox] tbody tr[data-case-id]').first().getAttribute('data-case-id'));
if (!caseId) throw new Error('no unassigned case to move');

const times = [];
for (let i = 0; i < 30; i++) {
  const changed = board.evaluate(() => new Promise((resolve) => {
    const target = document.querySelector('[data-testid=queues] tbody');
    const obs = new MutationObserver(() => { obs.disconnect(); resolve(Date.now()); });
    obs.observe(target, { subtree: true, childList: true, characterData: true });
  }));
  const sent = await agent.evaluate(async ([id, who]) => {
    const t = Date.now();
    const r = await fetch('/api/update_case', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ case_id: id, edit: { field: 'assignee', value: who } }) });
    if (!r.ok) throw new Error(await r.text());
    return t;
  }, [caseId, i % 2 === 0 ? me : null]);
  times.push((await changed) - sent);
}
const p = (xs, q) => [...xs].sort((a, b) => a - b)[Math.round((xs.length - 1) * q)];
console.log(`board-live: from an agent's change to the supervisor board's update in Chromium: p50 ${p(times, 0.5)} ms, p95 ${p(times, 0.95)} ms, max ${Math.max(...times)} ms over ${times.length} events (goal <= 1000 ms)`);
await browser.close();
server.kill();
