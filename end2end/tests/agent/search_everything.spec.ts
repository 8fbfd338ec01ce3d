import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { LEO, MAYA, openCase, openView, signIn } from '../helpers';

/** Opens the search with the `/` key, as an agent would, and types `text`. */
async function search(page: Page, text: string) {
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();
  await input.fill(text);
  return page.getByTestId('search-results');
}

/** A case of `queue` in the agent's "all open" view. */
async function caseOf(page: Page, queue: string) {
  await openView(page, 'all');
  const row = page.locator('[data-testid=inbox] tbody tr', { hasText: queue }).first();
  const id = await row.getAttribute('data-case-id');
  expect(id).toBeTruthy();
  return id!;
}

async function addNote(page: Page, caseId: string, text: string) {
  await openCase(page, caseId);
  await page.getByLabel('Internal note').check();
  await page.getByTestId('composer').fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('.entry-internal_note', { hasText: text })).toHaveCount(1);
}

test('/ finds a note by a word in it, arrows and Enter open its case', async ({ page }) => {
  await signIn(page, MAYA);
  const caseId = await caseOf(page, 'Bookings');
  const word = `pelican${Date.now()}`;
  await addNote(page, caseId, `Customer called about the ${word} sticker on the windscreen.`);
  await openView(page, 'all');

  const results = await search(page, word.slice(0, 9));
  const hit = results.getByTestId('search-messages').getByRole('option').first();
  await expect(hit).toContainText(`#${caseId}`);
  await expect(hit).toContainText(`Note · `);
  await expect(hit).toContainText(`the ${word} sticker`);
  await expect(hit).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/agent/cases/${caseId}$`));
  await expect(page.getByTestId('search')).toHaveCount(0);
  await expect(page.getByTestId('timeline')).toContainText(word);
});

test('case numbers, customers and booking confirmations are found and grouped', async ({ page }) => {
  await signIn(page, MAYA);
  const caseId = await caseOf(page, 'Bookings');
  await openCase(page, caseId);
  const customer = page.getByTestId('customer');
  const name = (await customer.getByTestId('customer-name').innerText()).trim();
  const confirmation = (await customer.getByTestId('bookings').locator('.confirmation').first().innerText()).trim();

  let results = await search(page, `#${caseId}`);
  await expect(results.getByTestId('search-cases').getByRole('option').first()).toContainText(`#${caseId}`);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search')).toHaveCount(0);

  results = await search(page, name);
  const customers = results.getByTestId('search-customers');
  await expect(customers.getByRole('option', { name: new RegExp(name) }).first()).toBeVisible();
  // The cursor walks every group in order; the customer's option opens a case of theirs.
  const options = results.getByRole('option');
  const count = await options.count();
  const index = await options.evaluateAll(
    (els, n) => els.findIndex((e) => e.closest('[data-testid=search-customers]') && e.textContent!.includes(n)),
    name,
  );
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true');
  expect(count).toBeGreaterThan(index);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/agent\/cases\/\d+$/);
  await expect(page.getByTestId('customer-name')).toHaveText(name);

  results = await search(page, confirmation.toLowerCase());
  const booking = results.getByTestId('search-bookings').getByRole('option', { name: new RegExp(confirmation) });
  await expect(booking).toBeVisible();
  await booking.click();
  await expect(page).toHaveURL(/\/agent\/cases\/\d+$/);
  await expect(page.getByTestId('bookings')).toContainText(confirmation);
});

test('another queue stays hidden, short text gets a hint, and / types in the composer', async ({ browser }) => {
  const maya = await (await browser.newContext()).newPage();
  const leo = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await signIn(leo, LEO); // Bookings only
  const billing = await caseOf(maya, 'Billing');
  const word = `marmoset${Date.now()}`;
  await addNote(maya, billing, `Refund check ${word}`);

  // Maya (Billing) finds it; Leo (Bookings) finds nothing.
  let results = await search(maya, word);
  await expect(results.getByTestId('search-messages')).toContainText(`#${billing}`);
  results = await search(leo, word);
  await expect(results.getByTestId('search-empty')).toContainText(word);
  await leo.getByTestId('search-input').fill(`#${billing}`);
  await expect(results.getByTestId('search-empty')).toBeVisible();

  await leo.getByTestId('search-input').fill('a');
  await expect(results).toContainText('Type at least two characters.');
  expect(await new AxeBuilder({ page: leo }).include('[data-testid=search]').analyze().then(
    (r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  )).toEqual([]);
  await leo.keyboard.press('Escape');

  // In a text field "/" is just a character.
  await openCase(maya, billing);
  await maya.getByTestId('composer').fill('');
  await maya.getByTestId('composer').press('/');
  await expect(maya.getByTestId('composer')).toHaveValue('/');
  await expect(maya.getByTestId('search')).toHaveCount(0);
  // The button opens it too.
  await maya.getByTestId('open-search').click();
  await expect(maya.getByTestId('search-input')).toBeFocused();
});
