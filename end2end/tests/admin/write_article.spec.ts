import { test, expect, Locator, Page } from '@playwright/test';
import { signIn } from '../helpers';

const ADMIN = 'admin@demo.switchboard';

/** Clicks `button` until `shows` is visible: the first click may land before hydration. */
async function openForm(button: Locator, shows: Locator) {
  await expect(async () => {
    if (!(await shows.isVisible())) await button.click();
    await expect(shows).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
}

async function openKb(page: Page) {
  await page.goto('/admin/kb');
  await expect(page.locator('main.admin h1')).toHaveText('Knowledge base');
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
}

test('an admin writes an article: bad fields refused, preview as typed, published it is found by customers', async ({ page, browser }) => {
  const word = `quokka${Date.now().toString(36)}`;
  await signIn(page, ADMIN);
  await openKb(page);
  await expect(page.getByTestId('articles').locator('tbody tr')).not.toHaveCount(0);
  const form = page.getByTestId('article-form');
  await openForm(page.getByRole('button', { name: 'New article' }), form);

  await form.getByLabel('Title').fill(`Can my ${word} come along?`);
  await form.getByLabel('Summary').fill('Yes, small animals travel free in a carrier.');
  await form.getByLabel('Steps').fill(Array.from({ length: 8 }, (_, i) => `Step number ${i + 1}.`).join('\n'));
  await expect(form.getByTestId('step-count')).toHaveText('8 of 7 steps');
  await form.getByRole('button', { name: 'Save article' }).click();
  await expect(form.getByTestId('error-steps')).toContainText('at most 7 steps');
  await expect(form.getByTestId('form-error')).toContainText('nothing was saved');

  await form.getByLabel('Steps').fill('Put your pet in a carrier.\nTell the counter at pick-up.');
  await form.getByLabel('Related articles').fill('no-such-article');
  await form.getByRole('button', { name: 'Save article' }).click();
  await expect(form.getByTestId('error-related')).toContainText('no article at "no-such-article"');

  await form.getByLabel('Related articles').fill('book-child-seat');
  await expect(form.getByTestId('article-preview').locator('li')).toHaveText(['Put your pet in a carrier.', 'Tell the counter at pick-up.']);
  await expect(form.getByTestId('article-preview').getByRole('heading')).toHaveText(`Can my ${word} come along?`);
  await form.getByLabel('Status').selectOption('published');
  await form.getByRole('button', { name: 'Save article' }).click();
  await expect(form.getByTestId('saved')).toBeVisible();
  const row = page.locator(`tr[data-article="can-my-${word}-come-along"]`);
  await expect(row).toContainText('published');

  // A customer, elsewhere, finds it, reads it and searches for something missing.
  const customer = await browser.newPage();
  await customer.goto(`/help?q=${word}`);
  await customer.getByTestId('help-results').getByRole('link', { name: `Can my ${word} come along?` }).click();
  await expect(customer.getByTestId('help-steps').locator('li')).toHaveCount(2);
  await expect(customer.getByTestId('help-related')).toContainText('child seat');
  await customer.goto('/help?q=unicycle+juggling');
  await expect(customer.getByTestId('help-no-results')).toBeVisible();
  await customer.close();

  await openKb(page);
  await expect(page.locator(`tr[data-article="can-my-${word}-come-along"] [data-testid=views]`)).toHaveText('1');
  await expect(page.getByTestId('content-gaps')).toContainText('unicycle juggling');
});

test('an agent cannot open the knowledge-base editor', async ({ page }) => {
  await signIn(page, 'maya@demo.switchboard');
  await page.goto('/admin/kb');
  await expect(page.getByTestId('not-admin')).toBeVisible();
  await expect(page.getByTestId('articles')).toHaveCount(0);
});
