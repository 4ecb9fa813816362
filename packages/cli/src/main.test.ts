import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { chatCommand } from './commands/chat';
import { useCliTestEnvironment } from './test-support';
import { main } from './main';

const chatbot = path.resolve(import.meta.dirname, '../../../examples/chatbot.json');

describe('agentry CLI', () => {
  const cli = useCliTestEnvironment();

  it('migrates, refuses a key before an owner exists, then prints a key once', async () => {
    expect(await main(['migrate'])).toBe(0);
    expect(cli.output.join('\n')).toMatch(/up to date \(pglite/);

    expect(await main(['api-key', 'create', '--name', 'ci'])).toBe(1);
    expect(cli.errors.join('\n')).toMatch(/no owner yet/);

    vi.stubEnv('AGENTRY_ADMIN_EMAIL', 'owner@example.com');
    vi.stubEnv('AGENTRY_ADMIN_PASSWORD', 'a-long-password');
    cli.output.length = 0;
    expect(await main(['api-key', 'create', '--name', 'ci'])).toBe(0);
    expect(cli.output).toHaveLength(1);
    expect(cli.output[0]).toMatch(/^agt_[A-Za-z0-9_-]{43}$/);
  }, 60_000);

  it('refuses a data dir held by a running server and names it', async () => {
    writeFileSync(
      path.join(cli.dataDir, 'agentry.lock'),
      JSON.stringify({
        pid: process.ppid,
        purpose: 'web server',
        url: 'http://127.0.0.1:3000',
        startedAt: '',
      }),
    );
    expect(await main(['migrate'])).toBe(1);
    expect(cli.errors.join('\n')).toContain(cli.dataDir);
    expect(cli.errors.join('\n')).toContain('http://127.0.0.1:3000');
  }, 60_000);

  it('runs a graph file in memory and streams the answer to stdout', async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await main(['run', chatbot, '--input', 'Please repeat the word marmalade'])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(written.join('')).toMatch(/^\[Offline model\].*marmalade/s);
  });

  it('holds a terminal conversation with memory and ends on 退出', async () => {
    const input = Readable.from(['My name is Ada.\n', 'What is my name?\n', '退出\n', 'never read\n']);
    let screen = '';
    const output = new Writable({
      write(chunk, _encoding, done) {
        screen += String(chunk);
        done();
      },
    });
    expect(await chatCommand(chatbot, {}, { input, output })).toBe(0);
    const answers = screen.split('AI: ').slice(1);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toContain('My name is Ada.');
    expect(screen).toMatch(/Bye\.\n$/);
    expect(screen).not.toContain('never read');
  });

  it('imports a graph file, refuses a broken one with every problem, and exports it back', async () => {
    vi.stubEnv('AGENTRY_ADMIN_EMAIL', 'owner@example.com');
    vi.stubEnv('AGENTRY_ADMIN_PASSWORD', 'a-long-password');
    const broken = path.join(cli.dataDir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        version: 1,
        nodes: [{ id: 'a', type: 'teleporter', position: { x: 0, y: 0 }, data: {} }],
        edges: [],
      }),
    );
    expect(await main(['import', broken])).toBe(1);
    expect(cli.errors.join('\n')).toMatch(/unknown_node_type/);
    expect(cli.errors.join('\n')).toMatch(/no_chat_input/);
    expect(cli.errors.join('\n')).toMatch(/nothing was imported/);

    cli.output.length = 0;
    expect(await main(['import', chatbot, '--name', 'Demo bot'])).toBe(0);
    const id = cli.output[0];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const out = path.join(cli.dataDir, 'out.json');
    expect(await main(['export', 'demo-bot', '--out', out])).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    const original = JSON.parse(readFileSync(chatbot, 'utf8'));
    expect(exported.nodes.map((node: { id: string }) => node.id)).toEqual(
      original.nodes.map((node: { id: string }) => node.id),
    );
    expect(exported.edges).toHaveLength(original.edges.length);
  }, 60_000);

  it('explains usage errors', async () => {
    expect(await main(['api-key', 'create'])).toBe(1);
    expect(cli.errors.join('\n')).toMatch(/--name NAME/);
    expect(await main(['worker'])).toBe(1);
    expect(cli.errors.join('\n')).toMatch(/set REDIS_URL/);
    expect(await main(['frobnicate'])).toBe(1);
    expect(cli.errors.join('\n')).toMatch(/Unknown command "frobnicate"/);
  });
});
