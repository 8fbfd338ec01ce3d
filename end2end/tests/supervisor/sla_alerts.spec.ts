import { test, expect, Page } from '@playwright/test';
import { PRIYA, openBoard, signIn } from '../helpers';

// Moves the server's clock (SWITCHBOARD_TEST_CLOCK): the last spec file to run.
const ADMIN = 'admin@demo.switchboard';

async function total(page: Page, column: string): Promise<number> {
  const cells = await page.locator(`[data-testid=queues] [data-testid$="-${column}"]`).allInnerTexts();
  return cells.reduce((n, t) => n + Number(t), 0);
}

test('an SLA warning appears as an alert live; it is acted on in place and marked handled for everyone', async ({ page, browser, request }) => {
  // Record what the page asks of the browser: notifications and tones.
  await page.addInitScript(() => {
    const w = window as any;
    w.__notes = [];
    w.__tones = 0;
    w.Notification = class {
      static permission = 'granted';
      static requestPermission() { return Promise.resolve('granted'); }
      constructor(title: string, o?: { body?: string }) { w.__notes.push({ title, body: o?.body }); }
      close() {}
    };
    w.AudioContext = class {
      currentTime = 0;
      destination = {};
      constructor() { w.__tones++; }
      createOscillator() { return { frequency: { value: 0 }, connect() {}, start() {}, stop() {} }; }
      createGain() { return { gain: { value: 0 }, connect() {} }; }
    };
  });
  await signIn(page, PRIYA);
  await openBoard(page);
  await page.getByTestId('alerts-notify').check();
  await page.reload();
  await expect(page.locator('[data-testid=board][data-ready=true]')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText('Live');
  await expect(page.getByTestId('alerts-notify')).toBeChecked();
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  await openBoard(admin);
  const breached = await total(page, 'breached');

  // Two days pass: running clocks cross 80 % of their targets, and breach.
  const moved = await request.post('/test/clock', { data: { advance_ms: 2 * 86_400_000 } });
  expect(moved.ok()).toBeTruthy();

  // The scheduler works through two days of every running clock in batches,
  // breaches and warnings together: the first warning can take a few passes.
  const warning = page.locator('[data-testid=alert][data-kind=sla_warning]').first();
  await expect(warning).toBeVisible({ timeout: 15_000 });
  await expect(warning).toContainText('SLA at 80 %');
  await expect.poll(() => total(page, 'breached'), { timeout: 15_000 }).toBeGreaterThan(breached);
  // The chosen sound and browser notification, for new alerts.
  await expect.poll(() => page.evaluate(() => (window as any).__tones)).toBeGreaterThan(0);
  const notes: { title: string; body: string }[] = await page.evaluate(() => (window as any).__notes);
  expect(notes.map((n) => n.title)).toContain('SLA at 80 %');
  expect(notes.find((n) => n.title === 'SLA at 80 %')!.body).toMatch(/^#\d+ .+ — 80 % of the .+ time is used\.$/);
  // The admin did not ask for them.
  expect(await admin.evaluate(() => typeof (window as any).__notes)).toBe('undefined');
  const seq = await warning.getAttribute('data-seq');
  await expect(admin.locator(`[data-testid=alert][data-seq="${seq}"]`)).toBeVisible();

  // Given to an online agent of its queue, in place (the first breach whose queue has one).
  const breaches = page.locator('[data-testid=alert][data-kind=sla_breached]');
  await expect(breaches.first()).toBeVisible();
  const pick = await breaches.evaluateAll((items) => {
    for (const item of items) {
      const o = item.querySelector('[data-testid=alert-assign] option:not([disabled]):not([value=""])');
      if (o) return [item.getAttribute('data-seq'), o.getAttribute('value'), o.textContent];
    }
    return null;
  });
  expect(pick).not.toBeNull();
  const [breachSeq, agentId, label] = pick!;
  const breach = page.locator(`[data-testid=alert][data-seq="${breachSeq}"]`);
  await breach.getByTestId('alert-assign').selectOption(agentId!);
  await expect(breach.getByRole('status')).toHaveText(`Assigned to ${label!.split(' (')[0]}.`);

  // Marked handled: it leaves both open lists, live.
  await page.locator(`[data-testid=alert][data-seq="${seq}"]`).getByTestId('alert-mark').click();
  await expect(page.locator(`[data-testid=alert][data-seq="${seq}"]`)).toHaveCount(0);
  await expect(admin.locator(`[data-testid=alert][data-seq="${seq}"]`)).toHaveCount(0);
  await admin.getByTestId('alerts-show-handled').check();
  await expect(admin.locator(`[data-testid=alert][data-seq="${seq}"]`).getByTestId('alert-handled'))
    .toContainText('Handled by Priya Raman');

  // The case opens from the alert.
  const caseId = await breach.getAttribute('data-case-id');
  await breach.getByTestId('alert-open').click();
  await expect(page).toHaveURL(new RegExp(`/agent/cases/${caseId}$`));
});
