import { createServer, request as httpRequest, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, chatbotGraph, signInAndCreateKey, startSite } from './api-setup';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai';
import { launchBrowser, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

const WORDS = Array.from({ length: 60 }, (_, index) => `word${index}`);

/**
 * A loopback proxy in front of the server: passes everything through, except that it cuts the first
 * widget chat response (closes the socket) once a few answer words went through, as a dropped mobile
 * connection would.
 */
async function startCuttingProxy(
  target: string,
): Promise<{ url: string; cuts: number; close(): Promise<void> }> {
  const upstream = new URL(target);
  const state = { url: '', cuts: 0, close: async () => {} };
  const server: Server = createServer((incoming, outgoing) => {
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        const cut = incoming.method === 'POST' && incoming.url?.endsWith('/chat') && state.cuts === 0;
        if (!cut) {
          response.pipe(outgoing);
          return;
        }
        let seen = '';
        response.on('data', (chunk: Buffer) => {
          outgoing.write(chunk);
          seen += chunk.toString();
          if ((seen.match(/"text-delta"/g)?.length ?? 0) >= 8 && state.cuts === 0) {
            state.cuts++;
            outgoing.socket?.destroy();
            response.destroy();
          }
        });
        response.on('end', () => outgoing.end());
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

describe('the widget after a dropped connection, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let provider: FakeOpenAI;
  let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;
  let site: Awaited<ReturnType<typeof startSite>>;

  beforeAll(async () => {
    provider = await startFakeOpenAI({ kind: 'stream', words: WORDS, delayMs: 40 });
    server = await startServer(ADMIN);
    browser = await launchBrowser();
    proxy = await startCuttingProxy(server.url);
    site = await startSite(
      () =>
        `<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Shop</h1><script src="${proxy.url}/widget.js" data-agent="${agent.publicId}" async></script></body></html>`,
    );
    const admin = await browser.newPage();
    const key = await signInAndCreateKey(admin, server.url);
    const credential = await trpc<{ id: string }>(admin.request, server.url, 'credentials.create', {
      name: 'Fake provider',
      provider: 'openai-compatible',
      apiKey: 'fake-key',
      baseUrl: provider.baseUrl,
    });
    const graph = structuredClone(chatbotGraph);
    graph.nodes.find((node: { id: string }) => node.id === 'model').data.config = {
      provider: 'openai-compatible',
      model: 'fake-model',
      credentialId: credential.id,
    };
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/api/v1/agents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Long talker', graph }),
    });
    agent = (await created.json()) as { id: string; publicId: string };
    await fetch(`${server.url}/api/v1/agents/${agent.id}/publish`, { method: 'POST', headers });
    const embed = await trpc<{ settings: Record<string, unknown> }>(
      admin.request,
      server.url,
      'embed.get',
      { id: agent.id },
      'query',
    );
    await trpc(admin.request, server.url, 'embed.update', {
      id: agent.id,
      settings: { ...embed.settings, title: 'Shop help', allowedOrigins: [site.url] },
    });
    await admin.close();
  });
  let agent: { id: string; publicId: string };

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await proxy?.close();
    await server?.stop();
    await provider?.close();
  });

  it('reattaches by itself after the connection is cut mid-answer and shows the whole answer once', async () => {
    const page = await browser.newPage();
    const reattached: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/stream?after=')) reattached.push(request.url());
    });
    await page.goto(site.url);
    await page.getByRole('button', { name: 'Open chat: Shop help' }).click();
    const dialog = page.getByRole('dialog', { name: 'Shop help' });
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Tell me everything.');
    await input.press('Enter');
    const answer = dialog.locator('.msg.bot').last();
    await answer.getByText('word59').waitFor({ timeout: 30_000 });
    // The stream's end follows its last word: the widget stops being busy then (on a loaded machine, not
    // within the same instant).
    await dialog.locator('[aria-busy="true"]').waitFor({ state: 'detached', timeout: 10_000 });
    expect(proxy.cuts).toBe(1);
    expect(reattached.length).toBeGreaterThanOrEqual(1);
    // Replayed from after the last whole event the widget had, not from the start.
    expect(Number(new URL(reattached[0]!).searchParams.get('after'))).toBeGreaterThan(0);
    const text = ((await answer.textContent()) ?? '').replace(/^Shop help: /, '').trim();
    expect(text).toBe(WORDS.join(' '));
    await expect(dialog.getByRole('alert').isHidden()).resolves.toBe(true);
    await page.close();
  });
});
