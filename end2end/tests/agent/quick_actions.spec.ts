import { test, expect, Page, Locator } from '@playwright/test';
import { MAYA, openActionDialog, openCase, openView, signIn } from '../helpers';

const PRIYA = 'priya@demo.switchboard'; // supervisor

/**
 * Opens, among Maya's cases, the `nth` (0-based) whose customer has a confirmed
 * booking of at least €400, and returns that booking's list item.
 */
async function caseWithBooking(page: Page, nth: number): Promise<{ id: string; booking: Locator; confirmation: string }> {
  await openView(page, 'all');
  const ids = await page
    .locator('[data-testid=inbox] tbody tr')
    .evaluateAll((rows) => rows.slice(0, 30).map((r) => r.getAttribute('data-case-id')!));
  let found = 0;
  for (const id of ids) {
    await openCase(page, id);
    const items = page.getByTestId('bookings').locator(':scope > li');
    await expect(items.first()).toBeVisible();
    for (const item of await items.all()) {
      const text = await item.innerText();
      const m = text.match(/· confirmed · €([\d.]+)/);
      if (m && Number(m[1]) >= 400) {
        if (found === nth) {
          const confirmation = (await item.locator('.confirmation').innerText()).trim();
          return { id, booking: item, confirmation };
        }
        found += 1;
        break;
      }
    }
  }
  throw new Error('no demo case with a confirmed booking of €400 or more');
}

async function review(page: Page, booking: Locator, confirmation: string, kind: string, fields: Record<string, string>) {
  const dialog = await openActionDialog(page, booking.getByTestId(`actions-${confirmation}`));
  await dialog.getByTestId('action-kind').selectOption({ label: kind });
  for (const [field, value] of Object.entries(fields)) {
    await dialog.getByTestId(`action-${field}`).fill(value);
  }
  await dialog.getByTestId('action-review').click();
  return dialog;
}

test('a refund within authority: bad amounts refused at the field, reviewed, executed once', async ({ page }) => {
  await signIn(page, MAYA);
  const { booking, confirmation } = await caseWithBooking(page, 0);
  // Not an amount, then more than was paid: refused before anything is sent.
  let dialog = await review(page, booking, confirmation, 'Refund', { amount: 'ten euros', reason: 'Child seat not fitted' });
  await expect(dialog.getByTestId('action-error-amount')).toContainText('is not an amount');
  dialog = await review(page, booking, confirmation, 'Refund', { amount: '99999', reason: 'Child seat not fitted' });
  await expect(dialog.getByTestId('action-error-amount')).toContainText('can still be refunded');
  dialog = await review(page, booking, confirmation, 'Refund', { amount: '20', reason: 'x' });
  await expect(dialog.getByTestId('action-error-reason')).toContainText('at least 3 characters');
  await expect(page.getByTestId('case-actions').getByTestId('action')).toHaveCount(0);
  // The review says exactly what will happen; a double click executes once.
  dialog = await review(page, booking, confirmation, 'Refund', { amount: '20', reason: 'Child seat not fitted' });
  await expect(dialog.getByTestId('action-summary')).toHaveText(
    `You are about to refund €20.00 on booking ${confirmation}: Child seat not fitted.`,
  );
  await expect(dialog.getByTestId('action-approval')).toContainText('Within your authority');
  await dialog.getByTestId('action-confirm').dblclick();
  const actions = page.getByTestId('case-actions').getByTestId('action');
  await expect(actions).toHaveCount(1);
  await expect(actions.first().getByTestId('action-state')).toHaveText('executed');
  await expect(page.getByTestId('timeline')).toContainText(`Maya Okafor did: refund €20.00 on booking ${confirmation}`);
  const refunds = page.getByTestId('bookings').locator(':scope > li', { hasText: confirmation }).locator('.payments li', { hasText: 'refund €20.00' });
  await expect(refunds).toHaveCount(1);
  // After a reload it is all still there, once.
  await page.reload();
  await expect(page.getByTestId('case-actions').getByTestId('action')).toHaveCount(1);
  await expect(page.getByTestId('bookings').locator(':scope > li', { hasText: confirmation }).locator('.payments li', { hasText: 'refund €20.00' })).toHaveCount(1);
  // Agents have no approvals inbox.
  await expect(page.getByTestId('nav-approvals')).toHaveCount(0);
});

test('above authority: the supervisor sees the request live, approves or denies, and the agent sees it live', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  const lead = await (await browser.newContext()).newPage();
  await signIn(agent, MAYA);
  await signIn(lead, PRIYA);
  await lead.getByTestId('nav-approvals').click();
  await expect(lead.getByTestId('approvals-waiting')).toBeVisible();
  await expect(lead.getByTestId('connection')).toHaveText('Live');
  const before = await lead.getByTestId('approvals').getByTestId('action').count();

  const { id, booking, confirmation } = await caseWithBooking(agent, 1);
  // €150 is above Maya's €100 authority.
  const dialog = await review(agent, booking, confirmation, 'Refund', { amount: '150', reason: 'Car was two hours late' });
  await expect(dialog.getByTestId('action-approval')).toHaveText(
    '€150.00 is above your authority of €100.00: a supervisor must approve it before it happens.',
  );
  await dialog.getByRole('button', { name: 'Ask for approval' }).click();
  const mine = agent.getByTestId('case-actions').getByTestId('action');
  await expect(mine.first().getByTestId('action-state')).toHaveText('awaiting approval');
  // The agent cannot approve her own request.
  await expect(mine.first().getByTestId('approve')).toHaveCount(0);

  // It reaches the supervisor's open approvals inbox without a reload.
  const request = lead.getByTestId('approvals').getByTestId('action').filter({ hasText: `#${id} ` });
  await expect(request).toHaveCount(1);
  await expect(lead.getByTestId('approvals').getByTestId('action')).toHaveCount(before + 1);
  await expect(request).toContainText('€150.00');
  await expect(request).toContainText('Maya Okafor');
  await request.getByTestId('approve').click();
  await expect(request.getByTestId('action-state')).toHaveText('approved by Priya Raman and executed');

  // The agent sees the decision and the refund live.
  await expect(mine.first().getByTestId('action-state')).toHaveText('approved by Priya Raman and executed');
  await expect(
    agent.getByTestId('bookings').locator(':scope > li', { hasText: confirmation }).locator('.payments li', { hasText: 'refund €150.00' }),
  ).toHaveCount(1);
  await expect(agent.getByTestId('timeline')).toContainText("Priya Raman approved Maya Okafor's request and it was done");

  // A second request is denied: a reason is required, and the agent sees it.
  const again = await review(agent, booking, confirmation, 'Credit', { amount: '120', reason: 'Goodwill for the delay' });
  await again.getByRole('button', { name: 'Ask for approval' }).click();
  await expect(mine).toHaveCount(2);
  const second = lead.getByTestId('approvals').getByTestId('action').filter({ hasText: 'Credit' }).filter({ hasText: `#${id} ` });
  await expect(second.getByTestId('action-state')).toHaveText('awaiting approval');
  await second.getByTestId('deny').click();
  await expect(second.getByTestId('decide-error')).toContainText('at least 3 characters');
  await second.getByTestId('deny-reason').fill('Already refunded for the delay');
  await second.getByTestId('deny').click();
  await expect(mine.nth(1).getByTestId('action-state')).toHaveText('denied by Priya Raman: Already refunded for the delay');
  await expect(
    agent.getByTestId('bookings').locator(':scope > li', { hasText: confirmation }).locator('.payments li', { hasText: 'credit' }),
  ).toHaveCount(0);
});
