import { expect, test, Locator } from '@playwright/test';
import { MAYA, openAdmin, signIn } from '../helpers';

const ADMIN = 'admin@demo.switchboard';

/** Clicks `button` until `shows` is visible: the first click may land before
 *  the page's data has hydrated and its buttons listen. */
async function openForm(button: Locator, shows: Locator) {
  await expect(async () => {
    if (!(await shows.isVisible())) await button.click();
    await expect(shows).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
}

test('SLA policy: a bad target is refused next to its field, nothing is saved; a good one is saved and audited', async ({ page }) => {
  await signIn(page, ADMIN);
  await openAdmin(page, '/admin/sla');
  const row = page.locator('tr[data-policy="5"]');
  await expect(row.locator('.first-response')).toHaveText('8h');
  const form = page.getByTestId('policy-form');
  await openForm(row.getByRole('button', { name: 'Edit' }), form);
  await form.getByLabel('First response').fill('0m');
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(form.getByTestId('error-first_response')).toHaveText('the first response target must be longer than zero');
  await expect(form.getByTestId('form-error')).toContainText('nothing was saved');
  await form.getByLabel('First response').fill('soon');
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(form.getByTestId('error-first_response')).toContainText('such as 30s, 45m');
  await page.reload();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  await expect(page.locator('tr[data-policy="5"] .first-response')).toHaveText('8h');

  await openForm(page.locator('tr[data-policy="5"]').getByRole('button', { name: 'Edit' }), page.getByTestId('policy-form'));
  await page.getByTestId('policy-form').getByLabel('First response').fill('6h');
  await page.getByTestId('policy-form').getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await expect(page.locator('tr[data-policy="5"] .first-response')).toHaveText('6h');
  await page.goto('/admin');
  await expect(page.getByTestId('changes')).toContainText('sla_policy:5');
  await expect(page.getByTestId('changes')).toContainText(ADMIN);
});

test('business hours: an unknown zone and a calendar without hours are refused; weekly hours are saved', async ({ page }) => {
  await signIn(page, ADMIN);
  await openAdmin(page, '/admin/calendars');
  const form = page.getByTestId('calendar-form');
  await openForm(page.getByRole('button', { name: 'New calendar' }), form);
  await form.getByLabel('Name', { exact: true }).fill('Lisbon office');
  await form.getByLabel('Time zone').fill('Mars/Olympus');
  await form.getByRole('button', { name: 'Save calendar' }).click();
  await expect(form.getByTestId('error-tz')).toContainText('unknown time zone "Mars/Olympus"');
  await form.getByLabel('Time zone').fill('Europe/Lisbon');
  await form.getByRole('button', { name: 'Save calendar' }).click();
  await expect(form.getByTestId('error-hours')).toContainText('no working hours');
  await form.getByLabel('Monday').fill('9 to 5');
  await form.getByRole('button', { name: 'Save calendar' }).click();
  await expect(form.getByTestId('error-hours_mon')).toContainText('08:00-18:00');
  await expect(page.getByTestId('calendars').locator('tbody tr')).toHaveCount(2);
  await form.getByLabel('Monday').fill('09:00-13:00, 14:00-17:00');
  await form.getByRole('button', { name: 'Save calendar' }).click();
  await expect(page.getByTestId('saved')).toBeVisible();
  const row = page.getByTestId('calendars').locator('tr', { hasText: 'Lisbon office' });
  await expect(row).toContainText('Mon 09:00-13:00, 14:00-17:00');
  await expect(row).toContainText('Europe/Lisbon');
});

test('triage rules: a broken pattern is refused; a new rule is listed with its accuracy', async ({ page }) => {
  await signIn(page, ADMIN);
  await openAdmin(page, '/admin/triage');
  await expect(page.getByTestId('overall-accuracy')).toContainText('Overall accuracy');
  const rows = page.getByTestId('rules').locator('tbody tr');
  const before = await rows.count();
  expect(before).toBeGreaterThan(3);
  const form = page.getByTestId('rule-form');
  await openForm(page.getByRole('button', { name: 'New rule' }), form);
  await form.getByLabel('Name', { exact: true }).fill('Flux parts');
  await form.getByLabel('Regular expression').fill('flux (capacitor');
  await form.getByRole('button', { name: 'Save rule' }).click();
  await expect(form.getByTestId('error-pattern')).toContainText('not a valid regular expression');
  await expect(rows).toHaveCount(before);
  await form.getByLabel('Regular expression').fill('flux\\s+capacitors?');
  await form.getByLabel('Queue').selectOption({ label: 'Billing' });
  await form.getByLabel('Priority').selectOption('P2');
  await form.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await expect(rows).toHaveCount(before + 1);
  const row = page.getByTestId('rules').locator('tr', { hasText: 'Flux parts' });
  await expect(row).toContainText('→ Billing, P2');
  await expect(row.locator('.rule-accuracy')).toHaveText('—');
});

test('templates: search narrows the list; an unknown variable is refused listing the known ones; the preview fills in', async ({ page }) => {
  await signIn(page, ADMIN);
  await openAdmin(page, '/admin/templates');
  const rows = page.getByTestId('templates').locator('tbody tr');
  await expect(rows).toHaveCount(30);
  await expect(async () => {
    await page.getByTestId('template-search').fill('refund');
    await expect(page.getByText(/^\d+ templates$/)).not.toHaveText('30 templates', { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(rows.filter({ hasText: 'Refund issued' })).toHaveCount(1);
  expect(await rows.count()).toBeLessThan(30);
  await page.getByTestId('template-search').fill('');
  await expect(rows).toHaveCount(30);

  const form = page.getByTestId('template-form');
  await openForm(page.getByRole('button', { name: 'New template' }), form);
  await form.getByLabel('Name', { exact: true }).fill('Keys at the desk');
  await form.getByLabel('Text').fill('Hi {{customer.nickname}}');
  await expect(form.getByTestId('preview-error')).toContainText('unknown variable {{customer.nickname}}');
  await form.getByRole('button', { name: 'Save template' }).click();
  await expect(form.getByTestId('error-body')).toContainText('known variables: customer.first_name');
  await expect(rows).toHaveCount(30);
  await form.getByLabel('Text').fill('Hi {{customer.first_name}}, your keys for {{booking.confirmation}} are at the desk.');
  await expect(form.getByTestId('preview')).toHaveText('Hi Ana, your keys for SB-204811 are at the desk.');
  await form.getByLabel('Shortcut').fill('keys');
  await form.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await expect(rows).toHaveCount(31);
  await expect(rows.filter({ hasText: 'Keys at the desk' })).toContainText('/keys');
});

test('routing and automation: bad capacity and grace are refused by field; good values are saved', async ({ page }) => {
  await signIn(page, ADMIN);
  await openAdmin(page, '/admin/routing');
  const leo = page.getByTestId('agents').locator('tr', { hasText: 'Leo Brandt' });
  await leo.getByLabel('Capacity').fill('-1');
  await leo.getByRole('button', { name: 'Save' }).click();
  await expect(leo.getByTestId('error-capacity')).toContainText('between 0 and 50');
  await leo.getByLabel('Capacity').fill('4');
  await leo.getByLabel('Languages').fill('en, de, german');
  await leo.getByRole('button', { name: 'Save' }).click();
  await expect(leo.getByTestId('error-languages')).toContainText('"german" is not a two-letter language code');
  await leo.getByLabel('Languages').fill('en, de, pt');
  await leo.getByRole('button', { name: 'Save' }).click();
  await expect(leo.getByTestId('saved')).toBeVisible();

  const auto = page.getByTestId('automation-form');
  await expect(auto.getByLabel('Close solved cases after')).toHaveValue('4d');
  await auto.getByLabel('Re-route chats of agents away for').fill('0m');
  await auto.getByRole('button', { name: 'Save automation' }).click();
  await expect(auto.getByTestId('error-reroute_grace')).toHaveText('must be at least one minute');
  await auto.getByLabel('Re-route chats of agents away for').fill('10m');
  await auto.getByRole('button', { name: 'Save automation' }).click();
  await expect(auto.getByTestId('saved')).toBeVisible();

  await page.reload();
  const leoAfter = page.getByTestId('agents').locator('tr', { hasText: 'Leo Brandt' });
  await expect(leoAfter.getByLabel('Capacity')).toHaveValue('4');
  await expect(leoAfter.getByLabel('Languages')).toHaveValue('en,de,pt');
  await expect(page.getByTestId('automation-form').getByLabel('Re-route chats of agents away for')).toHaveValue('10m');
});

test('an agent cannot open the admin pages; the workspace shows triage accuracy', async ({ page }) => {
  await signIn(page, MAYA);
  await expect(page.getByTestId('triage-accuracy')).toContainText('Triage accuracy');
  await page.goto('/admin/triage');
  await expect(page.getByTestId('not-admin')).toHaveText('Only administrators can change these settings.');
  await expect(page.getByTestId('rules')).toHaveCount(0);
});
