import { test, expect } from '@playwright/test';
import { MAYA, SITE, holdRouting, openAdmin, openCase, signIn, widgetViolations } from '../helpers';

const ADMIN = 'admin@demo.switchboard';
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// The widget writes times in the visitor's zone: this visitor is on UTC.
test.use({ timezoneId: 'UTC', locale: 'en-GB' });

test('after hours the widget takes a message and an email address, refuses a bad one, and the agent gets both', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const marker = Date.now().toString(36);
  // Chat hours: one hour, two days from now (UTC), so it is closed now.
  const open = new Date(Date.now() + 2 * 86_400_000);
  const day = open.getUTCDay();

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  await openAdmin(admin, '/admin/calendars');
  const calForm = admin.getByTestId('calendar-form');
  await expect(async () => {
    if (!(await calForm.isVisible())) await admin.getByRole('button', { name: 'New calendar' }).click();
    await expect(calForm).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await calForm.getByLabel('Name', { exact: true }).fill(`Chat desk ${marker}`);
  await calForm.getByLabel('Time zone').fill('UTC');
  await calForm.getByLabel(DAYS[day]).fill('09:00-10:00');
  await calForm.getByRole('button', { name: 'Save calendar' }).click();
  await expect(admin.getByTestId('saved')).toBeVisible();

  await openAdmin(admin, '/admin/sla');
  const policyForm = admin.getByTestId('policy-form');
  const chatRow = admin.locator('tr', { hasText: 'Live chat' });
  await expect(async () => {
    if (!(await policyForm.isVisible())) await chatRow.getByRole('button', { name: 'Edit' }).click();
    await expect(policyForm).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  const policyId = await policyForm.locator('input[name=id]').inputValue();
  const before = Object.fromEntries(
    await policyForm.locator('input[name], select[name]').evaluateAll((els) =>
      els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value]),
    ),
  );
  await policyForm.getByLabel('Business hours').selectOption({ label: `Chat desk ${marker}` });
  await policyForm.getByRole('button', { name: 'Save policy' }).click();
  await expect(admin.getByTestId('saved')).toBeVisible();

  // After hours no one takes chats by routing: the message waits for the team.
  const resume = await holdRouting(browser);
  try {
    // The customer asks after hours: the widget offers to leave a message.
    await page.goto(SITE);
    await page.getByRole('button', { name: 'Questions? Chat with us' }).click();
    const frame = page.frameLocator('iframe[title="Chat with us"]');
    await expect(frame.getByTestId('talk')).toHaveText('Leave a message');
    await frame.getByLabel('Your question').fill(`Can I return the car a day late? ${marker}`);
    await frame.getByRole('button', { name: 'Send' }).click();
    await frame.getByTestId('talk').click();
    const away = frame.getByTestId('away');
    await expect(away).toContainText("We're away now. Leave your email address");
    await expect(away).toContainText(`We're back ${DAYS[day]}`);
    await expect(away).toContainText('09:00');

    // No address, then a bad one: a clear error each time, no case.
    await away.getByRole('button', { name: 'Leave a message' }).click();
    await expect(away.getByRole('alert')).toHaveText('Write your email address so we can reply.');
    await away.getByLabel('Your email address').fill('sam at example');
    await away.getByRole('button', { name: 'Leave a message' }).click();
    await expect(away.getByRole('alert')).toHaveText('that does not look like an email address');
    await expect(frame.getByTestId('connected')).toHaveCount(0);
    // The form and its error are usable with a screen reader.
    expect(await widgetViolations(page)).toEqual([]);

    await away.getByLabel('Your email address').fill('sam@example.net');
    await away.getByRole('button', { name: 'Leave a message' }).click();
    const left = frame.getByTestId('connected');
    await expect(left).toContainText('Thanks: your message is with us');
    await expect(frame.getByTestId('chat-state')).toContainText(`We're away now and back ${DAYS[day]}`);
    const caseId = (await left.locator('.case-no').innerText()).replace(/\D/g, '');

    // The agent finds the question and the address to answer.
    const agent = await (await browser.newContext()).newPage();
    await signIn(agent, MAYA);
    await openCase(agent, caseId);
    const timeline = agent.getByTestId('timeline');
    await expect(timeline).toContainText(`Can I return the car a day late? ${marker}`);
    await expect(timeline).toContainText('Left outside chat hours: if they have gone, reply by email to sam@example.net.');

    // The customer may still add to it; the agent sees it live.
    await frame.getByLabel('Your question').fill(`It is booking SB-1042 ${marker}`);
    await frame.getByRole('button', { name: 'Send' }).click();
    await expect(timeline).toContainText(`It is booking SB-1042 ${marker}`);
  } finally {
    await resume();
    // Chat hours back as they were, whatever happened above.
    const restored = await admin.request.post('/api/save_sla_policy', { form: { ...before, id: policyId } });
    expect(restored.ok()).toBe(true);
  }
});
