import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpOwner, startServer, type TestServer } from './harness';
import { type OAuthMcpTestServer, startOAuthMcpTestServer } from '@agentry/engine/testing/mcp-oauth-server';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server';
import { trpc } from './trpc-client';

function handle(page: Page, nodeId: string, portId: string, kind: 'source' | 'target'): Locator {
  return page.locator(
    `.react-flow__node[data-id="${nodeId}"] .react-flow__handle.${kind}[data-handleid="${portId}"]`,
  );
}

/** Drags with the mouse from one handle to another, as a person would. */
async function connect(page: Page, source: [string, string], target: [string, string]) {
  const edges = await page.locator('.react-flow__edge').count();
  const start = (await handle(page, ...source, 'source').boundingBox())!;
  const end = (await handle(page, ...target, 'target').boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 15 });
  await page.mouse.up();
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edges + 1);
}

/** Clicks a node's title to select it (fitting the view first). */
async function selectNode(page: Page, nodeId: string) {
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(400);
  await page.locator(`.react-flow__node[data-id="${nodeId}"] .font-semibold`).first().click();
}

async function problemCount(page: Page): Promise<number> {
  const text = await page.getByRole('tab', { name: /^Problems/ }).textContent();
  return Number(/\((\d+)\)/.exec(text ?? '')?.[1]);
}

async function waitSaved(page: Page) {
  await expect
    .poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
    .toBe('saved');
}

describe('MCP tools in Chromium', () => {
  let server: TestServer;
  let mcp: McpTestServer;
  let oauth: OAuthMcpTestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The harness's server allows 127.0.0.1 (AGENTRY_ALLOW_PRIVATE_HOSTS), where the MCP server listens.
    [mcp, oauth, server] = await Promise.all([
      startMcpTestServer(),
      startOAuthMcpTestServer(),
      startServer(),
    ]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signUpOwner(page, server.url, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'analytical-engine',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mcp?.close();
    await oauth?.close();
  });

  it('adds an MCP Tools node, connects, picks two tools, and the agent calls one in the preview', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'support-agent',
      name: 'Weather desk',
    });
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByTestId('node-agent').waitFor();

    // Add the node from the palette and open its settings.
    await page.dragAndDrop('[data-node-type="mcp-tools"]', '[data-testid="canvas"]', {
      targetPosition: { x: 300, y: 820 },
    });
    await page.getByTestId('node-mcp-tools-1').waitFor();
    await selectNode(page, 'mcp-tools-1');
    const settings = page.locator('section[aria-label="Node settings"]');
    const picker = settings.getByTestId('mcp-tool-picker');
    // Nothing to connect to yet.
    await expect(picker.getByRole('button', { name: 'Connect' }).isDisabled()).resolves.toBe(true);

    // A server that is not there: the reason shows inline.
    await settings.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:1/mcp');
    await picker.getByRole('button', { name: 'Connect' }).click();
    await picker
      .getByRole('alert')
      .getByText(/connection refused/i)
      .waitFor();

    // The real server: its three tools, with their descriptions.
    await settings.getByLabel('URL', { exact: true }).fill(mcp.url);
    // The failure was for the old URL: it goes with it.
    await expect.poll(() => picker.getByText(/connection refused/i).count()).toBe(0);
    await picker.getByRole('button', { name: 'Connect' }).click();
    await picker.getByRole('button', { name: 'Refresh' }).waitFor();
    const boxes = picker.getByRole('checkbox');
    await expect(boxes.count()).resolves.toBe(3);
    await picker.getByText('Weather forecast for a city').waitFor();
    await picker.getByText('Active storm alerts for a region').waitFor();
    await picker.getByRole('checkbox', { name: /get_forecast/ }).check();
    await picker.getByRole('checkbox', { name: /get_alerts/ }).check();
    await picker.getByText('3 tools on the server; 2 picked.').waitFor();

    // A server that drops a picked tool: Refresh keeps it visible, with a warning, until it is back.
    mcp.hidden.add('get_alerts');
    await picker.getByRole('button', { name: 'Refresh' }).click();
    const warning = picker.getByRole('alert').filter({ hasText: 'no longer lists' });
    await warning.waitFor();
    await expect(warning.getByRole('checkbox', { name: 'get_alerts' }).isChecked()).resolves.toBe(true);
    mcp.hidden.delete('get_alerts');
    await picker.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => warning.count()).toBe(0);
    await picker.getByText('3 tools on the server; 2 picked.').waitFor();

    // Wire it to the Agent's tools, as a person would.
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await page.waitForTimeout(400);
    await connect(page, ['mcp-tools-1', 'tool'], ['agent', 'tools']);
    await waitSaved(page);
    const saved = await trpc<{
      draftGraph: { nodes: { id: string; type: string; data: { config: Record<string, unknown> } }[] };
    }>(page.request, server.url, 'agents.get', { id: agent.id }, 'query');
    expect(saved.draftGraph.nodes.find((node) => node.id === 'mcp-tools-1')?.data.config).toMatchObject({
      url: mcp.url,
      tools: ['get_forecast', 'get_alerts'],
    });

    // Chat: the offline model calls the tool the message names; the call shows in the answer.
    await page.getByRole('button', { name: 'Preview' }).click();
    const panel = page.getByRole('region', { name: 'Preview chat' });
    await panel.locator('#preview-input').fill('What does get_forecast say for Paris?');
    await panel.getByRole('button', { name: 'Send' }).click();
    const answer = panel.locator('[data-role="assistant"]').last();
    await answer
      .getByText(/Tool get_forecast — done/)
      .first()
      .waitFor({ timeout: 30_000 });
    // The folded call opens to its arguments and result; the answer uses the result.
    const call = answer.locator('details').filter({ hasText: 'get_forecast' });
    await call.locator('summary').click();
    await call.getByText(/input: .*Paris/).waitFor();
    await call.getByText(/output: .*sunny, 21 degrees/).waitFor();
    await answer
      .getByText(/get_forecast returned: .*sunny, 21 degrees/)
      .first()
      .waitFor();
    expect(mcp.calls.map((call) => call.name)).toEqual(['get_forecast']);
    expect(mcp.calls[0]!.args.city).toContain('Paris');

    // On the canvas: the MCP node ran, and the Agent's run details hold the tool's result.
    await page.locator('[data-testid="node-mcp-tools-1"][data-run-status="done"]').waitFor();
    await page.locator('[data-testid="node-agent"][data-run-status="done"]').waitFor();
    await page.getByTestId('node-agent').click();
    await page
      .getByRole('region', { name: 'Last run' })
      .getByTestId('run-output')
      .getByText(/get_forecast returned: .*sunny, 21 degrees/)
      .first()
      .waitFor();

    // In the run's timeline: the MCP Tools step, and the Agent's output with the tool's result.
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('list', { name: 'Runs' }).getByRole('link').first().click();
    const timeline = page.getByRole('list', { name: 'Node timeline' });
    await timeline.waitFor();
    await timeline
      .locator('summary')
      .filter({ hasText: /^MCP Tools/ })
      .waitFor();
    await timeline
      .locator('summary')
      .filter({ hasText: /^Support agent/ })
      .click();
    await timeline
      .getByText(/get_forecast returned: .*sunny, 21 degrees/)
      .first()
      .waitFor();
  });

  it('starts from the MCP template, signs in to a server that asks for OAuth, and calls its tool', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'mcp-agent',
    });
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByTestId('node-mcp-tools').waitFor();
    // The template leaves the server and its tools to the user, and says so.
    await expect.poll(() => problemCount(page)).toBe(2);
    await selectNode(page, 'mcp-tools');
    const settings = page.locator('section[aria-label="Node settings"]');
    const picker = settings.getByTestId('mcp-tool-picker');
    await settings.getByLabel('URL', { exact: true }).fill(oauth.mcpUrl);
    await picker.getByRole('button', { name: 'Connect' }).click();
    const refusal = picker.getByRole('alert').filter({ hasText: 'asks you to sign in' });
    await refusal.waitFor();

    // The sign-in opens in a popup; the demo server approves at once, the callback tells the builder.
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      refusal.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await popup.waitForEvent('close', { timeout: 30_000 });
    await picker.getByRole('checkbox', { name: /whoami/ }).check({ timeout: 30_000 });
    await expect.poll(() => problemCount(page)).toBe(0);
    // The picker shows the credential the sign-in made by its name (once the list holds it).
    const credentialField = settings.getByRole('combobox', { name: 'Credential' });
    await expect.poll(() => credentialField.inputValue()).not.toBe('');
    const credentialName = await credentialField.inputValue();
    const credentials = await trpc<{ name: string; provider: string }[]>(
      page.request,
      server.url,
      'credentials.list',
      undefined,
      'query',
    );
    expect(credentials.find((credential) => credential.name === credentialName)?.provider).toBe('mcp-oauth');
    expect(JSON.stringify(credentials)).not.toMatch(/access_token|refresh_token/);
    await waitSaved(page);

    await page.getByRole('button', { name: 'Preview' }).click();
    const panel = page.getByRole('region', { name: 'Preview chat' });
    await panel.locator('#preview-input').fill('Please call whoami.');
    await panel.getByRole('button', { name: 'Send' }).click();
    const answer = panel.locator('[data-role="assistant"]').last();
    await answer
      .getByText(/Tool whoami — done/)
      .first()
      .waitFor({ timeout: 30_000 });
    await answer
      // The server's whoami names the OAuth client its bearer token was issued to.
      .getByText(/whoami returned: .*client \S+/)
      .first()
      .waitFor();
    expect(oauth.mcpRequests.some((request) => request.bearer)).toBe(true);
  });

  it("shows the agent's MCP URL, tool name and client configurations on its Embed page", async () => {
    const agent = await trpc<{ id: string; slug: string }>(
      page.request,
      server.url,
      'agents.createFromTemplate',
      {
        templateId: 'basic-chatbot',
        name: 'Help Desk',
      },
    );
    await page.goto(`${server.url}/agents/${agent.id}/embed`);
    const section = page.getByTestId('mcp-section');
    await section.getByRole('heading', { name: 'Use it from MCP clients' }).waitFor();
    await expect(section.getByTestId('mcp-tool-name').textContent()).resolves.toBe('help-desk');
    await section.getByText('Only published agents appear as MCP tools.').waitFor();
    await section.getByText(`${server.url}/api/mcp`, { exact: true }).waitFor();
    for (const client of ['Claude Desktop', 'Cursor', 'VS Code']) {
      await section.getByRole('button', { name: new RegExp(`^Copy: ${client}`) }).waitFor();
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Cursor's own placeholder, written out literally
    await section.getByText('"Authorization": "Bearer ${env:AGENTRY_API_KEY}"', { exact: false }).waitFor();
  });
});
