import { test, expect, Page, FrameLocator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { MAYA, openCase, openView, signIn } from '../helpers';

const port = Number(process.env.E2E_PORT ?? 3100);
/** The demo company's own site: another origin, embedding the widget with one script tag. */
const SITE = `http://127.0.0.1:${port + 1}/`;
const ADMIN = 'admin@demo.switchboard';

/** Opens the demo site and the widget through the host page's own button (Switchboard.open()). */
async function openWidget(page: Page): Promise<FrameLocator> {
  await page.goto(SITE);
  await page.getByRole('button', { name: 'Questions? Chat with us' }).click();
  const frame = page.frameLocator('iframe[title="Chat with us"]');
  await expect(frame.getByTestId('widget')).toBeVisible();
  return frame;
}

/** The widget's split-off WebAssembly pieces the page fetches, in order. */
function pieceFetches(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (r) => {
    const piece = /\/widget\/split_(\w+)\.wasm$/.exec(r.url());
    if (piece) fetched.push(piece[1]);
  });
  return fetched;
}

/** The first two fetches of a split-off piece fail as if offline; answers how many did. */
async function refuseTwice(page: Page, piece: string): Promise<() => number> {
  let refused = 0;
  await page.route(`**/widget/split_${piece}.wasm`, async (route) => {
    if (refused < 2) {
      refused += 1;
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  return () => refused;
}

async function ask(frame: FrameLocator, question: string) {
  await frame.getByLabel(/Your question|Tu pregunta/).fill(question);
  await frame.getByRole('button', { name: /^(Send|Enviar)$/ }).click();
}

/** The deflection count of an article on the admin knowledge-base page. */
async function deflections(page: Page, slug: string) {
  await page.goto('/admin/kb');
  const cell = page.locator(`tr[data-article="${slug}"] [data-testid=deflections]`);
  await expect(cell).toBeVisible();
  return Number(await cell.innerText());
}

test('a customer asks, reads the steps inline, says it solved it: a deflection is counted', async ({ page, browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  const before = await deflections(admin, 'refund-timing');

  const pieces = pieceFetches(page);
  const frame = await openWidget(page);
  await expect(frame.getByTestId('conversation')).toContainText('a person is one click away');
  await ask(frame, 'when will I get my refnud');
  const card = frame.locator('[data-testid=answer][data-article="refund-timing"]');
  await expect(card.getByRole('heading')).toHaveText('When will I get my refund?');
  await card.getByText('Show the steps').click();
  await expect(card.locator('ol li').first()).toContainText('payment method you used');
  await card.getByRole('button', { name: 'Yes' }).click();
  await expect(card).toContainText('glad that helped');
  await expect(page.locator('#events')).toHaveText('Glad we helped');

  await expect.poll(() => deflections(admin, 'refund-timing')).toBe(before + 1);
  // An answer was enough: the answering code came as the visitor typed, the chat's never.
  expect(pieces).toEqual(['widget_talk']);
});

test('the question box works before the answering code is there: that code comes with the first keystroke', async ({ page }) => {
  const pieces = pieceFetches(page);
  const frame = await openWidget(page);
  const box = frame.getByLabel('Your question');
  await expect(box).toBeEditable();
  await expect(frame.locator('html[data-ready]')).toHaveCount(1);
  // A visitor who opens the widget and reads the greeting downloads nothing more.
  await page.waitForTimeout(1_000);
  expect(pieces).toEqual([]);
  await box.pressSequentially('lost my', { delay: 30 });
  await expect.poll(() => pieces).toEqual(['widget_talk']);
  await box.pressSequentially(' keys');
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(frame.locator('[data-testid=answer]').first()).toBeVisible();
  await expect(frame.locator('li.visitor')).toHaveText(['lost my keys']);
  expect(pieces).toEqual(['widget_talk']);
});

test('the answering code cannot be fetched at first: the question waits in the box and is answered once it can', async ({ page }) => {
  const refused = await refuseTwice(page, 'widget_talk');
  const frame = await openWidget(page);
  await ask(frame, 'how do I change my booking dates');
  // Meanwhile the visitor sees it is being looked into, and nothing they typed is lost.
  await expect(frame.locator('li.pending')).toBeVisible();
  await expect(frame.getByLabel('Your question')).toHaveValue('how do I change my booking dates');
  await expect(frame.locator('[data-testid=answer]').first()).toBeVisible({ timeout: 20_000 });
  expect(refused()).toBe(2);
  await expect(frame.locator('li.visitor')).toHaveText(['how do I change my booking dates']);
  await expect(frame.getByLabel('Your question')).toHaveValue('');
});

test('it did not help: one click hands off, and the agent sees the case live with the whole context', async ({ page, browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent, MAYA);
  // Newest first: a new case arrives at the top, whatever its SLA.
  await openView(agent, 'all&sort=newest');

  const pieces = pieceFetches(page);
  const frame = await openWidget(page);
  const question = `I was charged twice for my rental ${Date.now().toString(36)}`;
  await ask(frame, question);
  const first = frame.locator('[data-testid=answer]').first();
  await first.getByRole('button', { name: 'No' }).click();
  await expect(first).toContainText("Sorry it didn't help");
  await frame.getByTestId('talk').click();
  const connected = frame.getByTestId('connected');
  await expect(connected).toContainText("You're in the queue");
  const caseId = (await connected.locator('.case-no').innerText()).replace(/\D/g, '');
  expect(caseId).not.toBe('');
  await expect(page.locator('#events')).toHaveText(`Case #${caseId} opened`);
  // The chat's code came with the hand-off, once, after the answering code.
  // (Its state line, in the queue or with an agent, is drawn by that code.)
  await expect(frame.getByTestId('chat-state')).toBeVisible();
  expect(pieces).toEqual(['widget_talk', 'widget_chat']);

  // Live in the agent's inbox, without a reload: it waits behind "Show 1 new case"
  // (rows never move under the agent's pointer) until the agent asks for it.
  await expect(agent.getByTestId('show-new')).toHaveText('Show 1 new case');
  await agent.getByTestId('show-new').click();
  const row = agent.locator(`[data-testid=inbox] tr[data-case-id="${caseId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(question.slice(0, 40));
  await openCase(agent, caseId);
  const timeline = agent.getByTestId('timeline');
  await expect(timeline.locator('.entry-customer_message')).toContainText(question);
  const note = timeline.locator('.entry-internal_note', { hasText: 'Handed off from the chat widget' });
  await expect(note).toContainText(`Page: ${SITE}`);
  await expect(note).toContainText('Articles shown:');
  await expect(note).toContainText(`Visitor: ${question}`);
});

test('the chat\'s code cannot be fetched at the hand-off: the widget keeps the message and tries again', async ({ page }) => {
  const refused = await refuseTwice(page, 'widget_chat');
  const frame = await openWidget(page);
  await frame.getByTestId('talk').click();
  const question = `My booking shows the wrong dates ${Date.now().toString(36)}`;
  await ask(frame, question);
  await expect(frame.getByTestId('connected')).toBeVisible();
  // A few seconds later the chat is there, and it works.
  await expect(frame.getByTestId('chat-state')).toBeVisible({ timeout: 20_000 });
  expect(refused()).toBe(2);
  await ask(frame, 'It says 3 May instead of 5 May');
  await expect(frame.locator('[data-testid=chat-line][data-delivery=sent]', { hasText: 'instead of 5 May' })).toBeVisible();
});

test('"Talk to a person" before any question asks what about, then hands that off', async ({ page }) => {
  const frame = await openWidget(page);
  await frame.getByTestId('talk').click();
  await expect(frame.getByTestId('conversation')).toContainText('Tell us what you need');
  await expect(frame.getByLabel('Your question')).toBeFocused();
  await ask(frame, 'My keys are locked in the car at Lisbon airport');
  await expect(frame.getByTestId('connected')).toBeVisible();
  await expect(frame.locator('[data-testid=answer]')).toHaveCount(0);
});

test('the widget speaks the browser language', async ({ browser }) => {
  const page = await (await browser.newContext({ locale: 'es-ES' })).newPage();
  const frame = await openWidget(page);
  await expect(frame.getByTestId('conversation')).toContainText('¡Hola!');
  await expect(frame.getByTestId('talk')).toHaveText('Hablar con una persona');
});

test('a site that is not allowed cannot embed the widget', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (m) => { if (/frame-ancestors|Refused to frame/i.test(m.text())) refused.push(m.text()); });
  // localhost is another origin than the allowed 127.0.0.1 site.
  await page.goto(SITE.replace('127.0.0.1', 'localhost'));
  await page.getByRole('button', { name: 'Questions? Chat with us' }).click();
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  await expect(page.frameLocator('iframe[title="Chat with us"]').getByTestId('widget')).toHaveCount(0);
});

test('the widget has no serious accessibility problems', async ({ page }) => {
  await page.goto('/widget?lang=en&page=https%3A%2F%2Frentals.example%2F');
  await expect(page.locator('html[data-ready]')).toHaveCount(1);
  await page.getByLabel('Your question').fill('deposit');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('[data-testid=answer]').first()).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('the host page opens and closes the widget; its styles do not reach it', async ({ page }) => {
  const frame = await openWidget(page);
  const iframe = page.locator('iframe[title="Chat with us"]');
  // The demo site styles every iframe with a red dashed border: the widget's is untouched.
  await expect(iframe).toHaveCSS('border-top-style', 'none');
  await frame.getByRole('button', { name: 'Close chat' }).click();
  await expect(iframe).toBeHidden();
  await page.evaluate(() => (window as any).Switchboard.open());
  await expect(iframe).toBeVisible();
});

/** Asks for a person straight away and answers the case number the widget shows. */
async function handOff(frame: FrameLocator, question: string) {
  await ask(frame, question);
  await frame.getByTestId('talk').click();
  const no = frame.getByTestId('connected').locator('.case-no');
  await expect(no).toBeVisible();
  return (await no.innerText()).replace(/\D/g, '');
}

test('a customer signed in on the host site is verified by its hash; a forged claim is treated as anonymous', async ({ page, browser }) => {
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, 'priya@demo.switchboard');

  const frame = await openWidget(page);
  await page.getByRole('button', { name: 'Sign in as Olivia Demo (demo customer)' }).click();
  const verified = await handOff(frame, 'Where is the invoice for my last rental?');
  await openCase(staff, verified);
  await expect(staff.getByTestId('customer-name')).toHaveText('Olivia Demo');
  await expect(staff.getByTestId('timeline').locator('.entry-internal_note')).toContainText("Signed in on the company's site as demo-olivia (verified)");

  // Someone else types Olivia's details into Switchboard.identify, without the hash.
  const other = await (await browser.newContext()).newPage();
  const forged = await openWidget(other);
  await other.evaluate(() => (window as any).Switchboard.identify({
    user_id: 'demo-olivia', email: 'olivia.demo@example.com', name: 'Olivia Demo', user_hash: 'f'.repeat(64),
  }));
  const spoofed = await handOff(forged, 'Show me all my bookings and payments');
  await openCase(staff, spoofed);
  await expect(staff.getByTestId('customer-name')).toHaveText('Website visitor');
  await expect(staff.getByTestId('timeline').locator('.entry-internal_note')).toContainText('NOT verified');
});
