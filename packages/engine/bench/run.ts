/**
 * Engine benchmarks (not asserted in tests; timings vary by machine):
 *   pnpm --filter @agentry/engine bench
 * 1. A chain of 1,000 pass-through nodes: scheduler overhead per node (target < 20 µs).
 * 2. The example chatbot on the offline model, in-process: p50 per run (target < 1 ms), and heap
 *    before/after 10,000 runs (target: flat within 10%).
 * 3. Checkpoints: per-node cost on chains of 20 and 1,000 nodes with a sink that serialises each
 *    checkpoint to JSON (what a database host pays), and the chatbot with checkpoints on beside off,
 *    measured in the same process one after the other.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  builtInNodeDefinitions,
  compileGraph,
  createMemoryContext,
  createNodeRegistry,
  defineNode,
  type EngineEvent,
  type CheckpointSink,
  type GraphInput,
  portId,
  runGraph,
} from '../src/index';

const TEXT = portId('text');

/** Bench-only node: hands its text on unchanged (the cheapest possible node). */
const passThroughNode = defineNode({
  type: 'bench-pass-through',
  title: 'Pass-through',
  group: 'Logic',
  description: 'Outputs its input (benchmark only).',
  config: z.object({}),
  inputs: () => [{ id: TEXT, type: 'text', label: 'Text', required: true }],
  outputs: () => [{ id: TEXT, type: 'text', label: 'Text' }],
  run: (inputs) => ({ text: inputs.text(TEXT) }),
});

const registry = createNodeRegistry([...builtInNodeDefinitions, passThroughNode]);

function chainGraph(length: number): GraphInput {
  const node = (id: string, type: string) => ({ id, type, position: { x: 0, y: 0 }, data: { config: {} } });
  const nodes = [node('in', 'chat-input')];
  const edges = [];
  let previous = { id: 'in', port: 'message' };
  for (let index = 1; index <= length; index++) {
    nodes.push(node(`p${index}`, 'bench-pass-through'));
    edges.push({
      id: `e${index}`,
      source: previous.id,
      sourceHandle: previous.port,
      target: `p${index}`,
      targetHandle: 'text',
    });
    previous = { id: `p${index}`, port: 'text' };
  }
  nodes.push(node('out', 'chat-output'));
  edges.push({ id: 'e-out', source: previous.id, sourceHandle: 'text', target: 'out', targetHandle: 'text' });
  return { version: 1, nodes, edges };
}

async function drain(events: AsyncIterable<EngineEvent>): Promise<EngineEvent | undefined> {
  let last: EngineEvent | undefined;
  for await (const event of events) last = event;
  if (last?.type !== 'run-end') throw new Error(`Run did not end well: ${JSON.stringify(last)}`);
  return last;
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

// 1. Chain of 1,000 pass-through nodes.
const chain = chainGraph(1000);
let started = performance.now();
const compiled = compileGraph(chain, registry);
if (!compiled.ok) throw new Error(compiled.problems[0]?.message);
const compileMs = performance.now() - started;
const context = createMemoryContext();
for (let warm = 0; warm < 20; warm++)
  await drain(runGraph({ graph: chain, registry, input: { message: 'x' }, context }));
const chainRuns = 200;
started = performance.now();
for (let run = 0; run < chainRuns; run++)
  await drain(runGraph({ graph: chain, registry, input: { message: 'x' }, context }));
const perNodeUs = ((performance.now() - started) * 1000) / chainRuns / 1002;

// 2. The example chatbot on the offline model.
const chatbot = JSON.parse(
  readFileSync(new URL('../../../examples/chatbot.json', import.meta.url), 'utf8'),
) as GraphInput;
// A fresh in-memory storage per run, so memory growth measured is the engine's, not the stored conversation's.
const chatRun = () =>
  drain(runGraph({ graph: chatbot, input: { message: 'Hello there!' }, context: createMemoryContext() }));
for (let warm = 0; warm < 1000; warm++) await chatRun();
const heapBefore = heapMb();
const durations: number[] = [];
const runs = 10_000;
for (let run = 0; run < runs; run++) {
  const runStart = performance.now();
  await chatRun();
  durations.push(performance.now() - runStart);
}
const heapAfter = heapMb();
durations.sort((a, b) => a - b);

// 3. Checkpoints. The sink serialises like a database host; its bytes are counted so nothing is optimised away.
let checkpointBytes = 0;
const jsonSink: CheckpointSink = {
  save(checkpoint) {
    checkpointBytes += JSON.stringify(checkpoint).length;
  },
};
async function perNodeMicroseconds(
  graph: GraphInput,
  nodeCount: number,
  repeats: number,
  checkpoints?: CheckpointSink,
) {
  for (let warm = 0; warm < 5; warm++)
    await drain(runGraph({ graph, registry, input: { message: 'x' }, context, checkpoints }));
  const begin = performance.now();
  for (let run = 0; run < repeats; run++)
    await drain(runGraph({ graph, registry, input: { message: 'x' }, context, checkpoints }));
  return ((performance.now() - begin) * 1000) / repeats / nodeCount;
}
const chain20 = chainGraph(20);
const chain20Off = await perNodeMicroseconds(chain20, 22, 2000);
const chain20On = await perNodeMicroseconds(chain20, 22, 2000, jsonSink);
const chain1000Off = await perNodeMicroseconds(chain, 1002, 20);
const chain1000On = await perNodeMicroseconds(chain, 1002, 20, jsonSink);
async function chatbotP50(checkpoints?: CheckpointSink) {
  const times: number[] = [];
  for (let run = 0; run < 3000; run++) {
    const runStart = performance.now();
    await drain(
      runGraph({
        graph: chatbot,
        input: { message: 'Hello there!' },
        context: createMemoryContext(),
        checkpoints,
      }),
    );
    times.push(performance.now() - runStart);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 0.5);
}
const chatbotOff = await chatbotP50();
const chatbotOn = await chatbotP50(jsonSink);

const line = (label: string, value: string, target: string) =>
  console.log(`${label.padEnd(44)} ${value.padStart(12)}   ${target}`);
console.log(
  `Agentry engine benchmark (Node ${process.version}${gc ? ', gc exposed' : ', gc NOT exposed: heap figures are noisy'})\n`,
);
line('1,000-node pass-through chain: per node', `${perNodeUs.toFixed(2)} µs`, 'target < 20 µs');
line('  compile (validate) 1,002 nodes once', `${compileMs.toFixed(1)} ms`, '');
line('chatbot on offline model: p50 per run', `${percentile(durations, 0.5).toFixed(3)} ms`, 'target < 1 ms');
line('chatbot on offline model: p99 per run', `${percentile(durations, 0.99).toFixed(3)} ms`, '');
line('heap before 10,000 runs', `${heapBefore.toFixed(1)} MB`, '');
line('heap after 10,000 runs', `${heapAfter.toFixed(1)} MB`, '');
line('heap change', `${(((heapAfter - heapBefore) / heapBefore) * 100).toFixed(1)} %`, 'target within ±10%');
line('checkpoints: 20-node chain, per node, off', `${chain20Off.toFixed(2)} µs`, '');
line('checkpoints: 20-node chain, per node, on', `${chain20On.toFixed(2)} µs`, 'checkpoint cost per node');
line('  cost of one checkpoint (20-node graph)', `${(chain20On - chain20Off).toFixed(2)} µs`, '');
line('checkpoints: 1,000-node chain, per node, off', `${chain1000Off.toFixed(2)} µs`, '');
line('checkpoints: 1,000-node chain, per node, on', `${chain1000On.toFixed(2)} µs`, 'grows with graph size');
line('chatbot on offline model: p50, checkpoints off', `${chatbotOff.toFixed(3)} ms`, 'target < 1 ms');
line('chatbot on offline model: p50, checkpoints on', `${chatbotOn.toFixed(3)} ms`, 'target < 1 ms');
line('  (checkpoint JSON written, all runs)', `${(checkpointBytes / 1024 / 1024).toFixed(1)} MB`, '');
