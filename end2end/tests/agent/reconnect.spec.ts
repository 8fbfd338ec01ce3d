import { test, expect, WebSocketRoute } from '@playwright/test';
import { LEO, MAYA, openView, signIn, openCase } from '../helpers';

test('a dropped connection shows offline, reconnects by itself and catches up on what it missed', async ({ browser }) => {
  // Leo's network to /ws passes through this route, so the test can cut it.
  const leoContext = await browser.newContext();
  let offline = false;
  let current: { page: WebSocketRoute; server: WebSocketRoute } | undefined;
  await leoContext.routeWebSocket('**/ws', (ws) => {
    if (offline) {
      ws.close({ code: 1006, reason: 'network down' });
      return;
    }
    current = { page: ws, server: ws.connectToServer() };
  });
  const leo = await leoContext.newPage();
  const maya = await (await browser.newContext()).newPage();
  await signIn(leo, LEO);
  await signIn(maya, MAYA);
  await openView(leo, 'all');

  const row = leo.locator('[data-testid=inbox] tbody tr', { hasText: 'Bookings' }).first();
  const caseId = await row.getAttribute('data-case-id');
  await openCase(leo, caseId!);

  // The network drops: Leo's badge says so instead of pretending all is quiet.
  offline = true;
  current!.server.close();
  current!.page.close({ code: 1006, reason: 'network down' });
  await expect(leo.getByTestId('connection')).toHaveText(/Offline, retrying in \d+ s/);

  // Meanwhile Maya replies on the case Leo has open.
  await openCase(maya, caseId!);
  const text = `Sent while Leo was offline ${Date.now()}`;
  await maya.getByTestId('composer').fill(text);
  await maya.getByTestId('composer').press('Control+Enter');
  await expect(maya.getByTestId('timeline').getByText(text)).toHaveCount(1);
  await expect(leo.getByTestId('timeline').getByText(text)).toHaveCount(0);

  // The network comes back: Leo's tab reconnects on its own and resumes, without a reload.
  offline = false;
  await expect(leo.getByTestId('connection')).toHaveText('Live', { timeout: 20_000 });
  await expect(leo.getByTestId('timeline').getByText(text)).toHaveCount(1);
  // And it is live again, not just caught up.
  const after = `And after the reconnect ${Date.now()}`;
  await maya.getByTestId('composer').fill(after);
  await maya.getByTestId('composer').press('Control+Enter');
  await expect(leo.getByTestId('timeline').getByText(after)).toHaveCount(1);
});
