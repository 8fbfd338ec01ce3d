import { test, expect, Page } from '@playwright/test';
import { MAYA, openActionDialog, openCase, openView, signIn } from '../helpers';

test.use({ viewport: { width: 1280, height: 720 } });

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('at 1280×720 the inbox and a case with its panels, forms and dialog need no horizontal scroll', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  const id = (await page.locator('[data-testid=inbox] tbody tr').first().getAttribute('data-case-id'))!;
  await openCase(page, id);
  await expect(page.getByTestId('customer-name')).toBeVisible();
  await page.getByTestId('escalate-open').click();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  const first = page.getByTestId('bookings').locator(':scope > li').first();
  await openActionDialog(page, first.getByRole('button', { name: 'Actions…' }));
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});
