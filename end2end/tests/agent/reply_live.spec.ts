import { test, expect } from '@playwright/test';
import { LEO, MAYA, openView, signIn, openCase } from '../helpers';

test('a reply appears live for another agent of the queue, in the case and in the inbox', async ({ browser }) => {
  const maya = await (await browser.newContext()).newPage();
  const leoContext = await browser.newContext();
  const leoInbox = await leoContext.newPage();
  const leoCase = await leoContext.newPage();

  await signIn(maya, MAYA);
  await signIn(leoInbox, LEO);
  await openView(maya, 'all');
  await openView(leoInbox, 'all');

  // A Bookings case both of them can work.
  const row = maya.locator('[data-testid=inbox] tbody tr', { hasText: 'Bookings' }).first();
  const caseId = await row.getAttribute('data-case-id');
  expect(caseId).toBeTruthy();

  await openCase(leoCase, caseId!);
  await expect(leoCase.getByTestId('timeline')).toBeVisible();

  await openCase(maya, caseId!);
  const text = `We have moved your pick-up, ref ${Date.now()}`;
  await maya.getByTestId('composer').fill(text);
  await maya.getByTestId('composer').press('Control+Enter');

  // The sender sees it once, acknowledged; the composer is cleared.
  await expect(maya.getByTestId('timeline').getByText(text)).toHaveCount(1);
  await expect(maya.getByTestId('composer')).toHaveValue('');

  // The other agent sees it without reloading: on the case page and in the inbox row.
  await expect(leoCase.getByTestId('timeline').getByText(text)).toHaveCount(1);
  await expect(leoInbox.locator(`[data-case-id="${caseId}"] .preview`)).toHaveText(text);
});

test('an internal note is marked as such and an empty reply is refused with words', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  await page.locator('[data-testid=inbox] tbody tr a').first().click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await page.getByTestId('composer').fill('   ');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByTestId('composer-error')).toHaveText('The message is empty.');
  await page.getByLabel('Internal note').check();
  const note = `Checked the booking ${Date.now()}`;
  await page.getByTestId('composer').fill(note);
  await page.getByRole('button', { name: 'Add note' }).click();
  const entry = page.locator('.entry-internal_note', { hasText: note });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByText('Internal note')).toBeVisible();
});
