import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from './main';
import { useCliTestEnvironment } from './test-support';

const fixture = path.resolve(import.meta.dirname, '../../engine/src/__fixtures__/agent-tools.json');

/** The engine's agent-tools fixture with its calculator swapped for a Code tool that loops forever. */
function writeLoopingGraph(dir: string): string {
  const graph = JSON.parse(readFileSync(fixture, 'utf8')) as { nodes: { id: string }[] };
  graph.nodes = graph.nodes.map((node) =>
    node.id === 'calculator'
      ? {
          ...node,
          type: 'code-tool',
          data: { config: { name: 'run_code', code: 'while (true) {}', timeoutMs: 1_000 } },
        }
      : node,
  );
  const file = path.join(dir, 'looping-code.json');
  writeFileSync(file, JSON.stringify(graph));
  return file;
}

describe('agentry run: Code tools', () => {
  const cli = useCliTestEnvironment();

  // The CLI used to run snippets in-process, where a busy loop froze the terminal for its whole limit.
  it('runs a graph file’s Code tool on a worker thread, keeping the event loop free', async () => {
    const file = writeLoopingGraph(cli.dataDir);
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      // The offline model calls a tool whose name the message mentions.
      expect(await main(['run', file, '--input', 'Please run code on this'])).toBe(0);
    } finally {
      clearInterval(timer);
      write.mockRestore();
    }
    expect(written.join('')).toContain('The code ran longer than 1000 ms.');
    expect(ticks).toBeGreaterThan(10);
  }, 60_000);
});
