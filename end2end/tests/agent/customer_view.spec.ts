import { test, expect } from '@playwright/test';
import { MAYA, openView, signIn } from '../helpers';

test('beside a case: the customer, their bookings and cases, and notes about them', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  const row = page.locator('[data-testid=inbox] tbody tr').first();
  const id = await row.getAttribute('data-case-id');
  const name = (await row.locator('td:nth-child(3)').innerText()).split('\n')[0].trim();
  await row.locator('td.subject a').click();
  const panel = page.getByTestId('customer');
  await expect(panel.getByTestId('customer-name')).toHaveText(name);
  await expect(panel.getByTestId('customer-cases')).toHaveText(/^\d+ \(\d+ open\)$/);
  await expect(panel.getByTestId('bookings').locator('.confirmation').first()).toHaveText(/\S+/);
  await expect(panel.getByTestId('history').locator('li.current')).toContainText(`#${id}`);
  // Notes: empty is refused with words; a note shows at once and after a reload.
  await panel.getByRole('button', { name: 'Save customer note' }).click();
  await expect(panel.getByTestId('customer-note-error')).toHaveText('The note is empty.');
  const note = `Prefers WhatsApp ${Date.now()}`;
  await panel.getByTestId('customer-note').fill(note);
  await panel.getByRole('button', { name: 'Save customer note' }).click();
  await expect(panel.getByTestId('customer-notes')).toContainText(note);
  await expect(panel.getByTestId('customer-note')).toHaveValue('');
  await page.reload();
  await expect(page.getByTestId('customer').getByTestId('customer-notes')).toContainText(note);
});
