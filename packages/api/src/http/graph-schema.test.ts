import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CaseOutcome, checkExpectations, offlineJudge } from '@agentry/engine';
import { describe, expect, it } from 'vitest';
import { handleEvalCaseSchema } from './graph-schema';

const examples = path.resolve(import.meta.dirname, '../../../../examples');

/** Whether a case line is valid for the schema, by the jsonSchema expectation's own validator. */
async function validates(schema: Record<string, unknown>, line: string) {
  const outcome: CaseOutcome = {
    status: 'done',
    answer: line,
    toolCalls: [],
    branches: [],
    sources: [],
    latencyMs: 0,
    tokens: { input: 0, output: 0 },
  };
  const [result] = await checkExpectations([{ jsonSchema: schema }], outcome, {
    input: 'x',
    judgeFor: () => offlineJudge,
  });
  return result!;
}

describe('GET /api/v1/schema/eval-case.json', () => {
  it('serves a public, cacheable JSON Schema that the example case file validates against', async () => {
    const response = handleEvalCaseSchema();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/schema+json; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const schema = (await response.json()) as Record<string, unknown>;
    expect(schema).toMatchObject({
      title: 'Agentry eval case',
      required: expect.arrayContaining(['name', 'input']),
    });

    const lines = readFileSync(path.join(examples, 'support.cases.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('//'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(await validates(schema, line)).toMatchObject({ passed: true });

    const wrong = await validates(schema, '{"name": "x", "input": "hi", "expect": [{"contains": 3}]}');
    expect(wrong.passed).toBe(false);
    expect(wrong.message).toContain('/expect/0');
  });
});
