import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { MAYA, PRIYA, signIn, startChat } from '../helpers';

/** The supervisor's metrics page, once the browser has taken it over. */
async function openMetrics(page: Page) {
  await expect(async () => {
    await page.goto('/supervisor/metrics');
    await expect(page.locator('[data-testid=metrics][data-ready=true]')).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('metrics-tiles')).toBeVisible();
}

/** Chooses "Today" and waits for the report of that range, not the one before. */
async function showToday(page: Page) {
  const shown = page.getByTestId('metrics-range-shown');
  const was = await shown.innerText();
  await page.getByTestId('metrics-range').selectOption('1');
  await expect(shown).not.toHaveText(was);
  await expect(shown).toContainText('00:00 to');
}

function tile(page: Page, key: string) {
  return page.locator(`.tile[data-metric=${key}] dd`);
}

test('a supervisor reads the metrics: a chat handed off today counts, definitions show on hover, tables download as CSV, bad ranges are refused', async ({ page, browser }) => {
  await signIn(page, PRIYA);
  await page.getByTestId('nav-metrics').click();
  await expect(page.locator('[data-testid=metrics][data-ready=true]')).toBeVisible();
  await showToday(page);
  const before = Number(await tile(page, 'volume').innerText());

  // A customer hands off in the widget: today's volume has one more case.
  const customer = await (await browser.newContext()).newPage();
  await startChat(customer, `My car will not start ${Date.now().toString(36)}`);
  await openMetrics(page);
  await showToday(page);
  await expect(tile(page, 'volume')).toHaveText(String(before + 1));
  await expect(page.getByTestId('table-cases-by-channel')).toContainText('chat');

  // Each figure says what it means, on hover and on keyboard focus.
  const term = page.locator('.tile[data-metric=deflection] .term');
  await term.hover();
  await expect(page.locator('#tip-deflection')).toBeVisible();
  await expect(page.locator('#tip-deflection')).toContainText('handed to a person');
  await page.mouse.move(0, 0);
  await page.locator('.tile[data-metric=first_contact] .term').focus();
  await expect(page.locator('#tip-first_contact')).toBeVisible();

  // By the hour: 24 points, each an SVG mark with its value.
  await page.getByTestId('metrics-bucket').selectOption('hour');
  await expect(page.getByTestId('chart-volume').locator('rect.series')).toHaveCount(24);
  await expect(page.getByTestId('chart-volume').locator('svg')).toHaveAttribute('role', 'img');
  await expect(page.getByTestId('chart-compliance').locator('.legend')).toContainText('Goal');

  // The table behind the time charts downloads as CSV, one row per hour.
  await page.getByTestId('table-points').locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('table-points').getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('metrics-by-time.csv');
  const csv = await (await import('fs')).promises.readFile((await download.path())!, 'utf8');
  const rows = csv.trim().split('\r\n');
  expect(rows[0]).toBe('start_utc,volume,first_response_minutes,resolution_minutes,csat');
  expect(rows).toHaveLength(25);
  const volumes = rows.slice(1).map((r) => Number(r.split(',')[1]));
  expect(volumes.reduce((a, b) => a + b, 0)).toBe(before + 1);

  expect(
    (await new AxeBuilder({ page }).include('main.metrics').analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help}`),
  ).toEqual([]);

  // Bad ranges: a clear refusal, nothing shown as if it were figures.
  await page.getByTestId('metrics-from').fill('2026-11-20');
  await page.getByTestId('metrics-to').fill('2026-11-10');
  await page.getByRole('button', { name: 'Show dates' }).click();
  await expect(page.getByTestId('metrics-error')).toHaveText('the range must end after it starts');
  await expect(page.getByTestId('metrics-tiles')).toHaveCount(0);
  await page.getByTestId('metrics-from').fill('2026-06-01');
  await page.getByTestId('metrics-to').fill('2026-11-10');
  await page.getByRole('button', { name: 'Show dates' }).click();
  await expect(page.getByTestId('metrics-error')).toHaveText('by the hour a report covers at most 31 days: choose by day');
  await page.getByTestId('metrics-bucket').selectOption('day');
  await expect(page.getByTestId('metrics-tiles')).toBeVisible();
  await expect(page.getByTestId('metrics-range-shown')).toHaveText('2026-06-01 00:00 to 2026-11-11 00:00 UTC');
});

test('an agent cannot open the metrics or read them through the API', async ({ page }) => {
  await signIn(page, MAYA);
  await expect(page.getByTestId('nav-metrics')).toHaveCount(0);
  await page.goto('/supervisor/metrics');
  await expect(page.getByTestId('metrics-forbidden')).toHaveText('Metrics are for supervisors and admins.');
  const answer = await page.request.post('/api/get_report', { form: { days: '7', bucket: 'day' } });
  expect(answer.status()).toBe(403);
});
