// Takes the README's screenshot of the agent inbox from a running Switchboard.
// Usage: node end2end/screenshot.mjs [base URL] [out.png]
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3100';
const out = process.argv[3] ?? 'docs/screenshot-inbox.png';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
await page.goto(`${base}/login`);
await page.getByLabel('Email').fill('maya@demo.switchboard');
await page.getByLabel('Password').fill('switchboard-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByTestId('inbox').waitFor();
await page.getByText('Live', { exact: true }).waitFor();
await page.screenshot({ path: out });
await browser.close();
console.log(`wrote ${out}`);
