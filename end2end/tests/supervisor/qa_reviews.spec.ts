import { test, expect } from '@playwright/test';
import { MAYA, PRIYA, openCase, openView, signIn } from '../helpers';

test('a supervisor reviews a case of an agent\'s weekly sample; the agent reads the review', async ({ page, browser }) => {
  // Maya solves one of her cases: this week's sample is not empty.
  const maya = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await openView(maya, 'mine');
  const id = (await maya.locator('[data-testid=inbox] tbody tr[data-case-id]').first().getAttribute('data-case-id'))!;
  await openCase(maya, id);
  const items = maya.getByTestId('checklist').getByTestId('check-item');
  for (let i = 0; i < await items.count(); i++) {
    await items.nth(i).check();
    await expect(items.nth(i)).toBeChecked();
  }
  await maya.getByTestId('prop-status').selectOption('solved');
  await expect(maya.getByTestId('error-status')).toHaveText('');
  await expect(maya.getByTestId('prop-status')).toHaveValue('solved');

  await signIn(page, PRIYA);
  await page.getByTestId('nav-qa').click();
  await expect(page.locator('[data-testid=qa][data-ready=true]')).toBeVisible();
  await page.getByTestId('qa-size').fill('10');
  await page.getByTestId('qa-size').blur();
  await page.getByTestId('qa-agent').selectOption({ label: 'Maya Okafor' });
  await expect(page.getByTestId('qa-summary')).toContainText('solved that week');
  const item = page.locator('[data-testid=qa-case]', { has: page.getByTestId('qa-save') }).first();
  await expect(item).toBeVisible();
  const caseId = await item.getAttribute('data-case-id');
  const reviewed = page.locator(`[data-testid=qa-case][data-case-id="${caseId}"]`);

  // Nothing scored: refused at the first score. A low score needs a comment.
  await reviewed.getByTestId('qa-save').click();
  await expect(reviewed.getByRole('alert').first()).toHaveText('Score accuracy from 1 to 5 (not 0).');
  await reviewed.getByTestId('qa-accuracy').selectOption('5');
  await reviewed.getByTestId('qa-tone').selectOption('2');
  await reviewed.getByTestId('qa-process').selectOption('4');
  await reviewed.getByTestId('qa-efficiency').selectOption('4');
  await reviewed.getByTestId('qa-save').click();
  await expect(reviewed).toContainText('Say what to improve when a score is 2 or lower.');
  await reviewed.getByTestId('qa-comment').fill('Greet the customer by name and keep it warm.');
  await reviewed.getByTestId('qa-save').click();
  await expect(reviewed.getByTestId('review-scores')).toHaveText('accuracy 5 · tone 2 · process 4 · efficiency 4 (average 3.8)');
  await expect(reviewed.getByTestId('review')).toContainText('Reviewed by Priya Raman');

  // The same sample shows it after a reload, for any supervisor.
  await page.reload();
  await expect(page.locator('[data-testid=qa][data-ready=true]')).toBeVisible();
  await page.getByTestId('qa-agent').selectOption({ label: 'Maya Okafor' });
  await expect(page.locator(`[data-testid=qa-case][data-case-id="${caseId}"]`).getByTestId('review-scores')).toContainText('tone 2');

  // Maya reads it under "My reviews"; she cannot open the QA page.
  // A fresh load of "My reviews": an agent page can still fail to hydrate
  // (issue #4, seen 1 in 3 full runs), and then ignores a click on the nav.
  await maya.goto('/agent/reviews');
  const mine = maya.locator(`[data-testid=my-reviews] [data-case-id="${caseId}"]`);
  await expect(mine).toContainText('Greet the customer by name and keep it warm.');
  await expect(mine.getByTestId('review-scores')).toHaveText('accuracy 5 · tone 2 · process 4 · efficiency 4 (average 3.8)');
  await maya.goto('/supervisor/qa');
  await expect(maya.getByTestId('qa-forbidden')).toHaveText('QA reviews are for supervisors and admins.');
});
