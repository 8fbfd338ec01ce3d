import { test, expect } from '@playwright/test';
import { MAYA, PRIYA, openCase, openView, signIn } from '../helpers';

// The supervisor's split-off pages hydrate while the desk is busy: a colleague
// keeps changing a case, so live events reach the page while its code loads.
// (Resources made inside a suspended part broke hydration then: about one
// load in ten panicked.)
test('the QA and metrics pages hydrate while live events come in', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const maya = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await openView(maya, 'mine');
  const id = (await maya.locator('[data-testid=inbox] tbody tr[data-case-id]').first().getAttribute('data-case-id'))!;
  await openCase(maya, id);
  const priority = maya.getByTestId('prop-priority');
  const original = await priority.inputValue();
  let busy = true;
  let changes = 0;
  const churn = (async () => {
    while (busy) {
      await priority.selectOption(changes % 2 ? 'P2' : 'P3');
      changes += 1;
      await maya.waitForTimeout(50);
    }
  })();

  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  await signIn(page, PRIYA);
  for (const [path, ready] of [['/supervisor/qa', 'qa'], ['/supervisor/metrics', 'metrics']]) {
    for (let i = 0; i < 15; i++) {
      await page.goto(path);
      await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
      await expect(page.locator(`[data-testid=${ready}][data-ready=true]`)).toBeVisible();
    }
  }
  busy = false;
  await churn;
  await priority.selectOption(original);
  expect(changes).toBeGreaterThan(20);
  expect(errors).toEqual([]);
});
