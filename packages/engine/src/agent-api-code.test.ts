import { describe, expect, it } from 'vitest';
import { loadFixture } from './__fixtures__/load-fixture';
import { Agent } from './agent-api';
import type { GraphInput } from './format/graph-schema';
import type { EngineEvent } from './runtime/events';
import { scriptedModel, textParts, toolCallParts } from './testing/mock-model';

/** The agent-tools fixture with its calculator swapped for a Code tool running `code`. */
function codeGraph(code: string): GraphInput {
  const graph = loadFixture('agent-tools');
  return {
    ...graph,
    nodes: graph.nodes.map((node) =>
      node.id === 'calculator'
        ? {
            ...node,
            type: 'code-tool',
            data: { config: { name: 'run_code', code, timeoutMs: 1_000, memoryLimitMb: 32 } },
          }
        : node,
    ),
  };
}

/** Runs one turn in which the model calls the Code tool once; returns the tool's result event. */
async function callCodeTool(code: string) {
  const model = scriptedModel(toolCallParts('call-1', 'run_code', { input: '{}' }), textParts(['done']));
  const agent = Agent.fromGraph(codeGraph(code), { context: { languageModels: () => model } });
  const events: EngineEvent[] = [];
  for await (const event of agent.events('run it')) events.push(event);
  return events.find((event) => event.type === 'tool-result');
}

// The Agent library used to run snippets in-process: a memory hog with a 1 s limit ran 13 s and grew the
// process, and a busy loop froze the caller's event loop for the whole limit.
describe('Agent library: Code tools run on worker threads', () => {
  it('stops a memory hog with a 1 s limit at its memory limit, not seconds later', async () => {
    const started = Date.now();
    const result = await callCodeTool("const a = []; for (;;) a.push('x'.repeat(1 << 20));");
    expect(result).toMatchObject({ isError: true });
    expect(JSON.stringify(result)).toMatch(/memory limit|ran longer than/);
    // Thread start-up (tsx, QuickJS) included; in-process this took about 13 s.
    expect(Date.now() - started).toBeLessThan(6_000);
  }, 30_000);

  it("keeps the caller's event loop running while the code loops forever", async () => {
    await callCodeTool('return 1;');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const result = await callCodeTool('while (true) {}');
    clearInterval(timer);
    expect(JSON.stringify(result)).toMatch(/ran longer than 1000 ms/);
    // In-process the loop holds the event loop for its whole second: no tick at all.
    expect(ticks).toBeGreaterThan(10);
  }, 30_000);
});
