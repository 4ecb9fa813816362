import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpOwner, startServer, type TestServer, waitFor } from './harness';
import { trpc } from './trpc-client';

const OWNER = { name: 'Ada', email: 'ada@example.com', password: 'analytical-engine' };

/** Chats `messages` in the builder's preview of an agent, waiting for each answer. */
async function chatInPreview(page: Page, baseUrl: string, agentId: string, messages: string[]) {
  await page.goto(`${baseUrl}/agents/${agentId}`);
  await page.getByTestId('node-chat-input').waitFor();
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview chat' });
  for (const [index, message] of messages.entries()) {
    await preview.locator('#preview-input').fill(message);
    await preview.getByRole('button', { name: 'Send' }).click();
    const answers = preview.locator('[data-role="assistant"]').filter({ hasText: 'Offline model' });
    await waitFor(async () => (await answers.count()) === index + 1, `answer ${index + 1} in the preview`);
  }
}

/** The number a stat card shows, e.g. "3" for `stat-runs`. */
function statValue(page: Page, id: string): Promise<string | null> {
  return page.getByTestId(`stat-${id}-value`).textContent();
}

/** Reloads a usage page until its Runs card reads `runs` (runs are counted as the run journal commits). */
async function openUntilRuns(page: Page, url: string, runs: string) {
  await waitFor(async () => {
    await page.goto(url);
    await page
      .getByTestId('stat-runs-value')
      .or(page.getByText(/^No runs in/))
      .first()
      .waitFor();
    return (await statValue(page, 'runs')) === runs;
  }, `${runs} runs on ${url}`);
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The totals of a chart's bars, oldest bucket first. */
async function barTotals(page: Page, chart: string): Promise<number[]> {
  const bars = page.getByTestId(chart).getByTestId('chart-bar');
  return (
    await bars.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-total')))
  ).map(Number);
}

describe('usage dashboard in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let helper: { id: string };
  let other: { id: string };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    page = await context.newPage();
    await signUpOwner(page, server.url, OWNER);
    helper = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'basic-chatbot',
    });
    other = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'basic-chatbot',
    });
    await trpc(page.request, server.url, 'agents.rename', { id: other.id, name: 'Other bot' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the runs of the workspace and of one agent, with charts, breakdowns and a CSV export', async () => {
    // Before any chat: the page says there is nothing yet, and offers no export.
    await page.goto(`${server.url}/agents`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }).click();
    await page.waitForURL(/\/usage$/);
    await page.getByText('No runs in the last 24 hours').waitFor();
    expect(await page.getByRole('button', { name: 'Export CSV' }).isDisabled()).toBe(true);

    await chatInPreview(page, server.url, helper.id, ['Where is my order?', 'And the refund?', 'Thanks!']);
    await chatInPreview(page, server.url, other.id, ['Hello there, how are you?']);

    // The workspace: four runs, none failed, tokens counted, and latencies measured.
    await openUntilRuns(page, `${server.url}/usage`, '4');
    await expect(statValue(page, 'failures')).resolves.toBe('0');
    await expect(page.getByTestId('stat-failures').textContent()).resolves.toContain('0% of runs');
    await expect(statValue(page, 'tokens')).resolves.toMatch(/^[1-9][\d,]* \/ [1-9][\d,]*$/);
    await expect(statValue(page, 'duration')).resolves.toMatch(/^\d[\d.]* (ms|s)$/);
    await expect(statValue(page, 'cost')).resolves.toMatch(/^(\$\d|Unknown)/);

    // Hourly bars over the last day: the current hour holds all four runs (the one before it too, should
    // the chats have crossed the hour), the others none.
    const runBars = await barTotals(page, 'runs-chart');
    expect(runBars).toHaveLength(24);
    expect(sum(runBars.slice(-2))).toBe(4);
    expect(sum(runBars.slice(0, -2))).toBe(0);
    const busiest = page
      .getByTestId('runs-chart')
      .getByTestId('chart-bar')
      .nth(runBars.lastIndexOf(Math.max(...runBars)));
    // A drawn bar (the transparent hover area aside) with a tooltip naming the hour's numbers.
    await expect(busiest.locator('rect:not([fill="transparent"])').count()).resolves.toBeGreaterThan(0);
    await expect(busiest.locator('title').textContent()).resolves.toMatch(
      /^\w+ \d+, \d\d:00–\d\d:00: [1-4] succeeded, 0 failed$/,
    );
    expect(sum((await barTotals(page, 'tokens-chart')).slice(-2))).toBeGreaterThan(0);
    // The p50 line has a point for each hour that had runs.
    await expect(
      page.getByTestId('duration-chart').getByTestId('chart-line').first().getAttribute('data-points'),
    ).resolves.toBe(String(runBars.filter((total) => total > 0).length));
    await expect(page.getByRole('img', { name: /^Runs and failures/ }).count()).resolves.toBe(1);

    // The breakdown by agent lists both agents, busiest first, and links to each agent's Usage tab.
    const byAgent = page.getByRole('table', { name: 'By agent' });
    const rows = byAgent.getByTestId('breakdown-row');
    await expect(rows.count()).resolves.toBe(2);
    expect(await rows.first().getAttribute('data-key')).toBe(helper.id);
    await expect(rows.first().getByTestId('breakdown-runs').textContent()).resolves.toBe('3');
    // Sorting by runs again flips the order.
    await byAgent.getByRole('button', { name: /^Runs/ }).click();
    expect(await rows.first().getAttribute('data-key')).toBe(other.id);
    await byAgent.getByRole('button', { name: /^Runs/ }).click();
    await rows.first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/agents/${helper.id}/usage\\?range=24h$`));

    // The agent's tab: its own three runs, no agent breakdown, all from the preview of its draft.
    await openUntilRuns(page, page.url(), '3');
    expect(await page.getByRole('table', { name: 'By agent' }).count()).toBe(0);
    const bySource = page.getByRole('table', { name: 'By source' }).getByTestId('breakdown-row');
    await expect(bySource.count()).resolves.toBe(1);
    await expect(bySource.first().textContent()).resolves.toMatch(/^preview3/);
    expect(sum((await barTotals(page, 'runs-chart')).slice(-2))).toBe(3);

    // The CSV of this range downloads, and its rows add up to the agent's runs.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split(/\r?\n/);
    const header = (csv[0] ?? '').split(',');
    const column = (name: string) => {
      const index = header.indexOf(name);
      expect(index, `CSV column ${name}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const [runs, model, agentId] = [column('runs'), column('model'), column('agent_id')];
    const lines = csv.slice(1).map((line) => line.split(','));
    // Lines with model "(all)" are the runs' totals; the others split them by model.
    const runLines = lines.filter((cells) => cells[model] === '(all)');
    expect(runLines.length).toBeGreaterThan(0);
    expect(runLines.reduce((sum, cells) => sum + Number(cells[runs]), 0)).toBe(3);
    expect(lines.every((cells) => cells[agentId] === helper.id)).toBe(true);

    // Seven days: daily buckets, today holding the same three runs, kept in the address.
    await page.getByRole('button', { name: '7 d' }).click();
    await page.waitForURL(/range=7d/);
    await waitFor(async () => (await barTotals(page, 'runs-chart')).length === 7, 'seven daily bars');
    expect(sum((await barTotals(page, 'runs-chart')).slice(-2))).toBe(3);

    // The builder's toolbar leads to the same tab.
    await page.goto(`${server.url}/agents/${other.id}`);
    await page.locator(`header a[href="/agents/${other.id}/usage"]`).click();
    await page.waitForURL(new RegExp(`/agents/${other.id}/usage$`));
    await openUntilRuns(page, page.url(), '1');
  });
});
