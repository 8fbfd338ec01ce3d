import { Browser, expect, Locator, Page } from '@playwright/test';

export const PASSWORD = 'switchboard-demo';
export const MAYA = 'maya@demo.switchboard'; // Bookings, Billing
export const LEO = 'leo@demo.switchboard'; // Bookings

/** Signs in through the form, as a person would, and waits for the live inbox. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  // A panic in the page's WebAssembly leaves it unresponsive: say so in the log.
  page.on('pageerror', (e) => console.log(`PAGEERROR ${email} ${page.url()}: ${e.message.slice(0, 400)}`));
  page.on('console', (m) => {
    // Refused requests are what many specs test; anything else is worth a line.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) console.log(`CONSOLE ${email} ${page.url()}: ${m.text().slice(0, 600)}`);
  });
  // The form is filled once the page has hydrated: sent before, it posts
  // plainly and comes back to the form (CI saw four such tries in a row on a
  // busy machine). Should it still stay on the form, it is sent again.
  await expect(async () => {
    await page.goto('/login');
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('inbox')).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 20_000 });
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

const port = Number(process.env.E2E_PORT ?? 3100);
/** The demo company's own site: another origin, embedding the widget with one script tag. */
export const SITE = `http://127.0.0.1:${port + 1}/`;
export const PRIYA = 'priya@demo.switchboard'; // supervisor

/** A customer on the demo site asks in the widget and hands off to a person; the case number. */
export async function startChat(page: Page, question: string): Promise<string> {
  await page.goto(SITE);
  await page.getByRole('button', { name: 'Questions? Chat with us' }).click();
  const frame = page.frameLocator('iframe[title="Chat with us"]');
  await expect(frame.getByTestId('widget')).toBeVisible();
  await frame.getByTestId('talk').click();
  await frame.getByLabel('Your question').fill(question);
  await frame.getByRole('button', { name: 'Send' }).click();
  const connected = frame.getByTestId('connected');
  await expect(connected).toContainText("You're in the queue");
  const caseId = (await connected.locator('.case-no').innerText()).replace(/\D/g, '');
  expect(caseId).not.toBe('');
  return caseId;
}

/** Opens the supervisor board and waits until the browser has taken it over, live. */
export async function openBoard(page: Page) {
  await page.goto('/supervisor');
  await expect(page.locator('[data-testid=board][data-ready=true]')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText('Live');
}

/** Serious or critical accessibility problems inside the widget's frame on the
 *  demo site (axe checks every frame; a node inside one has a frame path). */
export async function widgetViolations(page: Page): Promise<string[]> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.filter((n) => n.target.length > 1).map((n) => `${v.id}: ${v.help} at ${JSON.stringify(n.target)}`));
}

/** Clicks a booking's "Actions…" button until its dialog opens. A click can be
 *  lost while a live update re-renders the customer panel (seen in CI, once for
 *  15 s on end): after two tries the case page is loaded again. */
export async function openActionDialog(page: Page, button: Locator) {
  const dialog = page.getByTestId('action-dialog');
  // The customer panel hydrates after the case: a click before that is lost.
  await expect(page.locator('[data-testid=customer-name][data-ready=true]')).toBeVisible();
  for (let attempt = 1; ; attempt++) {
    if (!(await dialog.isVisible())) await button.click();
    try {
      await expect(dialog).toBeVisible({ timeout: 2_000 });
      return dialog;
    } catch (e) {
      if (attempt >= 5) throw e;
      console.log(`action dialog did not open (attempt ${attempt}) on ${page.url()}`);
      if (attempt >= 2) {
        await page.reload();
        await expect(page.locator('[data-testid=composer][data-ready=true]')).toBeVisible();
      }
    }
  }
}

/** Pauses routing for every agent (a supervisor's switch on the board), so a
 *  new chat waits in its queue; answers the function that resumes it. */
export async function holdRouting(browser: Browser): Promise<() => Promise<void>> {
  const sup = await (await browser.newContext()).newPage();
  await signIn(sup, PRIYA);
  const directory = await (await sup.request.post('/api/get_directory')).json();
  const set = async (paused: boolean) => {
    for (const a of directory.agents) {
      const r = await sup.request.post('/api/change_agent', { form: { agent: String(a.id), routing_paused: String(paused) } });
      expect(r.ok()).toBe(true);
    }
  };
  await set(true);
  return async () => {
    await set(false);
    await sup.context().close();
  };
}

/** Opens an admin page once it has hydrated: typed into before that, a form
 *  would lose the text or send nothing. */
export async function openAdmin(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main.admin h1')).toBeVisible();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
}
