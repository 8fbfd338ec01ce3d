import { test, expect } from '@playwright/test';
import { LEO, MAYA, openCase, openView, signIn } from '../helpers';

test('colleagues on a case are shown live, and sending while one types asks first', async ({ browser }) => {
  const maya = await (await browser.newContext()).newPage();
  const leo = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await signIn(leo, LEO);
  await openView(maya, 'all');
  const row = maya.locator('[data-testid=inbox] tbody tr', { hasText: 'Bookings' }).first();
  const caseId = (await row.getAttribute('data-case-id'))!;

  await openCase(maya, caseId);
  await openCase(leo, caseId);
  // Each sees the other, live, without reloading.
  await expect(maya.getByTestId('colleagues-viewing')).toHaveText('Leo Brandt is viewing this case');
  await expect(leo.getByTestId('colleagues-viewing')).toHaveText('Maya Okafor is viewing this case');

  // Leo starts typing a reply: Maya sees it.
  await leo.getByTestId('composer').pressSequentially('Hello, I am looking into');
  await expect(maya.getByTestId('colleagues-typing')).toHaveText('Leo Brandt is typing…');

  // Maya sends her own reply meanwhile: she is warned first and nothing is sent.
  const text = `Your booking is confirmed ${Date.now()}`;
  await maya.getByTestId('composer').fill(text);
  await maya.getByTestId('composer').press('Control+Enter');
  await expect(maya.getByTestId('collision')).toContainText('Leo Brandt is typing on this case too. Send your reply anyway?');
  await maya.waitForTimeout(300);
  await expect(maya.getByTestId('timeline').getByText(text)).toHaveCount(0);
  // She decides to send anyway: it goes out once, and Leo sees it live.
  await maya.getByRole('button', { name: 'Send anyway' }).click();
  await expect(maya.getByTestId('timeline').getByText(text)).toHaveCount(1);
  await expect(maya.getByTestId('collision')).toHaveCount(0);
  await expect(leo.getByTestId('timeline').getByText(text)).toHaveCount(1);

  // Typing fades when Leo stops; a note never asks.
  await expect(maya.getByTestId('colleagues-typing')).toHaveCount(0, { timeout: 10_000 });
  await expect(maya.getByTestId('colleagues-viewing')).toHaveText('Leo Brandt is viewing this case');

  // Leo leaves the case: Maya sees him go.
  await openView(leo, 'all');
  await expect(maya.getByTestId('colleagues-viewing')).toHaveCount(0);
});

test('the warning can be dismissed, keeping the draft', async ({ browser }) => {
  const maya = await (await browser.newContext()).newPage();
  const leo = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await signIn(leo, LEO);
  await openView(maya, 'all');
  const caseId = (await maya.locator('[data-testid=inbox] tbody tr', { hasText: 'Bookings' }).nth(1).getAttribute('data-case-id'))!;
  await openCase(maya, caseId);
  await openCase(leo, caseId);
  await leo.getByTestId('composer').pressSequentially('Typing away');
  await expect(maya.getByTestId('colleagues-typing')).toBeVisible();
  await maya.getByTestId('composer').fill('My draft');
  await maya.getByRole('button', { name: 'Send reply' }).click();
  await maya.getByRole('button', { name: 'Wait' }).click();
  await expect(maya.getByTestId('collision')).toHaveCount(0);
  await expect(maya.getByTestId('composer')).toHaveValue('My draft');
  // Internal notes do not cross a customer reply: no warning.
  await leo.getByTestId('composer').pressSequentially(' more');
  await maya.getByLabel('Internal note').check();
  const note = `Note while Leo types ${Date.now()}`;
  await maya.getByTestId('composer').fill(note);
  await maya.getByRole('button', { name: 'Add note' }).click();
  await expect(maya.locator('.entry-internal_note', { hasText: note })).toHaveCount(1);
});
