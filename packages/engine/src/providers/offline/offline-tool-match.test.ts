import type { LanguageModelV4FunctionTool } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { buildToolInput, findArithmetic, matchTools, readRequestFacts } from './offline-tool-match';

function functionTool(
  name: string,
  description: string,
  properties: Record<string, object> = {},
  required: string[] = [],
): LanguageModelV4FunctionTool {
  return { type: 'function', name, description, inputSchema: { type: 'object', properties, required } };
}

describe('findArithmetic', () => {
  it.each([
    ['What is 12 * (3 + 4)?', '12 * (3 + 4)'],
    ['sqrt(16) + 1 please', 'sqrt(16) + 1'],
    ['compute 2^10', '2^10'],
    ['what is 1.5e3 / 3?', '1.5e3 / 3'],
    ['Goal: work out 6 * 7.', '6 * 7'],
    ['max(3, 9, 4)', 'max(3, 9, 4)'],
  ])('finds the expression in %j', (text, expected) => {
    expect(findArithmetic(text)).toBe(expected);
  });

  it.each(['I have 3 cats', 'What happened on 2024-05-01?', 'minus -5', 'version 1.2.3', 'no numbers here'])(
    'finds nothing in %j',
    (text) => {
      expect(findArithmetic(text)).toBeUndefined();
    },
  );
});

describe('matchTools', () => {
  const calculator = functionTool('calculator', 'Evaluate arithmetic.');
  const clock = functionTool('current_time', 'Get the current time.');
  const http = functionTool('http_request', 'Send an HTTP request.');
  const updater = functionTool('update_record', 'Update a record in the CRM database.');

  it('picks kind-specific tools only when their trigger is present', () => {
    const tools = [calculator, clock, http, updater];
    expect(matchTools(tools, readRequestFacts('hello')).map((tool) => tool.name)).toEqual([]);
    expect(
      matchTools(tools, readRequestFacts('what time is it and what is 2+2')).map((tool) => tool.name),
    ).toEqual(['calculator', 'current_time']);
    expect(matchTools(tools, readRequestFacts('get https://a.example/x')).map((tool) => tool.name)).toEqual([
      'http_request',
    ]);
  });

  it('picks other tools by name or by two description keywords', () => {
    expect(
      matchTools([updater], readRequestFacts('please update record 7')).map((tool) => tool.name),
    ).toEqual(['update_record']);
    expect(
      matchTools([updater], readRequestFacts('change the CRM database record')).map((tool) => tool.name),
    ).toEqual(['update_record']);
    expect(matchTools([updater], readRequestFacts('what is the date today?'))).toEqual([]);
  });
});

describe('buildToolInput', () => {
  it('fills required fields from the request and the schema', () => {
    const tool = functionTool(
      'lookup',
      'Look things up.',
      {
        query: { type: 'string' },
        limit: { type: 'integer', minimum: 1 },
        mode: { enum: ['fast', 'slow'] },
        note: { type: 'string' },
      },
      ['query', 'limit', 'mode'],
    );
    expect(buildToolInput(tool, readRequestFacts('find cats'))).toEqual({
      query: 'find cats',
      limit: 1,
      mode: 'fast',
    });
  });

  it('puts the answer into the text field of a finish tool', () => {
    const finish = functionTool('finish', 'Done.', { summary: { type: 'string' } }, ['summary']);
    expect(buildToolInput(finish, readRequestFacts('goal'), 'all done')).toEqual({ summary: 'all done' });
  });

  it('picks a search or knowledge tool for a question nothing else answers', () => {
    const search = functionTool('search_knowledge', 'Find passages in the Docs knowledge base.');
    const tools = [functionTool('calculator', 'Evaluate arithmetic.'), search];
    expect(matchTools(tools, readRequestFacts('How do refunds work?')).map((tool) => tool.name)).toEqual([
      'search_knowledge',
    ]);
    expect(matchTools(tools, readRequestFacts('What is 2 + 2?')).map((tool) => tool.name)).toEqual([
      'calculator',
    ]);
    expect(matchTools(tools, readRequestFacts('Thanks, bye'))).toEqual([]);
  });
});
