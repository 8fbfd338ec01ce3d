import { test, expect } from '@playwright/test';
import { MAYA, openView, signIn } from '../helpers';

test('customer messages carry their tone, the case its gauge, and the draft its own tone as typed', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  // A case whose customer has written (it has a mood chip with a score).
  const row = page.locator('[data-testid=inbox] tbody tr', { has: page.locator('.mood:not(.mood-none)') }).first();
  await row.locator('td.subject a').click();
  await expect(page.getByTestId('connection')).toHaveText('Live');
  const marker = page.locator('.entry-customer_message [data-testid=score]').first();
  await expect(marker).toHaveText(/^(Positive|Negative|Neutral) [+−]\d\.\d\d$/);
  await expect(marker).toHaveAttribute('title', /pos \d\.\d\d, neu \d\.\d\d, neg \d\.\d\d/);
  await expect(page.getByTestId('case-mood')).toHaveAttribute('title', /Recent customer messages: [+−]\d\.\d\d/);
  // The draft's tone follows the words, computed in the browser.
  const tone = page.getByTestId('draft-tone');
  // The lexicons are not in the bundle: the first keystrokes fetch them.
  const lexicon = page.waitForResponse((r) => r.url().endsWith('/sentiment/words.tsv') && r.ok());
  await page.getByTestId('composer').fill('This is terrible, I am so sorry, what an awful mess.');
  await lexicon;
  await expect(tone).toContainText('Negative');
  await page.getByTestId('composer').fill('Great news: your refund is done. Thank you for your patience!');
  await expect(tone).toContainText('Positive');
  await page.getByTestId('composer').fill('');
  await expect(tone).toHaveText('');
});
