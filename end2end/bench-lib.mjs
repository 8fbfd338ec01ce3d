// What the Chromium benchmarks share: Debian's Chromium, and signing a demo
// user in through the login form.
import { chromium } from '@playwright/test';

/** Debian's Chromium, headless (Playwright's own browser download does not work here). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/** A new context on `base` signed in as the demo user `email`, on the inbox; `prepare` runs on the context first. */
export async function signIn(browser, base, email, prepare = async () => {}) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 720 } });
  await prepare(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('switchboard-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('inbox').waitFor();
  return page;
}
