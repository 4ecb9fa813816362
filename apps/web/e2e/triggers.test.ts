import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, publishChatbot, signInAndCreateKey } from './api-setup';
import { launchBrowser, startServer, type TestServer, waitFor } from './harness';

describe('triggers set up from the builder, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let agent: { id: string };

  beforeAll(async () => {
    server = await startServer(ADMIN);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
    page = await context.newPage();
    const key = await signInAndCreateKey(page, server.url);
    agent = await publishChatbot(server.url, key, 'Triggered helper');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The runs page's run rows whose source reads `label` ("Webhook: Form hook"), after a fresh load. */
  async function runsFrom(label: string): Promise<number> {
    await page.goto(`${server.url}/agents/${agent.id}/runs`);
    await page.getByRole('tablist').waitFor();
    await page.getByRole('list', { name: 'Runs' }).or(page.getByText('No runs yet')).first().waitFor();
    return page.getByTestId('run-trigger').filter({ hasText: label }).count();
  }

  it('creates a webhook with a mapped input, calls its URL (202), and shows the run with its trigger', async () => {
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByRole('link', { name: 'Triggers' }).click();
    await page.waitForURL(/\/triggers$/);
    await page.getByText('No triggers yet').waitFor();
    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.getByRole('form', { name: 'Webhook trigger' });
    await form.getByLabel('Name', { exact: true }).fill('Form hook');
    await form.getByLabel('Input message').fill('Contact form: {{body.message}} ({{query.source}})');
    // The live preview reads the pasted sample body.
    await expect(form.getByTestId('input-preview').textContent()).resolves.toContain(
      'Contact form: Do you ship to Norway? ()',
    );
    await form.getByText('Nothing in the sample for {{query.source}}').waitFor();
    await form.getByRole('button', { name: 'Create webhook' }).click();

    const shown = page.getByTestId('webhook-url');
    const shownUrl = async () => ((await shown.locator('pre').first().textContent()) ?? '').trim();
    const hookUrl = new RegExp(`^${server.url}/api/hooks/[A-Za-z0-9_-]{20,}$`);
    // Shown on the origin this page was opened on.
    await waitFor(async () => hookUrl.test(await shownUrl()), 'the webhook URL');
    let url = await shownUrl();
    await expect(shown.locator('pre').nth(1).textContent()).resolves.toContain(`curl -X POST '${url}'`);

    // Rotate: a new URL, and the old one no longer names the trigger.
    page.once('dialog', (dialog) => void dialog.accept());
    await shown.getByRole('button', { name: /Rotate URL/ }).click();
    await waitFor(
      async () => (await shownUrl()) !== url && hookUrl.test(await shownUrl()),
      'the rotated URL',
    );
    expect((await fetch(url, { method: 'POST', body: 'hello' })).status).toBe(404);
    url = await shownUrl();

    const response = await fetch(`${url}?source=site`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Where is order 7?' }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    expect(runId).toMatch(/\S/);

    await waitFor(async () => (await runsFrom('Webhook: Form hook')) === 1, 'the webhook run in the history');
    await page.getByTestId('run-trigger').filter({ hasText: 'Webhook: Form hook' }).click();
    await page.waitForURL(new RegExp(`/runs/${runId}$`));
    // The run's input is the mapped message (the timeline's folded copies stay hidden).
    await page
      .getByText('Contact form: Where is order 7? (site)')
      .filter({ visible: true })
      .first()
      .waitFor();
    await page.getByTestId('run-trigger').filter({ hasText: 'Form hook' }).waitFor();

    // Paused from the list: the URL answers 409 and starts nothing.
    await page.goto(`${server.url}/agents/${agent.id}/triggers`);
    await page.getByRole('switch', { name: 'Form hook: active' }).click();
    await page.getByRole('switch', { name: 'Form hook: paused' }).waitFor();
    const paused = await fetch(url, { method: 'POST', body: 'hello' });
    expect(paused.status).toBe(409);
  });

  it('creates a schedule with a readable preview, sees it fire, pauses it and sees no new runs', async () => {
    await page.goto(`${server.url}/agents/${agent.id}/triggers`);
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'Schedule trigger' });
    await form.getByLabel('Name', { exact: true }).fill('Ticker');
    const cron = form.getByLabel('Cron expression');
    // A wrong expression is explained next to the field and not saved.
    await cron.fill('*/3 * * *');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    await form.getByRole('alert').filter({ hasText: 'this one has 4' }).waitFor();
    await cron.fill('*/3 * * * * *');
    await form.getByLabel('Time zone').selectOption('UTC');
    await form.getByTestId('cron-description').filter({ hasText: 'Every 3 seconds' }).waitFor();
    const nextRuns = form.getByTestId('next-runs').getByRole('listitem');
    await waitFor(async () => (await nextRuns.count()) === 5, 'five next runs from the server');
    await form.getByLabel('Input message').fill('Tick from the schedule.');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    await page.getByRole('switch', { name: 'Ticker: active' }).waitFor();

    await waitFor(async () => (await runsFrom('Schedule: Ticker')) >= 1, 'a run of the schedule', 30_000);

    await page.goto(`${server.url}/agents/${agent.id}/triggers`);
    await page.getByRole('switch', { name: 'Ticker: active' }).click();
    await page.getByRole('switch', { name: 'Ticker: paused' }).waitFor();
    // A tick claimed just before the pause may still be starting its run: let it land, then count.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const before = await runsFrom('Schedule: Ticker');
    // Three periods of the schedule.
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    expect(await runsFrom('Schedule: Ticker')).toBe(before);
  });
});
