import { test, expect, WebSocketRoute } from '@playwright/test';
import { LEO, MAYA, openView, signIn, openCase } from '../helpers';

test('properties change inline, reach a colleague live, and a stale change is a conflict', async ({ browser }) => {
  const leo = await (await browser.newContext()).newPage();
  // Maya's live connection can be cut, so her screen keeps showing old values.
  const mayaContext = await browser.newContext();
  let offline = false;
  let socket: { page: WebSocketRoute; server: WebSocketRoute } | undefined;
  await mayaContext.routeWebSocket('**/ws', (ws) => {
    if (offline) {
      ws.close({ code: 1006, reason: 'network down' });
      return;
    }
    socket = { page: ws, server: ws.connectToServer() };
  });
  const maya = await mayaContext.newPage();
  await signIn(leo, LEO);
  await openView(leo, 'all');
  const id = await leo.locator('[data-testid=inbox] tbody tr', { has: leo.locator('[data-testid=row-queue]', { hasText: 'Bookings' }) }).first().getAttribute('data-case-id');
  await signIn(maya, MAYA);
  await openCase(maya, id!);
  await expect(maya.getByTestId('properties')).toBeVisible();
  await expect(maya.getByTestId('connection')).toHaveText('Live');
  await openCase(leo, id!);

  // Maya changes the status: Leo sees it live, with the change on the timeline.
  const status = (await maya.getByTestId('prop-status').inputValue()) === 'pending' ? 'on_hold' : 'pending';
  await maya.getByTestId('prop-status').selectOption(status);
  await expect(leo.getByTestId('prop-status')).toHaveValue(status);
  await expect(leo.getByTestId('timeline')).toContainText('Maya Okafor changed status');
  await expect(maya.getByTestId('error-status')).toHaveText('');

  // Maya goes offline; Leo changes the priority; Maya, not knowing, changes it too.
  offline = true;
  socket!.server.close();
  socket!.page.close({ code: 1006, reason: 'network down' });
  await expect(maya.getByTestId('connection')).not.toHaveText('Live');
  const before = await leo.getByTestId('prop-priority').inputValue();
  const leoChoice = before === 'P1' ? 'P2' : 'P1';
  await leo.getByTestId('prop-priority').selectOption(leoChoice);
  await expect(leo.getByTestId('timeline')).toContainText(`Leo Brandt changed priority ${before} → ${leoChoice}`);
  await maya.getByTestId('prop-priority').selectOption('P4');
  await expect(maya.getByTestId('error-priority')).toContainText(`changed the priority to ${leoChoice} meanwhile`);
  await expect(leo.getByTestId('prop-priority')).toHaveValue(leoChoice);

  // Back online, a bad tag is refused next to the field; good tags are normalised.
  offline = false;
  await maya.reload();
  await expect(maya.getByTestId('connection')).toHaveText('Live');
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
