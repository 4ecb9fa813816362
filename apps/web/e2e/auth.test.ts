import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpOwner, startServer, type TestServer } from './harness';

describe('sign-up, sign-out and sign-in in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates the owner, signs out, is refused a wrong password, signs in and sees the agents page', async () => {
    const page = await browser.newPage();
    const account = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical-engine' };
    await signUpOwner(page, server.url, account);
    await expect(page.getByRole('heading', { name: 'Agents' }).isVisible()).resolves.toBe(true);
    await page.getByText('No agents yet').waitFor();

    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'agentry_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto(`${server.url}/agents`);
    await page.waitForURL(/\/sign-in$/);
    // The set-up page is closed once an owner exists.
    await page.goto(`${server.url}/setup`);
    await page.waitForURL(/\/sign-in$/);

    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email or password is incorrect.').waitFor();

    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/agents$/);
    await page.getByText('No agents yet').waitFor();

    await page.getByRole('button', { name: 'New agent' }).first().click();
    await page.getByLabel('Name').fill('Support assistant');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Support assistant' }).waitFor();
  });
});
