import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpOwner, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

const OWNER = { name: 'Ada', email: 'ada@example.com', password: 'analytical-engine' };
const QUESTION = 'Where is my order 42?';

async function waitSaved(page: Page) {
  await expect
    .poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
    .toBe('saved');
}

/** Sets the Prompt node's template in the builder and waits until the draft is saved. */
async function setTemplate(page: Page, baseUrl: string, agentId: string, template: string) {
  await page.goto(`${baseUrl}/agents/${agentId}`);
  await page.getByTestId('node-prompt').waitFor();
  await page.locator('.react-flow__node[data-id="prompt"] .font-semibold').first().click();
  await page.getByLabel('Template').fill(template);
  await waitSaved(page);
}

/** Opens the Tests tab, runs every case against a target (its label), and waits until the run is final. */
async function runAll(page: Page, baseUrl: string, agentId: string, target = 'Draft'): Promise<Locator> {
  await page.goto(`${baseUrl}/agents/${agentId}/tests`);
  const form = page.getByRole('form', { name: 'Run tests' });
  await form.getByLabel('Run against').selectOption({ label: target });
  const before = await page.getByTestId('eval-run-row').count();
  await form.getByRole('button', { name: 'Run all' }).click();
  // The new run is listed, and the run view follows it until its status is final.
  await expect.poll(() => page.getByTestId('eval-run-row').count(), { timeout: 10_000 }).toBe(before + 1);
  const view = page.getByRole('region', { name: 'Eval run', exact: true });
  await expect
    .poll(() => view.getByTestId('eval-progress').textContent(), { timeout: 30_000 })
    .toMatch(/^\d+\/\d+ passed$/);
  return view;
}

/** Opens the publish dialog in the builder and waits for its test summary. */
async function openPublish(page: Page, baseUrl: string, agentId: string): Promise<Locator> {
  await page.goto(`${baseUrl}/agents/${agentId}`);
  await page.getByTestId('node-prompt').waitFor();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
  await dialog.getByTestId('publish-tests-result').waitFor();
  return dialog;
}

describe('tests of an agent: save a chat as a case, run it, fix it, compare, publish', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let agentId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signUpOwner(page, server.url, OWNER);
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'basic-chatbot',
    });
    agentId = agent.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('turns a preview chat into a failing case, fixes the prompt until it passes, and compares the runs', async () => {
    // Without cases there is nothing to run, and the panel says so.
    await page.goto(`${server.url}/agents/${agentId}/tests`);
    const runForm = page.getByRole('form', { name: 'Run tests' });
    await runForm.getByText('Add a test case first').waitFor();
    expect(await runForm.getByRole('button', { name: 'Run all' }).isDisabled()).toBe(true);

    // Chat in the preview, then save the conversation as a test case.
    await page.goto(`${server.url}/agents/${agentId}`);
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview chat' });
    await preview.locator('#preview-input').fill(QUESTION);
    await preview.getByRole('button', { name: 'Send' }).click();
    await preview
      .locator('[data-role="assistant"]')
      .getByText(/Offline model/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Save as test' }).click();
    await page.getByRole('link', { name: 'Open Tests' }).first().waitFor();

    // The Tests tab lists the case; edit it: drop the baseline, expect the word "refund".
    await page.getByRole('link', { name: 'Tests', exact: true }).click();
    await page.waitForURL(/\/tests$/);
    const cases = page.getByRole('table', { name: 'Test cases' });
    await cases.getByText(QUESTION).first().waitFor();
    await cases
      .getByRole('button', { name: /^Edit / })
      .first()
      .click();
    const editor = page.getByRole('dialog');
    await editor.getByRole('button', { name: /^Remove expectation 1/ }).click();
    await editor.getByRole('button', { name: /^Add expectation/ }).click();
    await editor
      .getByRole('list', { name: 'Expectation kinds' })
      .getByRole('button', { name: /^Contains/ })
      .click();
    await editor.getByLabel('Text 1').fill('refund');
    await editor.getByRole('button', { name: 'Save case' }).click();
    await editor.waitFor({ state: 'detached' });
    await cases.getByText('contains “refund”').waitFor();

    // Run against the draft: the case fails, and says why.
    let view = await runAll(page, server.url, agentId);
    await expect(view.getByTestId('eval-progress').textContent()).resolves.toBe('0/1 passed');
    const failed = view.getByTestId('eval-result');
    expect(await failed.getAttribute('data-passed')).toBe('false');
    await failed.getByText('FAIL', { exact: true }).waitFor();
    const failure = failed.locator('li[data-passed="false"]');
    await expect(failure.textContent()).resolves.toMatch(/refund/);
    // The case's run opens from its row.
    expect(await failed.getByRole('link', { name: /^Run of/ }).getAttribute('href')).toMatch(
      new RegExp(`^/agents/${agentId}/runs/\\S+$`),
    );

    // Fix the prompt so the offline echo mentions refunds; run again: it passes.
    await setTemplate(page, server.url, agentId, '{{message}} Mention our refund policy.');
    view = await runAll(page, server.url, agentId);
    await expect(view.getByTestId('eval-progress').textContent()).resolves.toBe('1/1 passed');
    expect(await view.getByTestId('eval-result').getAttribute('data-passed')).toBe('true');
    await view.getByTestId('eval-result').getByText('PASS', { exact: true }).waitFor();

    // History holds both; comparing them shows the case as newly passing, with both answers.
    const rows = page.getByTestId('eval-run-row');
    await expect(rows.count()).resolves.toBe(2);
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const comparison = page.getByRole('region', { name: 'Comparison' });
    const newlyPassing = comparison.getByRole('list', { name: 'Newly passing' });
    await newlyPassing.getByTestId('compare-case').first().waitFor();
    await expect(newlyPassing.textContent()).resolves.toContain('Mention our refund policy');
    expect(await comparison.getByRole('list', { name: 'Newly failing' }).count()).toBe(0);

    // The chart has a point for the draft revision that was tested last.
    await expect(page.getByTestId('pass-rate-chart').textContent()).resolves.toMatch(/draft r\d+/);

    // Publish: the dialog shows the passing result of this draft.
    const dialog = await openPublish(page, server.url, agentId);
    await expect(dialog.getByTestId('publish-tests-result').textContent()).resolves.toMatch(
      /1\/1 passing, run (just now|\d+ min ago)/,
    );
    await dialog.getByRole('button', { name: 'Publish version' }).click();
    await page.getByText('Published version 1.').waitFor();
  });

  it('refuses to publish a draft whose tests fail when passing tests are required, and says why', async () => {
    await page.goto(`${server.url}/agents/${agentId}/tests`);
    const settings = page.getByRole('form', { name: 'Test settings' });
    await settings.getByLabel('Require passing tests to publish').check();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // The published version passes; the draft is then compared with that run.
    const published = await runAll(page, server.url, agentId, 'v1');
    await expect(published.getByTestId('eval-progress').textContent()).resolves.toBe('1/1 passed');
    await expect(published.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Run on v1');

    // A changed draft has not been tested: Publish is off until it is.
    await setTemplate(page, server.url, agentId, '{{message}}');
    let dialog = await openPublish(page, server.url, agentId);
    await expect(dialog.getByTestId('publish-tests-result').textContent()).resolves.toContain(
      'No tests run on this draft.',
    );
    await dialog.getByRole('alert').first().waitFor();
    expect(await dialog.getByRole('button', { name: 'Publish version' }).isDisabled()).toBe(true);

    // Tested and failing: still off, and the dialog names the case that newly fails against v1.
    const view = await runAll(page, server.url, agentId);
    await expect(view.getByTestId('eval-progress').textContent()).resolves.toBe('0/1 passed');
    dialog = await openPublish(page, server.url, agentId);
    const summary = dialog.getByRole('region', { name: 'Tests' });
    await expect(summary.textContent()).resolves.toMatch(/0\/1 passing/);
    await expect(summary.textContent()).resolves.toMatch(/Against v1: newly failing: /);
    await expect(dialog.getByRole('alert').first().textContent()).resolves.toMatch(/\S/);
    expect(await dialog.getByRole('button', { name: 'Publish version' }).isDisabled()).toBe(true);

    // The server refuses too, whatever the dialog shows.
    await expect(trpc(page.request, server.url, 'agents.publish', { id: agentId })).rejects.toThrow(/test/i);
  });
});
