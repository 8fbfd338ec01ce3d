import { test, expect, Page } from '@playwright/test';
import { MAYA, openBoard, openCase, openView, signIn } from '../helpers';

const ADMIN = 'admin@demo.switchboard';

/** Every WebAssembly file the page fetches from then on. */
function wasmFetched(page: Page): string[] {
  const files: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) files.push(path);
  });
  return files;
}

const split = (files: string[]) => files.filter((f) => !f.endsWith('/switchboard.wasm'));

test("the agent's inbox comes alive without the case view's code, fetches it while idle, and a case opens with it", async ({ page }) => {
  await signIn(page, MAYA);
  const files = wasmFetched(page);
  await page.goto('/agent?view=all');
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  // Alive (hydrated) on the first download alone.
  expect(files).toContain('/pkg/switchboard.wasm');
  expect(split(files)).toEqual([]);
  await expect(page.locator('[data-testid=inbox][data-ready=true]')).toBeVisible();
  // Then, before any case is opened, the case view's code arrives in the background.
  await expect.poll(() => split(files).some((f) => f.includes('lazy_case_view')), { timeout: 10_000 }).toBe(true);
  expect(split(files).some((f) => /lazy_(sla|board|approvals|metrics|qa|trees|help_home)_view/.test(f))).toBe(false);
  // Opening a case from the inbox needs nothing more, and the case works.
  await page.waitForLoadState('networkidle');
  const fetched = split(files).length;
  const rows = page.locator('[data-testid=inbox] tbody tr');
  const first = await rows.first().getAttribute('data-case-id');
  await rows.first().locator('td.subject a').click();
  await expect(page).toHaveURL(new RegExp(`/agent/cases/${first}$`));
  await expect(page.locator('[data-testid=composer][data-ready=true]')).toBeVisible();
  expect(split(files).length).toBe(fetched);
  // A case opened straight from its address hydrates with that code too:
  // the draft's tone follows what the agent types.
  await openView(page, 'all');
  const other = await rows.nth(1).getAttribute('data-case-id');
  await openCase(page, other!);
  await page.getByTestId('composer').fill('Thank you, this is wonderful news!');
  await expect(page.getByTestId('draft-tone')).toContainText('Positive');
});

test("a supervisor's board and the approvals load their own code when opened", async ({ page }) => {
  const files = wasmFetched(page);
  await signIn(page, 'priya@demo.switchboard');
  await openBoard(page);
  expect(split(files).some((f) => f.includes('lazy_board_view'))).toBe(true);
  expect(split(files).some((f) => f.includes('lazy_approvals_view'))).toBe(false);
  await page.getByTestId('nav-approvals').click();
  await expect(page).toHaveURL(/\/agent\/approvals/);
  await expect.poll(() => split(files).some((f) => f.includes('lazy_approvals_view'))).toBe(true);
  await expect(page.locator('main h1')).toBeVisible();
});

test('an admin page loads its own code when opened, and works', async ({ page }) => {
  const files = wasmFetched(page);
  await signIn(page, ADMIN);
  await page.goto('/admin/sla');
  await expect(page.locator('main.admin h1')).toBeVisible();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  expect(split(files).some((f) => f.includes('lazy_sla_view'))).toBe(true);
  // Its controls answer: Edit opens the policy's form (the table hydrates with
  // its data, so a click before that is tried again, as in settings.spec.ts).
  const form = page.getByTestId('policy-form');
  await expect(async () => {
    if (!(await form.isVisible())) await page.locator('tr[data-policy="5"]').getByRole('button', { name: 'Edit' }).click();
    await expect(form).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  // Going to another admin page in the app loads that page's code.
  await page.locator('nav a[href="/admin/templates"]').first().click();
  await expect(page).toHaveURL(/\/admin\/templates/);
  await expect.poll(() => split(files).some((f) => f.includes('lazy_templates_view'))).toBe(true);
});
