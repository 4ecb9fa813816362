import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** The example chatbot graph (offline model: answers without any provider). */
export const chatbotGraph = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../examples/chatbot.json'), 'utf8'),
);

/** The owner account the e2e servers are started with (AGENTRY_ADMIN_*). */
export const ADMIN = { AGENTRY_ADMIN_EMAIL: 'owner@example.com', AGENTRY_ADMIN_PASSWORD: 'a-long-password' };

/** Signs in as the admin and creates an API key (run and manage) on the settings page; returns the key shown once. */
export async function signInAndCreateKey(page: Page, baseUrl: string): Promise<string> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(ADMIN.AGENTRY_ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN.AGENTRY_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/agents$/);
  await page.goto(`${baseUrl}/settings`);
  // Until the page's script has run, a click on the checkbox is undone when React takes the form over
  // (a CI run saw "Clicking the checkbox did not change its state").
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Key name').fill('e2e');
  // New keys may only run agents by default; these tests also create and publish them.
  await page.getByLabel('Manage agents').check();
  await page.getByRole('button', { name: 'Create key' }).click();
  return (await page.getByTestId('new-api-key').textContent())!.trim();
}

/** Creates and publishes the chatbot through the HTTP API; returns its ids. */
export async function publishChatbot(
  baseUrl: string,
  key: string,
  name = 'Shop helper',
): Promise<{ id: string; slug: string; publicId: string }> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created = await fetch(`${baseUrl}/api/v1/agents`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name, graph: chatbotGraph }),
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
  const agent = (await created.json()) as { id: string; slug: string; publicId: string };
  const published = await fetch(`${baseUrl}/api/v1/agents/${agent.id}/publish`, { method: 'POST', headers });
  if (published.status !== 201) throw new Error(`publish failed: ${published.status}`);
  return agent;
}

/** A plain web site on another loopback port: serves `html` at every path. */
export async function startSite(
  html: (origin: string) => string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html(origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
