import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../main';
import { useCliTestEnvironment } from '../test-support';
import { chatCommand } from './chat';

const refundTemplate = path.resolve(
  import.meta.dirname,
  '../../../api/src/templates/refund-with-approval.json',
);

/** Runs `agentry chat` with these typed lines; returns everything it printed. */
async function chat(target: string, lines: string[]): Promise<string> {
  let screen = '';
  const output = new Writable({
    write(chunk, _encoding, done) {
      screen += String(chunk);
      done();
    },
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(
      await chatCommand(target, {}, { input: Readable.from(lines.map((line) => `${line}\n`)), output }),
    ).toBe(0);
  } finally {
    stderr.mockRestore();
  }
  return screen;
}

describe('agentry chat with a run that asks a person', () => {
  useCliTestEnvironment();

  it('shows the question of a graph file run, reads the choice by number and the form, then continues', async () => {
    const screen = await chat(refundTemplate, [
      'Please refund order 1234, 40 EUR, the mug arrived broken',
      '7',
      '1',
      'Sorry about the mug',
      'exit',
    ]);
    expect(screen).toContain('? Refund proposal:');
    expect(screen).toMatch(/1\) Approve refund\n {2}2\) Reject\n/);
    expect(screen).toContain('Type a number from 1 to 2.');
    expect(screen).toContain('Note for the customer (optional): ');
    // The approved branch ran: the refund agent called its tool after the answer.
    const afterAnswer = screen.split('Note for the customer (optional): ')[1] ?? '';
    expect(afterAnswer).toMatch(/^AI: .*issue_refund returned: .*"status":"refunded"/);
    expect(screen).toMatch(/Bye\.\n$/);
  });

  it('answers the waiting run of a saved agent through the database and takes the rejected branch', async () => {
    vi.stubEnv('AGENTRY_ADMIN_EMAIL', 'owner@example.com');
    vi.stubEnv('AGENTRY_ADMIN_PASSWORD', 'a-long-password');
    expect(await main(['import', refundTemplate, '--name', 'Refunds'])).toBe(0);
    const screen = await chat('refunds', ['Refund order 99 please, 15 EUR', '2', '', 'exit']);
    expect(screen).toContain('? Refund proposal:');
    // The rejected branch: the decline model answered, no refund was issued.
    const afterAnswer = screen.split('Note for the customer (optional): ')[1] ?? '';
    expect(afterAnswer).toMatch(/^AI: \S/);
    expect(afterAnswer).not.toContain('issue_refund');
    expect(screen).toMatch(/Bye\.\n$/);
  }, 60_000);
});
