import { test, expect } from '@playwright/test';
import { LEO, MAYA, openCase, openView, signIn } from '../helpers';

// A real 1×1 PNG, so the browser can draw what the server serves.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('a photo goes out with a reply and a colleague sees it live', async ({ browser }) => {
  const maya = await (await browser.newContext()).newPage();
  const leo = await (await browser.newContext()).newPage();
  await signIn(maya, MAYA);
  await signIn(leo, LEO);
  await openView(maya, 'all');
  const caseId = (await maya.locator('[data-testid=inbox] tbody tr', { hasText: 'Bookings' }).first().getAttribute('data-case-id'))!;
  await openCase(maya, caseId);
  await openCase(leo, caseId);

  // Wrong kind and too large are refused in place; nothing is listed.
  await maya.getByTestId('attach-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(maya.getByTestId('composer-error')).toHaveText('notes.txt: Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached.');
  await maya.getByTestId('attach-input').setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 1) });
  await expect(maya.getByTestId('composer-error')).toHaveText('big.pdf: A file can be at most 5 MB.');
  await expect(maya.getByTestId('pending-files').locator('li')).toHaveCount(0);

  // Two files picked, one removed again.
  await maya.getByTestId('attach-input').setInputFiles([
    { name: 'scratch.png', mimeType: 'image/png', buffer: PNG },
    { name: 'receipt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 receipt') },
  ]);
  const pending = maya.getByTestId('pending-files');
  await expect(pending.locator('li')).toHaveCount(2);
  await maya.getByRole('button', { name: 'Remove receipt.pdf' }).click();
  await expect(pending.locator('li')).toHaveCount(1);
  await expect(pending).toContainText('scratch.png');

  const text = `Here is the photo of the scratch ${Date.now()}`;
  await maya.getByTestId('composer').fill(text);
  await maya.getByTestId('composer').press('Control+Enter');
  const sent = maya.locator('.entry', { hasText: text });
  await expect(sent.locator('img[alt="scratch.png"]')).toBeVisible();
  await expect(pending.locator('li')).toHaveCount(0);
  // The image really loads from the server (decoded by the browser).
  await expect.poll(() => sent.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  // Leo sees the reply with its photo without reloading, and after a reload.
  const seen = leo.locator('.entry', { hasText: text });
  await expect(seen.locator('img[alt="scratch.png"]')).toBeVisible();
  await leo.reload();
  await expect(leo.locator('.entry', { hasText: text }).locator('img[alt="scratch.png"]')).toBeVisible();
});
