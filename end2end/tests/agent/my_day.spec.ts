import { test, expect } from '@playwright/test';
import { MAYA, openCase, openView, signIn } from '../helpers';

test('the agent sees their own day, and a case they solve counts in it', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  const day = page.getByTestId('my-day');
  await expect(day).toBeVisible();
  await expect(day.locator('.figure').first()).toHaveAttribute('title', 'Cases assigned to you that you solved since 00:00 UTC.');
  const before = Number(await page.getByTestId('my-handled').innerText());

  // Take a Billing case, tick its checklist and solve it.
  await openView(page, 'queue-2');
  const id = (await page.locator('[data-testid=inbox] tbody tr').nth(4).getAttribute('data-case-id'))!;
  await openCase(page, id);
  const maya = (await page.getByTestId('prop-assignee').locator('option', { hasText: 'Maya Okafor' }).getAttribute('value'))!;
  if ((await page.getByTestId('prop-assignee').inputValue()) !== maya) {
    const saved = page.waitForResponse((r) => r.url().includes('/api/update_case') && r.ok());
    await page.getByTestId('prop-assignee').selectOption(maya);
    await saved;
  }
  for (const box of await page.getByTestId('checklist').getByTestId('check-item').all()) {
    await box.check();
  }
  await expect(page.getByTestId('checklist-left')).toHaveText('All ticked: the case can be solved.');
  await page.getByTestId('prop-status').selectOption('solved');
  await expect(page.getByTestId('prop-status')).toHaveValue('solved');
  await expect(page.getByTestId('error-status')).toHaveText('');

  await openView(page, 'all');
  await expect(page.getByTestId('my-handled')).toHaveText(String(before + 1));
  await expect(page.getByTestId('my-sla')).toHaveText(/^\d+ %$/);
});
