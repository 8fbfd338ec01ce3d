import { test, expect } from '@playwright/test';
import { MAYA, openView, signIn, openCase } from '../helpers';

test('cases open as tabs, each keeps its draft across a reload, and closing asks first', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  const ids = await page.locator('[data-testid=inbox] tbody tr').evaluateAll((trs) => trs.slice(0, 2).map((t) => t.getAttribute('data-case-id')!));
  const [a, b] = ids;
  await openCase(page, a!);
  await page.getByTestId('composer').fill(`Draft for ${a}`);
  await openCase(page, b!);
  const tabs = page.getByTestId('tabs');
  await expect(tabs.locator(`[data-tab="${a}"]`)).toBeVisible();
  await expect(tabs.locator(`[data-tab="${b}"]`)).toHaveClass(/active/);
  await expect(page.getByTestId('composer')).toHaveValue('');
  await page.getByTestId('composer').fill(`Draft for ${b}`);
  // Back to the first tab: its own draft is there, also after a reload.
  await tabs.locator(`[data-tab="${a}"] a`).click();
  await expect(page).toHaveURL(new RegExp(`/agent/cases/${a}$`));
  await expect(page.getByTestId('composer')).toHaveValue(`Draft for ${a}`);
  await page.reload();
  await expect(page.getByTestId('composer')).toHaveValue(`Draft for ${a}`);
  await expect(page.getByTestId('tabs').locator(`[data-tab="${b}"]`)).toBeVisible();

  // Closing a tab with a draft asks; saying no keeps tab and draft.
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
  await page.getByRole('button', { name: `Close case ${b}`, exact: true }).click();
  expect(asked).toContain('unsent draft');
  await expect(page.getByTestId('tabs').locator(`[data-tab="${b}"]`)).toBeVisible();
  // Saying yes closes it and discards the draft.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: `Close case ${b}`, exact: true }).click();
  await expect(page.getByTestId('tabs').locator(`[data-tab="${b}"]`)).toHaveCount(0);
  await openCase(page, b!);
  await expect(page.getByTestId('composer')).toHaveValue('');
  // Sending clears the draft for good.
  await openCase(page, a!);
  await expect(page.getByTestId('composer')).toHaveValue(`Draft for ${a}`);
  await page.getByTestId('composer').press('Control+Enter');
  await expect(page.getByTestId('timeline').getByText(`Draft for ${a}`)).toHaveCount(1);
  // The live echo can arrive before the send's answer, which is what clears the
  // draft: wait for the composer to empty, as a person would see it, then reload.
  await expect(page.getByTestId('composer')).toHaveValue('');
  await page.reload();
  await expect(page.getByTestId('composer')).toHaveValue('');
});
