import { test, expect, Page } from '@playwright/test';
import { LEO, MAYA, PRIYA, openBoard, openView, signIn, startChat } from '../helpers';

/** Sum of one column over every queue on the board. */
async function total(page: Page, column: string): Promise<number> {
  const cells = await page.locator(`[data-testid=queues] [data-testid$="-${column}"]`).allInnerTexts();
  return cells.reduce((n, t) => n + Number(t), 0);
}

/** An agent's row on the board, by name. */
function agentRow(page: Page, name: string) {
  return page.locator('[data-testid=agents] tbody tr', { hasText: name });
}

/** Pauses (or resumes) routing to every agent, one checkbox at a time, waiting for each. */
async function routeNobody(page: Page, paused: boolean) {
  const ids = await page.locator('[data-testid=agents] tbody tr').evaluateAll((rows) =>
    rows.map((r) => r.getAttribute('data-agent-id')));
  for (const id of ids) {
    const box = page.getByTestId(`agent-${id}-paused`);
    if ((await box.isChecked()) !== paused) {
      await box.setChecked(paused);
    }
    await expect(page.getByTestId(`agent-${id}-paused`)).toBeChecked({ checked: paused });
  }
}

test('the board moves live when a customer hands off in the widget and when an agent takes the case', async ({ page, browser }) => {
  await signIn(page, PRIYA);
  await openBoard(page);
  // Nobody is routed new cases: the customer's case waits for a person to take it.
  await routeNobody(page, true);
  const waiting = await total(page, 'waiting');
  const inProgress = await total(page, 'in-progress');

  const customer = await (await browser.newContext()).newPage();
  const caseId = await startChat(customer, `I was charged twice for my rental ${Date.now().toString(36)}`);
  await expect.poll(() => total(page, 'waiting')).toBe(waiting + 1);
  await expect.poll(() => total(page, 'in-progress')).toBe(inProgress);

  // Maya takes it from her inbox; the board follows without a reload.
  const maya = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  const mayaLoad = await agentRow(page, 'Maya').locator('[data-testid$="-load"]').innerText();
  await openView(maya, 'unassigned');
  const mine = maya.locator(`[data-testid=inbox] tr[data-case-id="${caseId}"]`);
  await expect(mine).toBeVisible();
  await mine.getByRole('checkbox').check();
  await maya.getByRole('button', { name: 'Assign to me' }).click();
  await expect(maya.getByTestId('table-message')).toHaveText('Changed 1 case.');
  await expect.poll(() => total(page, 'waiting')).toBe(waiting);
  await expect.poll(() => total(page, 'in-progress')).toBe(inProgress + 1);
  const load = (t: string) => Number(t.split('/')[0]);
  await expect.poll(async () => load(await agentRow(page, 'Maya').locator('[data-testid$="-load"]').innerText()))
    .toBe(load(mayaLoad) + 1);

  await routeNobody(page, false);
});

test('a supervisor sets an agent away and pauses routing: the agent sees it live, and it stays', async ({ page, browser }) => {
  const leo = await (await browser.newContext()).newPage();
  await signIn(leo, LEO);
  await expect(leo.getByTestId('presence')).toHaveValue('online');

  await signIn(page, PRIYA);
  await openBoard(page);
  const row = agentRow(page, 'Leo');
  const id = await row.getAttribute('data-agent-id');
  await expect(page.getByTestId(`agent-${id}-presence`)).toHaveAttribute('data-presence', 'online');
  await page.getByTestId(`agent-${id}-presence`).selectOption('away');
  await expect(page.getByTestId(`agent-${id}-presence`)).toHaveAttribute('data-presence', 'away');
  // Leo's own top bar follows, without a reload.
  await expect(leo.locator('label.presence')).toHaveAttribute('data-presence', 'away');
  await expect(leo.getByTestId('presence')).toHaveValue('away');

  await page.getByTestId(`agent-${id}-paused`).check();
  await expect(page.getByTestId(`agent-${id}-paused`)).toBeChecked();
  await page.reload();
  await expect(page.locator('[data-testid=board][data-ready=true]')).toBeVisible();
  await expect(page.getByTestId(`agent-${id}-presence`)).toHaveAttribute('data-presence', 'away');
  await expect(page.getByTestId(`agent-${id}-paused`)).toBeChecked();

  // Back as it was.
  await page.getByTestId(`agent-${id}-paused`).uncheck();
  await expect(page.getByTestId(`agent-${id}-paused`)).not.toBeChecked();
  await page.getByTestId(`agent-${id}-presence`).selectOption('online');
  await expect(leo.getByTestId('presence')).toHaveValue('online');
});

test('a queue opens into its cases by SLA due; reassigning moves a case into the other agent\'s inbox live', async ({ page, browser }) => {
  const leo = await (await browser.newContext()).newPage();
  await signIn(leo, LEO);
  await openView(leo, 'mine');

  await signIn(page, PRIYA);
  await openBoard(page);
  const leoId = await agentRow(page, 'Leo').getAttribute('data-agent-id');
  await page.locator('[data-testid=queues] a', { hasText: 'Bookings' }).click();
  await expect(page).toHaveURL(/view=queue-\d+&sort=sla_due/);
  await expect(page.locator('[data-testid=inbox][data-ready=true]')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText('Live');
  const rows = page.locator('[data-testid=inbox] tbody tr[data-case-id]');
  // Not Leo's already: pick the first row assigned to someone else or nobody.
  const candidates = rows.filter({ hasNotText: 'Leo Brandt' });
  const target = candidates.first();
  const caseId = await target.getAttribute('data-case-id');
  await expect(leo.locator(`[data-testid=inbox] tr[data-case-id="${caseId}"]`)).toHaveCount(0);
  await target.getByRole('checkbox').check();
  await page.getByTestId('bulk-assign').selectOption(leoId!);
  await expect(page.getByTestId('table-message')).toHaveText('Changed 1 case.');

  // In Leo's inbox, live: new cases wait behind a button so rows never jump.
  await expect(leo.getByTestId('show-new')).toHaveText('Show 1 new case');
  await leo.getByTestId('show-new').click();
  await expect(leo.locator(`[data-testid=inbox] tr[data-case-id="${caseId}"]`)).toBeVisible();
});

test('an agent cannot open the board', async ({ page }) => {
  await signIn(page, MAYA);
  await expect(page.getByTestId('nav-board')).toHaveCount(0);
  await page.goto('/supervisor');
  await expect(page.getByTestId('board-forbidden')).toHaveText('The board is for supervisors and admins.');
  await expect(page.getByTestId('board')).toHaveCount(0);
});
