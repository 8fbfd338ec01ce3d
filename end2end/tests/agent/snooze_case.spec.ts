import { test, expect } from '@playwright/test';
import { LEO, MAYA, openCase, openView, signIn } from '../helpers';

/** A `datetime-local` value (UTC, the zone the desk shows) `ms` from now. */
function inputAt(ms: number) {
  return new Date(Date.now() + ms).toISOString().slice(0, 19);
}

test('a snoozed case waits as pending and comes back open on time, live for a colleague', async ({ browser }) => {
  const maya = await (await browser.newContext()).newPage();
  const leo = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await signIn(leo, LEO);
  await openView(maya, 'all');
  const isOpen = maya.locator('span.muted.small', { hasText: /^open$/ });
  const row = maya.locator('[data-testid=inbox] tbody tr', { hasText: 'Bookings' }).filter({ has: isOpen }).first();
  const caseId = (await row.getAttribute('data-case-id'))!;
  await openView(leo, 'all');
  const leoRow = leo.locator(`[data-case-id="${caseId}"]`);
  await expect(leoRow).toBeVisible();

  await openCase(maya, caseId);
  await maya.getByTestId('snooze-open').click();
  // A time in the past is refused at the field; nothing changes.
  await maya.getByTestId('snooze-until').fill(inputAt(-60_000));
  await maya.getByTestId('snooze-send').click();
  await expect(maya.getByTestId('error-until')).toHaveText('Choose a time in the future.');
  await expect(maya.getByTestId('prop-status')).toHaveValue('open');

  // Snoozed for a few seconds: pending now, for Maya and live in Leo's inbox.
  await maya.getByTestId('snooze-until').fill(inputAt(6_000));
  await maya.getByTestId('snooze-send').click();
  await expect(maya.getByTestId('snoozed-until')).toContainText('Snoozed until');
  await expect(maya.getByTestId('prop-status')).toHaveValue('pending');
  await expect(maya.getByTestId('timeline')).toContainText('Maya Okafor snoozed the case until');
  await expect(leoRow.locator('span.muted.small', { hasText: /^pending$/ })).toHaveCount(1);
  await expect(leoRow.locator('.snoozed-row')).toBeVisible();

  // Its time comes: open again with a reminder, without anyone reloading.
  await expect(maya.getByTestId('prop-status')).toHaveValue('open', { timeout: 15_000 });
  await expect(maya.getByTestId('snoozed-until')).toHaveCount(0);
  await expect(maya.getByTestId('timeline')).toContainText('the snooze ended and the case is open again');
  await expect(leoRow.locator('.snoozed-row')).toHaveCount(0);
  await expect(leoRow.locator('span.muted.small', { hasText: /^open$/ })).toHaveCount(1);
});
