import { describe, expect, it } from 'vitest';
import { layeredLayout } from './auto-layout';

describe('layeredLayout', () => {
  it('puts each node a column after what feeds it, and resources just before their consumer', () => {
    const positions = layeredLayout(
      ['input', 'prompt', 'model', 'memory', 'output'].map((id) => ({ id, width: 200, height: 100 })),
      [
        { source: 'input', target: 'prompt' },
        { source: 'prompt', target: 'model' },
        { source: 'memory', target: 'model' },
        { source: 'model', target: 'output' },
      ],
    );
    const x = (id: string) => positions.get(id)!.x;
    expect(x('input')).toBeLessThan(x('prompt'));
    expect(x('prompt')).toBeLessThan(x('model'));
    expect(x('model')).toBeLessThan(x('output'));
    expect(x('memory')).toBe(x('prompt'));
    expect(positions.get('memory')!.y).not.toBe(positions.get('prompt')!.y);
  });

  it('survives loops and unknown edge ends', () => {
    const positions = layeredLayout(
      [{ id: 'a' }, { id: 'b' }],
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
        { source: 'a', target: 'ghost' },
      ],
    );
    expect(positions.size).toBe(2);
    expect(positions.get('a')!.x).not.toBe(positions.get('b')!.x);
  });
});
