import { test, expect, Page } from '@playwright/test';
import { MAYA, SITE, holdRouting, openCase, signIn, startChat, widgetViolations } from '../helpers';

const LAUNCHER = 'Questions? Chat with us';

/** The widget's frame on the demo site. */
function widget(page: Page) {
  return page.frameLocator('iframe[title="Chat with us"]');
}

/** The customer types into the chat and sends, key by key as a person would. */
async function say(page: Page, text: string) {
  const input = widget(page).getByLabel('Your question');
  await input.pressSequentially(text);
  await widget(page).getByRole('button', { name: 'Send' }).click();
}

/** The customer's messages on the agent's timeline that contain `marker`, in order. */
async function customerLines(agent: Page, marker: string) {
  return agent
    .getByTestId('timeline')
    .locator('.entry-customer_message', { hasText: marker })
    .locator('.entry-body')
    .allInnerTexts();
}

test('a live chat: the agent joins, typing and replies go both ways, nothing typed offline is lost or doubled, a reload keeps the chat, and the rating is recorded', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const marker = Date.now().toString(36);
  // No agent takes new chats by routing meanwhile, so this one waits in its queue.
  const resume = await holdRouting(browser);
  const frame = widget(page);
  const agent = await (await browser.newContext()).newPage();
  let caseId = '';
  try {
    caseId = await startChat(page, `I was charged twice for my rental ${marker}`);
    await expect(frame.getByTestId('chat-state')).toContainText(/You are number \d+ in the queue\./);

    // The agent takes the chat: the customer learns who has it, live.
    await signIn(agent, MAYA);
    await openCase(agent, caseId);
    const maya = (await agent.getByTestId('prop-assignee').locator('option', { hasText: 'Maya Okafor' }).getAttribute('value'))!;
    await agent.getByTestId('prop-assignee').selectOption(maya);
    await expect(frame.getByTestId('chat-state')).toHaveText('Maya has joined the chat.');
  } finally {
    await resume();
  }

  // The agent types: the customer sees it; the reply arrives live.
  await agent.getByTestId('composer').pressSequentially('Hi, I can see both charges');
  await expect(frame.getByTestId('agent-typing')).toHaveText('Maya is typing…');
  await agent.getByTestId('composer').press('Control+Enter');
  const reply = frame.getByTestId('chat-line').filter({ hasText: 'Hi, I can see both charges' });
  await expect(reply).toHaveCount(1);
  await expect(reply.locator('.who')).toHaveText('Maya');
  await expect(frame.getByTestId('agent-typing')).toHaveCount(0);

  // The customer types: the agent sees it; the message arrives live and is seen.
  await frame.getByLabel('Your question').pressSequentially('Thank you');
  await expect(agent.getByTestId('colleagues-typing')).toHaveText('Website visitor is typing…');
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => customerLines(agent, 'Thank you')).toEqual(['Thank you']);
  const thanks = frame.getByTestId('chat-line').filter({ hasText: 'Thank you' });
  // "Seen" comes with the agent's next sign of having the case open (every 15 s).
  await expect(thanks).toHaveAttribute('data-delivery', 'seen', { timeout: 25_000 });

  // Offline: three messages wait in the browser, then arrive once each, in order.
  await page.context().setOffline(true);
  for (const n of ['one', 'two', 'three']) {
    await say(page, `offline ${n} ${marker}`);
  }
  const waiting = frame.getByTestId('chat-line').filter({ hasText: `${marker}` }).filter({ hasText: 'offline' });
  await expect(waiting).toHaveCount(3);
  for (const line of await waiting.all()) {
    await expect(line).toHaveAttribute('data-delivery', 'queued');
  }
  await page.context().setOffline(false);
  for (const line of await waiting.all()) {
    await expect(line).toHaveAttribute('data-delivery', /sent|seen/, { timeout: 15_000 });
  }
  await expect
    .poll(() => customerLines(agent, `${marker}`).then((l) => l.filter((t) => t.startsWith('offline'))))
    .toEqual([`offline one ${marker}`, `offline two ${marker}`, `offline three ${marker}`]);
  // Sent again after they went through, nothing doubles.
  await page.waitForTimeout(1_000);
  expect((await customerLines(agent, marker)).filter((t) => t.startsWith('offline'))).toHaveLength(3);

  // A reload brings the whole chat back.
  await page.reload();
  await page.getByRole('button', { name: LAUNCHER }).click();
  await expect(frame.getByTestId('chat-line').filter({ hasText: 'Hi, I can see both charges' })).toHaveCount(1);
  await expect(frame.getByTestId('chat-line').filter({ hasText: 'offline' })).toHaveCount(3);
  await expect(frame.getByTestId('chat-state')).toHaveText('Maya has joined the chat.');

  // The agent solves it: the customer rates it, and the agent sees the rating live.
  for (const box of await agent.getByTestId('checklist').getByTestId('check-item').all()) {
    await box.check();
  }
  await agent.getByTestId('prop-status').selectOption('solved');
  await expect(agent.getByTestId('prop-status')).toHaveValue('solved');
  const rate = frame.getByTestId('rate');
  await expect(rate).toContainText('Your case has been solved. How did we do?');
  // Sending without a score says what is missing and records nothing.
  await rate.getByRole('button', { name: 'Send rating' }).click();
  await expect(rate.getByRole('alert')).toHaveText('Rate this chat from 1 (poor) to 5 (excellent)');
  // The chat, its delivery states and the rating form work with a screen reader.
  expect(await widgetViolations(page)).toEqual([]);
  await rate.getByLabel('4').check();
  await rate.getByLabel('Anything to add? (optional)').fill('Quick and kind');
  await rate.getByRole('button', { name: 'Send rating' }).click();
  await expect(frame.getByTestId('chat-over')).toContainText('Thank you for your rating!');
  await expect(agent.getByTestId('timeline').locator('.entry-system_event', { hasText: 'rated this chat' })).toHaveText(
    /The customer rated this chat 4\/5: “Quick and kind”/,
  );

  // Asking again starts with answers first, then a new chat.
  await frame.getByRole('button', { name: 'Ask something else' }).click();
  await expect(frame.getByTestId('conversation')).toContainText('a person is one click away');
  await expect(frame.getByTestId('chat-line')).toHaveCount(0);
});

test('a visitor with no chat gets nothing from the chat socket or the chat API', async ({ page }) => {
  await page.goto(SITE);
  const origin = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;
  const token = 'e'.repeat(64);
  const answer = await page.request.post(`${origin}/api/widget_conversation`, { data: { token } });
  expect(answer.ok()).toBeTruthy();
  expect(await answer.json()).toBeNull();
  const send = await page.request.post(`${origin}/api/widget_send`, {
    data: { message: { token, client_id: 'x1', body: 'hello?' } },
  });
  expect(send.status()).toBe(422);
  expect(await send.text()).toContain('there is no chat yet');
  // The socket refuses a page of another origin outright.
  const refused = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    `${origin.replace('http', 'ws')}/widget/ws`,
  );
  expect(refused).toBe('refused');
});

test('a customer signed in on the host site sees their earlier conversations; a forged claim sees none', async ({ browser }) => {
  const marker = Date.now().toString(36);
  const open = async (signIn: 'olivia' | 'forged') => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(SITE);
    if (signIn === 'olivia') {
      await page.getByRole('button', { name: 'Sign in as Olivia Demo (demo customer)' }).click();
    } else {
      await page.evaluate(() => (window as any).Switchboard.identify({
        user_id: 'demo-olivia', email: 'olivia.demo@example.com', name: 'Olivia Demo', user_hash: 'f'.repeat(64),
      }));
    }
    await page.getByRole('button', { name: LAUNCHER }).click();
    await expect(widget(page).getByTestId('widget')).toBeVisible();
    return page;
  };

  // Olivia asks for a person once.
  const first = await open('olivia');
  const frame = widget(first);
  await frame.getByTestId('talk').click();
  await frame.getByLabel('Your question').fill(`Where is the invoice for booking ${marker}?`);
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(frame.getByTestId('connected')).toContainText("You're in the queue");

  // On another browser, signed in again: that conversation is there.
  const again = await open('olivia');
  const history = widget(again).getByTestId('history');
  await expect(history).toContainText('Your earlier conversations');
  await history.locator('summary').click();
  await expect(history).toContainText(`Where is the invoice for booking ${marker}?`);
  await expect(history).not.toContainText('Handed off from the chat widget');

  // Someone typing Olivia's details without the company's hash sees nothing of hers.
  const forged = await open('forged');
  await expect(widget(forged).getByTestId('conversation')).toContainText('a person is one click away');
  await forged.waitForTimeout(1_500);
  await expect(widget(forged).getByTestId('history')).toHaveCount(0);
});
