import { test, expect, Page } from '@playwright/test';
import { LEO, MAYA, PRIYA, openView, signIn, openCase } from '../helpers';

const rows = (page: Page) => page.locator('[data-testid=inbox] tbody tr');

test('views count their cases, filters and sorts live in the URL', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  const all = await rows(page).count();
  expect(all).toBeGreaterThan(0);
  await expect(page.getByTestId('count-all')).toHaveText(String(all));
  // Every count is a number, and the views the agent may see are listed.
  await expect(page.getByTestId('count-mine')).toHaveText(/^\d+$/);
  await expect(page.locator('nav.views a', { hasText: 'Billing' })).toBeVisible();
  await expect(page.locator('nav.views a', { hasText: 'Roadside' })).toHaveCount(0);

  await page.locator('nav.views a[data-view=unassigned]').click();
  await expect(page).toHaveURL(/view=unassigned/);
  const unassigned = rows(page);
  await expect(unassigned.first()).toBeVisible();
  for (const cell of await unassigned.locator('td:nth-child(7)').allTextContents()) expect(cell).toBe('—');

  await openView(page, 'all');
  await page.getByTestId('filter-priority').selectOption('P1');
  await expect(page).toHaveURL(/priority=P1/);
  await expect(page.getByTestId('filter-priority')).toHaveValue('P1');
  const prios = await rows(page).locator('.prio').allTextContents();
  for (const p of prios) expect(p).toBe('P1');
  await page.getByTestId('sort').selectOption('newest');
  await expect(page).toHaveURL(/sort=newest/);
  // The query survives a reload.
  await page.reload();
  await expect(page.getByTestId('filter-priority')).toHaveValue('P1');
  await expect(page.getByTestId('sort')).toHaveValue('newest');
});

test('the keyboard moves, selects, assigns and explains itself', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'unassigned');
  await expect(rows(page).nth(1)).toBeVisible();
  await page.keyboard.press('j');
  await expect(rows(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(rows(page).nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('x');
  await expect(page.getByTestId('bulk-bar')).toContainText('1 selected');
  await page.keyboard.press('x');
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  // "a" assigns the case under the cursor to me: it leaves the unassigned view, dimmed in place.
  const id = await rows(page).nth(0).getAttribute('data-case-id');
  await page.keyboard.press('a');
  await expect(page.getByTestId('table-message')).toHaveText(`Case #${id} updated.`);
  const row = page.locator(`[data-testid=inbox] tr[data-case-id="${id}"]`);
  await expect(row).toHaveClass(/gone/);
  await expect(row.locator('td:nth-child(7)')).toHaveText('Maya Okafor');
  await expect(rows(page).nth(0)).toHaveAttribute('data-case-id', id!);
  await page.getByTestId('show-new').click();
  await expect(row).toHaveCount(0);
  // "o" opens the case under the cursor; "?" lists every shortcut.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toContainText('Assign the case to me');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
  await page.keyboard.press('o');
  await expect(page).toHaveURL(/\/agent\/cases\/\d+$/);
});

test('a colleague\'s changes update rows in place and new cases wait behind a button', async ({ browser }) => {
  const maya = await (await browser.newContext()).newPage();
  const leo = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await signIn(leo, LEO);
  await openView(maya, 'all');
  const order = await rows(maya).evaluateAll((trs) => trs.map((t) => t.getAttribute('data-case-id')));
  const target = maya.locator('[data-testid=inbox] tbody tr', { has: maya.locator('[data-testid=row-queue]', { hasText: 'Bookings' }) }).last();
  const id = await target.getAttribute('data-case-id');

  // Leo raises its priority to P1: Maya's row changes where it is.
  await openCase(leo, id!);
  await leo.getByTestId('prop-priority').selectOption('P1');
  await expect(maya.locator(`tr[data-case-id="${id}"] .prio`)).toHaveText('P1');
  const after = await rows(maya).evaluateAll((trs) => trs.map((t) => t.getAttribute('data-case-id')));
  expect(after).toEqual(order);

  // Leo takes an unassigned case: in Maya's unassigned view it dims, then goes.
  await openView(maya, 'unassigned');
  const free = await maya.locator('[data-testid=inbox] tbody tr', { has: maya.locator('[data-testid=row-queue]', { hasText: 'Bookings' }) }).first().getAttribute('data-case-id');
  await openCase(leo, free!);
  const leoOption = leo.getByTestId('prop-assignee').locator('option', { hasText: 'Leo' });
  await leo.getByTestId('prop-assignee').selectOption({ value: await leoOption.getAttribute('value') ?? '' });
  await expect(maya.locator(`tr[data-case-id="${free}"]`)).toHaveClass(/gone/);
  await maya.getByTestId('show-new').click();
  await expect(maya.locator(`tr[data-case-id="${free}"]`)).toHaveCount(0);
  // Leo hands it back: it waits behind "Show 1 new case" until Maya asks for it.
  const rowsBefore = await rows(maya).count();
  await leo.getByTestId('prop-assignee').selectOption('');
  await expect(maya.getByTestId('show-new')).toHaveText('Show 1 new case');
  expect(await rows(maya).count()).toBe(rowsBefore);
  await maya.getByTestId('show-new').click();
  await expect(maya.locator(`tr[data-case-id="${free}"]`)).toHaveCount(1);
  await expect(maya.getByTestId('show-new')).toHaveCount(0);
});

test('bulk changes apply to the selected cases and say what they did', async ({ page }) => {
  await signIn(page, MAYA);
  await openView(page, 'all');
  const first = rows(page).nth(0);
  const second = rows(page).nth(1);
  await first.getByRole('checkbox').check();
  await second.getByRole('checkbox').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('2 selected');
  const tag = `callback-${Date.now() % 100000}`;
  await page.getByTestId('bulk-tag').fill(tag);
  await page.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByTestId('table-message')).toHaveText('Changed 2 cases.');
  await expect(first.locator('.chip.tag', { hasText: tag })).toBeVisible();
  await expect(second.locator('.chip.tag', { hasText: tag })).toBeVisible();
  // A bad tag changes nothing and says why.
  await first.getByRole('checkbox').check();
  await page.getByTestId('bulk-tag').fill('no, commas');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByTestId('table-message')).toContainText('not changed');
  // The tag filter finds exactly the tagged cases.
  await page.getByTestId('filter-tag').fill(tag);
  await page.getByTestId('filter-tag').press('Enter');
  await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
  await expect(rows(page)).toHaveCount(2);
});

test('"Show more" lists the next cases in the same order; a bad row count is refused', async ({ page }) => {
  await signIn(page, PRIYA);
  await page.goto('/agent?view=all&rows=20');
  await expect(page.locator('[data-testid=inbox][data-ready=true]')).toBeVisible();
  await expect(rows(page)).toHaveCount(20);
  const all = Number(await page.getByTestId('count-all').innerText());
  expect(all).toBeGreaterThan(20);
  const firstTwenty = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')));
  await page.getByTestId('show-more').click();
  await expect(page).toHaveURL(/rows=220/);
  const shown = Math.min(all, 220);
  await expect(rows(page)).toHaveCount(shown);
  await expect(page.getByTestId('case-count')).toHaveText(`${shown} cases`);
  const after = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')));
  expect(after.slice(0, 20)).toEqual(firstTwenty);
  expect(new Set(after).size).toBe(shown);
  // Everything is listed once the page holds the whole view.
  await expect(page.getByTestId('show-more')).toHaveCount(all > 220 ? 1 : 0);

  await page.goto('/agent?view=all&rows=5000');
  await expect(page.getByRole('alert').filter({ hasText: 'An inbox shows between 1 and 1000 cases' })).toBeVisible();
  await expect(page.getByTestId('inbox')).toHaveCount(0);
});
