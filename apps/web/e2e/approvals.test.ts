import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpOwner, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

describe('a run that waits for a person, in the preview and on the Approvals page', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // One context for both tabs (the builder and the Approvals page), so they share the session.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await signUpOwner(page, server.url, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'analytical-engine',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openPreview(agentId: string) {
    await page.goto(`${server.url}/agents/${agentId}`);
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    return page.getByRole('region', { name: 'Preview chat' });
  }

  it('waits in the preview, still asks after a reload, continues once approved, and leaves the Approvals page', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'refund-with-approval',
    });
    let panel = await openPreview(agent.id);
    await panel.locator('#preview-input').fill('Please refund order 1234, 40 EUR: the mug arrived broken.');
    await panel.getByRole('button', { name: 'Send' }).click();
    const question = () => panel.getByRole('group', { name: 'Approval' });
    await question().getByText('Issue this refund?').waitFor();
    await question()
      .getByText(/order 1234/)
      .waitFor();
    // The nav counts it.
    await expect(page.getByTestId('approvals-count').textContent()).resolves.toMatch(/^1/);

    // The Approvals page lists it, with what it asks and who may answer.
    const approvals = await page.context().newPage();
    await approvals.goto(`${server.url}/approvals`);
    const list = approvals.getByRole('list', { name: 'Waiting runs' });
    await list.getByText('Issue this refund?').waitFor();
    await expect(list.getByRole('listitem').count()).resolves.toBe(1);
    await list.getByText(/For an editor of this workspace/).waitFor();

    // A reload: the preview finds its conversation and the run still asks.
    await page.reload();
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    panel = page.getByRole('region', { name: 'Preview chat' });
    await question().getByText('Issue this refund?').waitFor();
    await expect(panel.locator('[data-role="user"]').count()).resolves.toBe(1);
    await question().getByLabel('Note for the customer').fill('Sorry about the mug.');
    await question().getByRole('button', { name: 'Approve refund' }).click();

    // The run goes on in the same message: the refund agent calls its tool and answers.
    const answer = panel.locator('[data-role="assistant"]').last();
    await answer.getByText(/issue_refund returned/).waitFor();
    await answer.getByText(/answered: Approve refund/).waitFor();
    await expect(panel.locator('[data-role="assistant"]').count()).resolves.toBe(1);
    await expect(question().count()).resolves.toBe(0);
    const text = (await answer.textContent()) ?? '';
    expect(text.match(/issue_refund returned/g)).toHaveLength(1);

    // Gone from the Approvals page and from the count.
    await approvals.reload();
    await approvals.getByText('Nothing is waiting').waitFor();
    await page.getByTestId('approvals-count').waitFor({ state: 'detached', timeout: 30_000 });
    await approvals.close();
  });
});
