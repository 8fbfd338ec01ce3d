import { test, expect } from '@playwright/test';
import { LEO, openView, signIn } from '../helpers';

test('an agent sets their own presence in the top bar and it stays after a reload', async ({ page }) => {
  await signIn(page, LEO);
  await openView(page, 'all');
  const presence = page.getByTestId('presence');
  // Signing in makes an agent online.
  await expect(presence).toHaveValue('online');
  await presence.selectOption('away');
  await expect(page.locator('label.presence')).toHaveAttribute('data-presence', 'away');
  await page.reload();
  await expect(page.getByTestId('presence')).toHaveValue('away');
  await page.getByTestId('presence').selectOption('online');
  await expect(page.locator('label.presence')).toHaveAttribute('data-presence', 'online');
  await page.reload();
  await expect(page.getByTestId('presence')).toHaveValue('online');
});
