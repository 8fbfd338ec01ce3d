import { test, expect } from '@playwright/test';
import { MAYA, openView, signIn } from '../helpers';

test('"t" opens the template picker; a template goes into the composer filled in for the case', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  const row = page.locator('[data-testid=inbox] tbody tr').first();
  const customer = (await row.locator('td:nth-child(3)').innerText()).split('\n')[0].trim();
  await row.locator('td.subject a').click();
  await expect(page.getByTestId('connection')).toHaveText('Live');
  // The case is shown (its view's code may still be on its way just after the click).
  await expect(page.locator('[data-testid=composer][data-ready=true]')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('t');
  await expect(page.getByTestId('template-picker')).toBeVisible();
  await expect(page.getByTestId('template-search')).toBeFocused();
  await page.getByTestId('template-search').fill('greeting');
  const first = page.locator('.picker-item').first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page.getByTestId('template-picker')).toHaveCount(0);
  const text = await page.getByTestId('composer').inputValue();
  expect(text).not.toContain('{{');
  expect(text).toContain(customer.split(' ')[0]);
  await page.getByTestId('composer').press('Control+Enter');
  await expect(page.getByTestId('timeline').locator('.entry-agent_reply').last()).toContainText(customer.split(' ')[0]);
  // No template matches nonsense, and Esc closes the picker.
  await page.getByTestId('open-templates').click();
  await page.getByTestId('template-search').fill('zzzz-nothing');
  await expect(page.getByTestId('template-picker')).toContainText('No template matches.');
  await page.getByTestId('template-search').press('Escape');
  await expect(page.getByTestId('template-picker')).toHaveCount(0);
});
