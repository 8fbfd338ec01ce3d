import { test, expect } from '@playwright/test';
import { LEO, MAYA, openCase, openView, signIn } from '../helpers';

test('merging a case moves its conversation into the other and closes it with a link, live', async ({ browser }) => {
  const maya = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await openView(maya, 'all');
  // Two open cases of one customer, both in queues Maya works.
  const pair = await maya.locator('[data-testid=inbox] tbody tr').evaluateAll((rows) => {
    const byCustomer = new Map<string, string[]>();
    for (const r of rows) {
      const c = r.getAttribute('data-customer-id')!;
      byCustomer.set(c, [...(byCustomer.get(c) ?? []), r.getAttribute('data-case-id')!]);
    }
    return [...byCustomer.values()].find((ids) => ids.length >= 2)!.slice(0, 2);
  });
  const [dup, kept] = pair;
  const word = `merge-marker-${Date.now()}`;
  await openCase(maya, dup);
  await maya.getByLabel('Internal note').check();
  await maya.getByTestId('composer').fill(`Note on the duplicate ${word}`);
  await maya.getByRole('button', { name: 'Add note' }).click();
  await expect(maya.getByTestId('timeline')).toContainText(word);

  // A colleague has the kept case open.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, MAYA);
  await openCase(other, kept);
  await expect(other.getByTestId('timeline')).not.toContainText(word);

  // Bad choices are refused at the field.
  await maya.getByTestId('merge-open').click();
  await maya.getByTestId('merge-into').fill(dup);
  await maya.getByTestId('merge-review').click();
  await expect(maya.getByTestId('error-into')).toHaveText('A case cannot be merged into itself.');
  await maya.getByTestId('merge-into').fill('abc');
  await maya.getByTestId('merge-review').click();
  await expect(maya.getByTestId('error-into')).toContainText('Type the number of the case');

  // Review, then merge.
  await maya.getByTestId('merge-into').fill(`#${kept}`);
  await maya.getByTestId('merge-review').click();
  await expect(maya.getByTestId('merge-summary')).toContainText(`Merge #${dup}`);
  await expect(maya.getByTestId('merge-summary')).toContainText(`into #${kept}`);
  await maya.getByTestId('merge-confirm').click();
  await expect(maya.getByTestId('merged-into')).toContainText(`Merged into #${kept}`);
  await expect(maya.getByTestId('prop-status')).toHaveValue('closed');
  await expect(maya.getByTestId('timeline')).toContainText(`merged this case into #${kept}`);
  await expect(maya.getByTestId('timeline')).not.toContainText(word);

  // The kept case shows the moved conversation without a reload.
  await expect(other.getByTestId('timeline')).toContainText(word);
  await expect(other.getByTestId('timeline')).toContainText(`merged #${dup}`);

  // The link leads there.
  await expect(async () => {
    await maya.getByTestId('merged-into').getByRole('link').click();
    await expect(maya).toHaveURL(new RegExp(`/agent/cases/${kept}$`), { timeout: 1_000 });
  }).toPass();
  await expect(maya.getByTestId('timeline')).toContainText(word);
});

test('a case of a queue the agent does not work cannot be the target', async ({ page }) => {
  await signIn(page, LEO); // Bookings only
  await openView(page, 'all');
  const mine = (await page.locator('[data-testid=inbox] tbody tr').first().getAttribute('data-case-id'))!;
  await openCase(page, mine);
  await page.getByTestId('merge-open').click();
  await page.getByTestId('merge-into').fill('999999');
  await page.getByTestId('merge-review').click();
  await expect(page.getByTestId('error-into')).toHaveText('There is no case #999999 you can work.');
  await expect(page.getByTestId('prop-status')).not.toHaveValue('closed');
});
