import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { MAYA, openView, signIn } from '../helpers';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('the inbox and the case view have no serious or critical accessibility violation', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('[data-testid=inbox] tbody tr td.subject a').first().click();
  await expect(page.getByTestId('customer-name')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
