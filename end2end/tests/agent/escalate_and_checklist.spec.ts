import { test, expect } from '@playwright/test';
import { MAYA, openAdmin, openCase, openView, signIn } from '../helpers';

const SOFIA = 'sofia@demo.switchboard'; // Billing
const PRIYA = 'priya@demo.switchboard';

test('solving waits for the quality checklist, ticked live for a colleague', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  const colleague = await (await browser.newContext()).newPage();
  await signIn(agent, MAYA);
  await signIn(colleague, SOFIA);
  await openView(agent, 'queue-2');
  const id = (await agent.locator('[data-testid=inbox] tbody tr').nth(2).getAttribute('data-case-id'))!;
  await openCase(agent, id);
  await openCase(colleague, id);
  const checklist = agent.getByTestId('checklist');
  await expect(checklist.getByTestId('check-item')).toHaveCount(2);
  await expect(checklist.getByTestId('checklist-left')).toHaveText('2 items left before solving.');
  // Solving now is refused at the status field, naming what is left.
  await agent.getByTestId('prop-status').selectOption('solved');
  await expect(agent.getByTestId('error-status')).toHaveText(
    "Tick the quality checklist before solving: Checked the booking's payments; Told the customer when the money arrives.",
  );
  await expect(agent.getByTestId('case-subject')).toBeVisible();
  // Ticks reach the colleague live.
  await checklist.getByTestId('check-item').nth(0).check();
  await expect(colleague.getByTestId('checklist').getByTestId('checklist-left')).toHaveText('1 item left before solving.');
  await expect(colleague.getByTestId('checklist')).toContainText('✔ Maya Okafor');
  await checklist.getByTestId('check-item').nth(1).check();
  await expect(checklist.getByTestId('checklist-left')).toHaveText('All ticked: the case can be solved.');
  await agent.getByTestId('prop-status').selectOption('solved');
  await expect(agent.getByTestId('error-status')).toHaveText('');
  await expect(colleague.getByTestId('prop-status')).toHaveValue('solved');
});

test('an escalation needs a reason, moves the case and tells the timeline', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  const lead = await (await browser.newContext()).newPage();
  await signIn(agent, MAYA);
  await signIn(lead, PRIYA);
  await openView(agent, 'queue-2');
  const id = (await agent.locator('[data-testid=inbox] tbody tr').nth(3).getAttribute('data-case-id'))!;
  await openCase(agent, id);
  await openCase(lead, id);
  const form = agent.getByTestId('escalate');
  await form.getByTestId('escalate-open').click();
  await form.getByTestId('escalate-queue').selectOption({ label: 'Escalations' });
  await form.getByTestId('escalate-send').click();
  await expect(form.getByTestId('escalate-error-reason')).toHaveText('Say why the case is escalated (at least 3 characters).');
  await form.getByTestId('escalate-tier').selectOption('T2');
  await form.getByTestId('escalate-reason').fill('Customer mentions a chargeback');
  await form.getByTestId('escalate-send').click();
  await expect(agent.getByTestId('timeline')).toContainText('Maya Okafor escalated the case to Escalations, T2: Customer mentions a chargeback');
  // The supervisor on the case sees it live, with the new queue's checklist.
  await expect(lead.getByTestId('timeline')).toContainText('escalated the case to Escalations, T2: Customer mentions a chargeback');
  await expect(lead.getByTestId('prop-queue')).toHaveValue('5');
  await expect(lead.getByTestId('prop-tier')).toHaveValue('T2');
  await expect(lead.getByTestId('checklist')).toContainText('Summarised the case for customer relations');
});

test('an admin changes a queue checklist', async ({ page }) => {
  await signIn(page, 'admin@demo.switchboard');
  await openAdmin(page, '/admin/checklists');
  const roadside = page.locator('[data-testid=checklist-queue][data-queue=Roadside]');
  await roadside.locator('textarea').fill('Confirmed the customer is safe\nConfirmed the customer is safe');
  await roadside.getByRole('button', { name: 'Save checklist' }).click();
  await expect(roadside.getByTestId('error-items')).toContainText('is on the list twice');
  await roadside.locator('textarea').fill('Confirmed the customer is safe\nSent the tow truck reference');
  await roadside.getByRole('button', { name: 'Save checklist' }).click();
  await expect(roadside.getByTestId('saved')).toBeVisible();
  await page.reload();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  await expect(page.locator('[data-testid=checklist-queue][data-queue=Roadside] textarea')).toHaveValue('Confirmed the customer is safe\nSent the tow truck reference');
});
