import { test, expect } from '@playwright/test';
import { LEO, MAYA, openView, signIn } from '../helpers';

test('properties change inline, reach a colleague live, and a stale change is a conflict', async ({ browser }) => {
  const leo = await (await browser.newContext()).newPage();
  // Maya's live connection is cut, so her screen keeps showing old values.
  const mayaContext = await browser.newContext();
  const maya = await mayaContext.newPage();
  await signIn(leo, LEO);
  await openView(leo, 'all');
  const id = await leo.locator('[data-testid=inbox] tbody tr', { has: leo.locator('[data-testid=row-queue]', { hasText: 'Bookings' }) }).first().getAttribute('data-case-id');
  await signIn(maya, MAYA);
  await maya.goto(`/agent/cases/${id}`);
  await expect(maya.getByTestId('properties')).toBeVisible();
  await expect(maya.getByTestId('connection')).toHaveText('Live');
  await leo.goto(`/agent/cases/${id}`);
  await expect(leo.getByTestId('connection')).toHaveText('Live');

  // Maya sets the case pending: Leo sees it live, with the change on the timeline.
  await maya.getByTestId('prop-status').selectOption('pending');
  await expect(leo.getByTestId('prop-status')).toHaveValue('pending');
  await expect(leo.getByTestId('timeline')).toContainText('Maya Okafor changed status');
  await expect(maya.getByTestId('error-status')).toHaveText('');

  // Maya goes offline; Leo changes the priority; Maya, not knowing, changes it too.
  await mayaContext.setOffline(true);
  await expect(maya.getByTestId('connection')).not.toHaveText('Live');
  const before = await leo.getByTestId('prop-priority').inputValue();
  const leoChoice = before === 'P1' ? 'P2' : 'P1';
  await leo.getByTestId('prop-priority').selectOption(leoChoice);
  await expect(leo.getByTestId('timeline')).toContainText(`Leo Brandt changed priority ${before} → ${leoChoice}`);
  await mayaContext.setOffline(false);
  await maya.getByTestId('prop-priority').selectOption('P4');
  await expect(maya.getByTestId('error-priority')).toContainText(`changed the priority to ${leoChoice} meanwhile`);
  await expect(leo.getByTestId('prop-priority')).toHaveValue(leoChoice);

  // A bad tag is refused next to the field; good tags are normalised.
  await maya.reload();
  await maya.getByTestId('prop-tags').fill('vip, <b>bold</b>');
  await maya.getByRole('button', { name: 'Save tags' }).click();
  await expect(maya.getByTestId('error-tags')).toContainText('only letters, digits and dashes');
  await maya.getByTestId('prop-tags').fill('VIP, Late Return');
  await maya.getByRole('button', { name: 'Save tags' }).click();
  await expect(maya.getByTestId('prop-tags')).toHaveValue('late-return, vip');
  await expect(leo.getByTestId('timeline')).toContainText('tags');
  // Clocks are shown with the properties.
  await expect(maya.getByTestId('clocks')).toContainText(/first response|resolution/);
});
