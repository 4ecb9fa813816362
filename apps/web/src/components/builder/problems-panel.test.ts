import type { GraphProblem } from '@agentry/engine/graph';
import { describe, expect, it } from 'vitest';
import { fixRequest } from './problems-panel';

const problem = (index: number): GraphProblem =>
  ({
    code: 'missing_required_input',
    message: `Input ${index} needs a connection.`,
    nodeId: `node-${index}`,
  }) as GraphProblem;

describe('fixRequest', () => {
  it('lists each problem with its node, as the Problems panel shows them', () => {
    expect(
      fixRequest([
        problem(1),
        { code: 'cycle', message: 'These nodes form a loop.', nodeIds: ['a', 'b'] } as GraphProblem,
        { code: 'no_chat_input', message: 'The graph has no Chat Input.' } as GraphProblem,
      ]),
    ).toBe(
      'Fix these problems:\n- node-1: Input 1 needs a connection.\n- a, b: These nodes form a loop.\n- The graph has no Chat Input.',
    );
  });

  it('stays within what the copilot takes in one message, saying how many are left out', () => {
    const problems = Array.from({ length: 200 }, (_, index) => problem(index));
    const text = fixRequest(problems, 400);
    expect(text.length).toBeLessThanOrEqual(400);
    const listed = text.split('\n').filter((line) => line.startsWith('- ')).length;
    expect(text.endsWith(`…and ${200 - listed} more.`)).toBe(true);
    expect(fixRequest(problems).length).toBeLessThanOrEqual(4000);
  });
});
