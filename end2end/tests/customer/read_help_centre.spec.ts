import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// A customer with scripts turned off: the help centre is plain HTML and forms.
test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('search forgives a typo, the article reads in steps, "Yes" is thanked', async ({ page }) => {
    const wasm: string[] = [];
    page.on('request', (r) => {
      if (/\.(wasm|js)(\?|$)/.test(r.url())) wasm.push(r.url());
    });
    await page.goto('/help');
    await expect(page.getByRole('heading', { name: 'How can we help?' })).toBeVisible();
    await expect(page.getByTestId('help-sections').getByRole('heading', { name: 'On the road' })).toBeVisible();

    await page.getByLabel('Search the help centre').fill('refnud');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/help\?q=refnud$/);
    const results = page.getByTestId('help-results');
    await expect(results.getByRole('heading')).toHaveText('Results for “refnud”');
    await results.getByRole('link', { name: 'When will I get my refund?' }).click();

    await expect(page).toHaveURL(/\/help\/refund-timing$/);
    const article = page.getByTestId('help-article');
    await expect(article.getByRole('heading', { level: 1 })).toHaveText('When will I get my refund?');
    await expect(page.getByTestId('help-steps').locator('li').first()).toContainText('payment method you used');
    await expect(page.getByTestId('help-related').getByRole('link')).not.toHaveCount(0);

    await page.getByRole('button', { name: 'Yes' }).click();
    await expect(page).toHaveURL(/\/help\/refund-timing\?feedback=yes#feedback$/);
    await expect(page.getByTestId('help-feedback')).toContainText('glad it helped');
    await expect(page.getByRole('button', { name: 'Yes' })).toHaveCount(0);
    expect(wasm, 'the help centre loads no scripts').toEqual([]);
  });

  test('a search that finds nothing says so, and a missing article is a 404', async ({ page }) => {
    await page.goto('/help?q=hovercraft+mooring');
    await expect(page.getByTestId('help-no-results')).toContainText('No article answers that yet');
    const missing = await page.goto('/help/no-such-article');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('alert')).toContainText('no article at this address');
  });
});

test('the help centre has no serious accessibility problems', async ({ page }) => {
  for (const path of ['/help', '/help?q=deposit', '/help/security-deposit-hold']) {
    await page.goto(path);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${path}: ${v.id}: ${v.help}`)).toEqual([]);
  }
});
