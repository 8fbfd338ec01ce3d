import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { MAYA, signIn } from '../helpers';

const PRIYA = 'priya@demo.switchboard';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('a supervisor builds a tree: problems listed while editing, preview, save, export', async ({ page }) => {
  await signIn(page, PRIYA);
  await page.getByTestId('nav-trees').click();
  await expect(page.getByTestId('tree-list').locator('li')).toHaveCount(6);
  await page.getByTestId('tree-new').click();
  const editor = page.getByTestId('tree-editor');
  await editor.getByTestId('tree-name-input').fill('Lost property');
  await editor.getByTestId('tree-slug').fill('lost-property');
  await editor.getByTestId('tree-queues').fill('Bookings');
  const problems = editor.getByTestId('tree-problems');
  await expect(problems).toContainText('Node "start": The text is empty.');
  await expect(problems).toContainText('Node "start": A question needs at least one answer.');
  const first = editor.getByTestId('tree-node').nth(0);
  await first.getByTestId('node-text').fill('Did the customer leave something in the car?');
  await first.getByTestId('answer-add').click();
  await first.getByTestId('answer-label').fill('Yes');
  await expect(problems).toContainText('Node "start": The answer "Yes" leads to "", which does not exist.');
  // A second node: an outcome with a template.
  await editor.getByTestId('tree-add-node').click();
  const second = editor.getByTestId('tree-node').nth(1);
  await second.getByTestId('node-kind').selectOption('outcome');
  await second.getByTestId('node-text').fill('Ask the branch to look for it.');
  await second.getByTestId('outcome-template').selectOption('Waiting on the customer');
  await expect(problems).toContainText('Node "node-1": No path from the start reaches this node.');
  await first.getByTestId('answer-next').selectOption('node-1');
  await expect(editor.getByTestId('tree-sound')).toBeVisible();
  await expect(problems.locator('li')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  // Preview runs the draft.
  await editor.getByTestId('tree-preview').click();
  const preview = editor.getByTestId('tree-preview-pane');
  await expect(preview.getByTestId('tree-text')).toHaveText('Did the customer leave something in the car?');
  await preview.getByRole('button', { name: 'Yes' }).click();
  await expect(preview.getByTestId('tree-text')).toHaveText('Ask the branch to look for it.');
  await editor.getByTestId('tree-save').click();
  const saved = page.getByTestId('tree-list').locator('li[data-tree=lost-property]');
  await expect(saved).toContainText('Lost property');
  await expect(saved).toContainText('2 nodes');
  const href = await saved.getByTestId('tree-export').getAttribute('href');
  const json = JSON.parse(decodeURIComponent(href!.replace(/^data:application\/json;charset=utf-8,/, '')));
  expect(json.slug).toBe('lost-property');
  expect(json.nodes[0].answers[0]).toEqual({ label: 'Yes', next: 'node-1' });
  // Reloaded, it is still there.
  await page.reload();
  await expect(page.getByTestId('tree-list').locator('li[data-tree=lost-property]')).toContainText('2 nodes');
});

test('an imported tree with a dangling answer is shown with its problem and refused', async ({ page }) => {
  await signIn(page, PRIYA);
  await page.goto('/agent/trees');
  // The tree editor is split off: its code arrives before the page hydrates.
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  await page.getByTestId('tree-import').fill(JSON.stringify({
    slug: 'broken', name: 'Broken', start: 'a',
    nodes: [{ id: 'a', type: 'question', text: 'Q?', answers: [{ label: 'Yes', next: 'gone' }] }],
  }));
  await page.getByTestId('tree-import-load').click();
  const editor = page.getByTestId('tree-editor');
  await expect(editor.getByTestId('tree-problems')).toContainText('Node "a": The answer "Yes" leads to "gone", which does not exist.');
  await editor.getByTestId('tree-save').click();
  await expect(editor.getByTestId('tree-save-error')).toContainText('leads to "gone"');
  // Not JSON at all.
  await page.goto('/agent/trees');
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  await page.getByTestId('tree-import').fill('{ not json');
  await page.getByTestId('tree-import-load').click();
  await expect(page.getByTestId('tree-import-error')).toContainText('This is not a tree');
  await page.goto('/agent/trees');
  await expect(page.getByTestId('tree-list').locator('li[data-tree=broken]')).toHaveCount(0);
});

test('agents run trees but do not edit them', async ({ page }) => {
  await signIn(page, MAYA);
  await expect(page.getByTestId('nav-trees')).toHaveCount(0);
  await page.goto('/agent/trees');
  await expect(page.getByTestId('trees-not-allowed')).toBeVisible();
  await expect(page.getByTestId('tree-editor')).toHaveCount(0);
});
