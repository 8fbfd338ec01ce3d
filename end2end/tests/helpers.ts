import { expect, Page } from '@playwright/test';

export const PASSWORD = 'switchboard-demo';
export const MAYA = 'maya@demo.switchboard'; // Bookings, Billing
export const LEO = 'leo@demo.switchboard'; // Bookings

/** Signs in through the form, as a person would, and waits for the live inbox. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('inbox')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText('Live');
}

/** Shows an inbox view (`all`, `mine`, `unassigned`, `solved`, `queue-N`) and waits for it, live. */
export async function openView(page: Page, view: string) {
  await page.goto(`/agent?view=${view}`);
  await expect(page.locator('[data-testid=inbox][data-ready=true]')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText('Live');
}

/** Opens a case page and waits until the browser has taken it over, live. */
export async function openCase(page: Page, id: string) {
  await page.goto(`/agent/cases/${id}`);
  await expect(page.locator('[data-testid=composer][data-ready=true]')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText('Live');
}
