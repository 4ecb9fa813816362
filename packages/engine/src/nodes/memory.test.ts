import { describe, expect, it } from 'vitest';
import type { MemoryResource } from '../format/values';
import { nodeId } from '../format/ids';
import { createMemoryStorage } from '../runtime/in-memory';
import { nodeContext } from '../testing/run-helpers';
import { memoryNode } from './memory';
import { NodeInputs } from './node-inputs';

function memoryFor(config: object, conversationId: string, storage = createMemoryStorage(), id = 'memory-1') {
  const context = {
    ...nodeContext(memoryNode.config.parse(config), { storage, conversationId }),
    nodeId: nodeId(id),
  };
  return (memoryNode.run(new NodeInputs({}), context) as { memory: MemoryResource }).memory;
}

describe('Conversation Memory', () => {
  it('loads only the last N messages of its conversation', async () => {
    const storage = createMemoryStorage();
    const memory = memoryFor({ windowSize: 3 }, 'c1', storage);
    await memory.append([1, 2, 3, 4, 5].map((n) => ({ role: 'user' as const, content: `m${n}` })));
    expect((await memory.load()).map((message) => message.content)).toEqual(['m3', 'm4', 'm5']);
    expect(await memoryFor({ windowSize: 3 }, 'c2', storage).load()).toEqual([]);
  });

  it('keeps memories of different nodes apart unless they share a key', async () => {
    const storage = createMemoryStorage();
    await memoryFor({}, 'c1', storage, 'a').append([{ role: 'user', content: 'x' }]);
    expect(await memoryFor({}, 'c1', storage, 'b').load()).toEqual([]);
    await memoryFor({ memoryKey: 'shared' }, 'c1', storage, 'a').append([{ role: 'user', content: 'y' }]);
    expect(await memoryFor({ memoryKey: 'shared' }, 'c1', storage, 'b').load()).toEqual([
      { role: 'user', content: 'y' },
    ]);
  });

  it('refuses a window outside 1..200', () => {
    expect(memoryNode.config.safeParse({ windowSize: 0 }).success).toBe(false);
    expect(memoryNode.config.safeParse({ windowSize: 201 }).success).toBe(false);
  });
});
