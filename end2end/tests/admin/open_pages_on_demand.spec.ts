import { test, expect, Page } from '@playwright/test';
import { MAYA, openCase, openView, signIn } from '../helpers';

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

test("the agent's inbox and case load no page split off for admins and supervisors", async ({ page }) => {
  const files = wasmFetched(page);
  await signIn(page, MAYA);
  await openView(page, 'all');
  const id = await page.locator('[data-testid=inbox] tbody tr').first().getAttribute('data-case-id');
  await openCase(page, id!);
  expect(files).toContain('/pkg/switchboard.wasm');
  expect(split(files)).toEqual([]);
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
