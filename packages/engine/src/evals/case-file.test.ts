import { describe, expect, it } from 'vitest';
import { EVAL_LIMITS, type EvalCaseInput } from './case-format';
import { formatCaseFile, parseCaseFile } from './case-file';
import { readCsv } from './csv';

const cases: EvalCaseInput[] = [
  {
    name: 'refund window',
    input: 'How long, "exactly", for refunds?',
    expect: [{ contains: ['30 days', 'refund'] }, { maxTokens: 500 }],
  },
  {
    name: 'follow-up',
    input: [
      { role: 'user', content: 'Hi,\nI have an order.' },
      { role: 'assistant', content: 'Sure, which one?' },
      { role: 'user', content: 'Order 42' },
    ],
    expect: [
      { toolCalled: 'lookup_order', args: { id: '42' } },
      { judge: 'Asks nothing "new"', model: { provider: 'openai', model: 'gpt-x' } },
    ],
  },
  { name: 'smoke', input: '  leading space, trailing space  ', expect: [] },
];

describe('JSONL case files', () => {
  it('skips blank and // lines and round-trips through formatCaseFile', () => {
    const text = `// support agent cases\n\n${formatCaseFile(cases, 'jsonl')}\n`;
    const parsed = parseCaseFile(text, 'jsonl');
    expect(parsed.problems).toEqual([]);
    expect(parsed.cases).toHaveLength(3);
    expect(parsed.cases[1]!.expect[1]).toEqual({
      judge: 'Asks nothing "new"',
      model: { provider: 'openai', model: 'gpt-x' },
    });
    expect(parseCaseFile(formatCaseFile(parsed.cases, 'jsonl'), 'jsonl').cases).toEqual(parsed.cases);
  });

  it('names the line and the path of each problem, with the message of the expectation’s own kind', () => {
    const text = [
      '{"name": "ok", "input": "hi"}',
      '{"name": "broken", "input": "hi"',
      '',
      '{"name": "", "input": "hi", "expect": [{"contains": 3}, {"sounds": "nice"}, {"maxTokens": -1}]}',
      '{"name": "convo", "input": [{"role": "assistant", "content": "x"}]}',
    ].join('\r\n');
    const { cases: good, problems } = parseCaseFile(text, 'jsonl');
    expect(good.map((entry) => entry.name)).toEqual(['ok']);
    expect(problems.map((problem) => problem.line)).toEqual([2, 4, 4, 4, 4, 5]);
    expect(problems[0]!.message).toMatch(/^Not JSON: /);
    const line4 = problems.filter((problem) => problem.line === 4).map((problem) => problem.message);
    expect(line4[0]).toMatch(/^name: /);
    expect(line4[1]).toMatch(/^expect\.0\.contains: Invalid input/);
    expect(line4[2]).toBe(
      'expect.1: not an expectation; name its kind with one of contains, notContains, equals, regex, jsonSchema, toolCalled, toolNotCalled, branch, cites, maxLatencyMs, maxTokens, maxCostUsd, judge',
    );
    expect(line4[3]).toMatch(/^expect\.2\.maxTokens: Too small/);
    expect(problems[5]!.message).toMatch(/^input/);
  });

  it('refuses a file over the size limit before reading it, and more cases than allowed', () => {
    const big = 'x'.repeat(EVAL_LIMITS.maxFileBytes + 1);
    expect(parseCaseFile(big, 'jsonl')).toEqual({
      cases: [],
      problems: [{ line: 0, message: 'The case file is larger than 5 MB; split it.' }],
    });
    // Multi-byte text counts in bytes: 2 million 3-byte characters are 6 MB.
    expect(parseCaseFile('€'.repeat(2_000_000), 'csv').problems[0]!.line).toBe(0);
    const many = `${'{"name":"n","input":"i"}\n'.repeat(EVAL_LIMITS.maxCases + 1)}`;
    const parsed = parseCaseFile(many, 'jsonl');
    expect(parsed.cases).toHaveLength(EVAL_LIMITS.maxCases);
    expect(parsed.problems).toEqual([
      { line: EVAL_LIMITS.maxCases + 1, message: `More than ${EVAL_LIMITS.maxCases} cases; split the file.` },
    ]);
  });
});

describe('CSV case files', () => {
  it('round-trips, with expect as JSON and RFC 4180 quoting (commas, quotes, line breaks)', () => {
    const text = formatCaseFile(cases, 'csv');
    expect(text.split('\r\n')[0]).toBe('name,input,expect');
    expect(text).toContain('"How long, ""exactly"", for refunds?"');
    const parsed = parseCaseFile(text, 'csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.cases).toEqual(parseCaseFile(formatCaseFile(cases, 'jsonl'), 'jsonl').cases);
  });

  it('reads the shorthand columns after expect, skipping empty cells, rows and a BOM', () => {
    const text =
      '\uFEFFname,input,contains,notContains,equals,regex,expect\n' +
      'greets,hello,Hello,sorry,,^\\[Offline,"[{""maxTokens"": 100}]"\n' +
      ',,,,,,\n' +
      'plain,"two\nlines",,,Exactly this,,\n';
    const parsed = parseCaseFile(text, 'csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.cases).toEqual([
      {
        name: 'greets',
        input: 'hello',
        expect: [
          { maxTokens: 100 },
          { contains: 'Hello' },
          { notContains: 'sorry' },
          { regex: '^\\[Offline' },
        ],
      },
      { name: 'plain', input: 'two\nlines', expect: [{ equals: 'Exactly this' }] },
    ]);
  });

  it('names the line a record starts on; reports bad headers, bad expect cells and unclosed quotes', () => {
    expect(parseCaseFile('name,question\na,b\n', 'csv').problems).toEqual([
      {
        line: 1,
        message:
          'Header: missing column input; unknown column "question" (columns: name, input, expect, contains, notContains, equals, regex).',
      },
    ]);
    const text =
      'name,input,expect\nfirst,"multi\nline",\nsecond,hi,{"contains": 1}\nthird,hi,"[{""regex"": """"}]"\n';
    expect(parseCaseFile(text, 'csv').problems).toEqual([
      { line: 4, message: 'expect: must be a JSON list of expectations.' },
      { line: 5, message: 'expect.0.regex: Too small: expected string to have >=1 characters' },
    ]);
    expect(parseCaseFile('name,input\na,"never closed\n', 'csv').problems).toEqual([
      { line: 2, message: 'A quoted field opens here and never closes.' },
    ]);
  });

  it('readCsv handles CRLF, empty fields and doubled quotes', () => {
    expect(readCsv('a,"b ""c""",\r\n"x\r\ny",z').records).toEqual([
      { line: 1, fields: ['a', 'b "c"', ''] },
      { line: 2, fields: ['x\r\ny', 'z'] },
    ]);
  });
});
