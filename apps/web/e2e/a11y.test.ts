import { createRequire } from 'node:module';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite } from './api-setup';
import { ADA, launchBrowser, signUpOwner, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

// axe-core is injected as a plain script: @axe-core/playwright needs the full `playwright` package,
// which would download browsers; playwright-core drives the system Chromium.
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One serious or critical violation as printed: rule, help, and where (shadow DOM parts joined by >>>). */
interface Finding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the frame's document and returns its serious and critical violations. Frames are
 * audited on their own (`iframes: false`): axe waits for an answer from every frame it was not injected
 * into, which would stall on the embed preview.
 */
async function audit(frame: Page | Frame): Promise<Finding[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.addScriptTag({ path: AXE_SCRIPT });
  // Colour contrast measured halfway through a fade-in is not what a reader sees: let finite animations
  // (in open shadow roots too, where the widget draws) end first. Spinners run forever and are skipped.
  await frame.evaluate(async () => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (const element of document.querySelectorAll('*'))
      if (element.shadowRoot) roots.push(element.shadowRoot);
    const finite = roots
      .flatMap((root) => root.getAnimations())
      .filter((animation) => Number.isFinite(animation.effect?.getComputedTiming().endTime ?? Infinity));
    await Promise.race([
      Promise.all(finite.map((animation) => animation.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]);
  });
  return frame.evaluate(async () => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const results = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.map(
          (node) =>
            `${node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part)).join(' | ')}  ${node.html.slice(0, 160)}`,
        ),
      }));
  });
}

describe('accessibility of every page and the widget (axe-core, no serious or critical violation)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof startSite>>;
  // The widget's agent, known once the test has published it; the site's page reads it when served.
  let publicId = '';
  const report: string[] = [];

  /** Audits what `frame` shows now and records each finding under `where`. */
  async function check(where: string, frame: Page | Frame = page) {
    for (const finding of await audit(frame)) {
      report.push(
        `${where}: [${finding.impact}] ${finding.rule}: ${finding.help}\n    ${finding.targets.join('\n    ')}`,
      );
    }
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    site = await startSite(
      () => `<!doctype html><html lang="en"><head><title>My shop</title></head>
<body><main><h1>My shop</h1></main><script src="${server.url}/widget.js" data-agent="${publicId}" async></script></body></html>`,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  const call = <T = unknown>(path: string, input?: unknown, kind?: 'query' | 'mutation') =>
    trpc<T>(page.request, server.url, path, input, kind);

  /** Opens the builder's Preview and has one message answered by the offline model. */
  async function previewAnswer(agentId: string, message: string) {
    await page.goto(`${server.url}/agents/${agentId}`);
    await page.getByTestId('node-chat-input').waitFor();
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('region', { name: 'Preview chat' });
    await preview.locator('#preview-input').fill(message);
    await preview.getByRole('button', { name: 'Send' }).click();
    return preview;
  }

  it('passes on the sign-up and sign-in pages, every app page, the builder panels and the widget', async () => {
    await page.goto(`${server.url}/setup`);
    await page.getByLabel('Your name').waitFor();
    await check('setup');
    await signUpOwner(page, server.url, ADA);
    const visitor = await browser.newContext();
    const signIn = await visitor.newPage();
    await signIn.goto(`${server.url}/sign-in`);
    await signIn.getByLabel('Password').waitFor();
    await check('sign-in', signIn);
    await visitor.close();

    // Data for every page: a template agent (published, embeddable from the site, with a webhook), a
    // credential, a knowledge base with a document.
    const agent = await call<{ id: string }>('agents.createFromTemplate', { templateId: 'basic-chatbot' });
    await call('agents.publish', { id: agent.id, note: 'First' });
    const embed = await call<{ publicId: string; settings: Record<string, unknown> }>(
      'embed.get',
      { id: agent.id },
      'query',
    );
    publicId = embed.publicId;
    await call('embed.update', { id: agent.id, settings: { ...embed.settings, allowedOrigins: [site.url] } });
    await call('credentials.create', {
      name: 'Team gateway',
      provider: 'openai-compatible',
      apiKey: 'sk-a11y',
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    const knowledgeBase = await call<{ id: string }>('knowledge.create', { name: 'Manuals' });
    await call('knowledge.addText', {
      id: knowledgeBase.id,
      name: 'Warranty',
      text: 'Two years of warranty.',
    });
    await call('triggers.create', { agentId: agent.id, kind: 'webhook', name: 'Form hook' });

    await page.goto(`${server.url}/agents`);
    await page.getByRole('button', { name: 'New agent' }).first().click();
    await page.getByRole('radio').nth(1).waitFor();
    await check('agents list with the new-agent dialog');
    await page.keyboard.press('Escape');

    // The builder: a node's settings, Problems, History, then the Preview with one answer.
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByTestId('node-chat-input').waitFor();
    await page.locator('.react-flow__node[data-id="prompt"] .font-semibold').first().click();
    await page.getByRole('tab', { name: 'settings' }).click();
    await page.locator('section[aria-label="Node settings"]').waitFor();
    await check('builder: node settings');
    await page.getByRole('tab', { name: /^Problems/ }).click();
    await check('builder: Problems');
    await page.getByRole('tab', { name: 'history' }).click();
    await page.getByTestId('versions-list').waitFor();
    await check('builder: History');
    const preview = await previewAnswer(agent.id, 'Hello there');
    await preview
      .locator('[data-role="assistant"]')
      .getByText(/Offline model/)
      .first()
      .waitFor();
    await check('builder: Preview with an answer');
    await page.getByRole('button', { name: 'Save as test' }).click();
    await page.getByRole('link', { name: 'Open Tests' }).first().waitFor();

    // A blank agent: its Problems, then the Copilot's proposal drawn as a diff (the offline copilot
    // builds it).
    const blank = await call<{ id: string }>('agents.create', { name: 'Blank' });
    await page.goto(`${server.url}/agents/${blank.id}`);
    await page.getByTestId('node-chat-input').first().waitFor();
    await page.getByRole('tab', { name: /^Problems \([1-9]/ }).click();
    await page.getByRole('button', { name: 'Fix with Copilot' }).waitFor();
    await check('builder: Problems listing problems');
    await page.getByRole('button', { name: 'Copilot', exact: true }).click();
    const copilot = page.getByRole('region', { name: 'Copilot', exact: true });
    await copilot.locator('#copilot-input').fill('a chatbot that remembers the conversation');
    await copilot.locator('#copilot-input').press('Enter');
    await page.getByTestId('canvas-diff').locator('[aria-label*="(memory), added"]').waitFor();
    await expect
      .poll(() => copilot.getByTestId('copilot-proposal').getAttribute('data-status'))
      .toBe('proposed');
    await check('builder: Copilot proposal as a diff');

    // The agent's tabs.
    await page.goto(`${server.url}/agents/${agent.id}/runs`);
    const runs = page.getByRole('list', { name: 'Runs' });
    await runs.getByRole('link').first().waitFor();
    await check('runs list');
    await runs.getByRole('link').first().click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    const timeline = page.getByRole('list', { name: 'Node timeline' });
    await timeline.locator('summary').first().click();
    await timeline.getByText('Hello there').first().waitFor();
    await check('run details with a step open');
    await page.goto(`${server.url}/agents/${agent.id}/triggers`);
    await page.getByText('Form hook').first().waitFor();
    await check('triggers');
    await page.goto(`${server.url}/agents/${agent.id}/tests`);
    await page.getByRole('table', { name: 'Test cases' }).getByText('Hello there').first().waitFor();
    await check('Tests tab');
    await page.goto(`${server.url}/agents/${agent.id}/usage`);
    await page.waitForLoadState('networkidle');
    await check("agent's usage tab");
    await page.goto(`${server.url}/agents/${agent.id}/embed`);
    const widgetPreview = page.frameLocator('iframe[title="Widget preview"]');
    await widgetPreview.getByRole('heading').first().waitFor();
    await check('embed tab');
    const previewFrame = page.frames().find((frame) => frame !== page.mainFrame());
    if (!previewFrame) throw new Error('The embed tab shows no widget preview frame');
    await check('embed tab: widget preview', previewFrame);

    // The workspace pages.
    await page.goto(`${server.url}/usage`);
    await page.waitForLoadState('networkidle');
    await check('usage');
    await page.goto(`${server.url}/knowledge`);
    await page.getByText('Manuals').first().waitFor();
    await check('knowledge list');
    await page.goto(`${server.url}/knowledge/${knowledgeBase.id}`);
    const document = page.locator('li[data-document="Warranty.md"]');
    await document.waitFor();
    await document
      .getByText('ready')
      .waitFor({ timeout: 30_000 })
      .catch(async (error) => {
        throw new Error(`The document did not get ready: ${await document.textContent()}`, { cause: error });
      });
    await check('knowledge base');
    await page.goto(`${server.url}/credentials`);
    await page.getByRole('button', { name: 'Prices', exact: true }).click();
    await page.getByRole('form', { name: 'Model prices of Team gateway' }).waitFor();
    await check('credentials with prices open');
    await page.goto(`${server.url}/settings`);
    await page.getByRole('region', { name: 'Copilot', exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await check('settings');
    const refund = await call<{ id: string }>('agents.createFromTemplate', {
      templateId: 'refund-with-approval',
    });
    const waiting = await previewAnswer(
      refund.id,
      'Please refund order 1234, 40 EUR: the mug arrived broken.',
    );
    await waiting.getByRole('group', { name: 'Approval' }).waitFor();
    await page.goto(`${server.url}/approvals`);
    await page.getByRole('list', { name: 'Waiting runs' }).getByText('Issue this refund?').waitFor();
    await check('approvals');
    await page.goto(`${server.url}/docs/api`);
    await page.getByRole('heading').first().waitFor();
    await page.waitForLoadState('networkidle');
    await check('API docs');

    // The widget on another site: closed, then open with an answer.
    const shop = await browser.newPage();
    await shop.goto(site.url);
    const launcher = shop.getByRole('button', { name: /^Open chat/ });
    await launcher.waitFor();
    await check('widget closed', shop);
    await launcher.click();
    const input = shop.getByRole('textbox', { name: 'Message' });
    await input.fill('Where is my order?');
    await input.press('Enter');
    await shop.getByRole('dialog').locator('.msg.bot').last().getByText('[Offline model]').waitFor();
    await check('widget open with an answer', shop);
    await shop.close();

    if (report.length > 0) {
      throw new Error(`${report.length} serious or critical accessibility violations:\n${report.join('\n')}`);
    }
  });
});
