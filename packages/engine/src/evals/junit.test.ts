import { describe, expect, it } from 'vitest';
import { elementsNamed, readXml } from './__fixtures__/read-xml';
import type { CaseOutcome, CaseResult } from './case-format';
import { toJUnitXml, xmlText } from './junit';

function outcome(answer: string, latencyMs = 1500): CaseOutcome {
  return {
    status: 'done',
    answer,
    toolCalls: [],
    branches: [],
    sources: [],
    latencyMs,
    tokens: { input: 1, output: 1 },
  };
}

const results: CaseResult[] = [
  {
    name: 'greets <politely> & "warmly"',
    passed: true,
    outcome: outcome('Hello!'),
    expectations: [{ kind: 'contains', passed: true, message: 'Contains "hello".' }],
  },
  {
    name: 'refund',
    passed: false,
    outcome: outcome('No refunds \u0000\u001b[31m here ]]> </system-out>', 250),
    expectations: [
      { kind: 'contains', passed: false, message: 'Does not contain "30 days".' },
      { kind: 'maxTokens', passed: true, message: 'Used 2 tokens.' },
      { kind: 'regex', passed: false, message: 'Does not match /<b>/.' },
    ],
  },
  {
    name: 'broken',
    passed: false,
    error: 'Provider said: bad key\nsecond line',
    outcome: { ...outcome('', 10), status: 'failed' },
    expectations: [],
  },
];

describe('toJUnitXml', () => {
  it('writes well-formed JUnit XML that reads back with counts, failures, errors and answers', () => {
    const xml = toJUnitXml({ name: 'support & sales', results });
    const root = readXml(xml);
    expect(root.name).toBe('testsuites');
    const [suite] = elementsNamed(root, 'testsuite');
    expect(suite!.attributes).toMatchObject({
      name: 'support & sales',
      tests: '3',
      failures: '1',
      errors: '1',
      time: '1.760',
    });
    const cases = elementsNamed(suite!, 'testcase');
    expect(cases.map((entry) => [entry.attributes.name, entry.attributes.time])).toEqual([
      ['greets <politely> & "warmly"', '1.500'],
      ['refund', '0.250'],
      ['broken', '0.010'],
    ]);
    expect(elementsNamed(cases[0]!, 'failure')).toEqual([]);
    expect(elementsNamed(cases[0]!, 'system-out')[0]!.text).toBe('Hello!');

    const [failure] = elementsNamed(cases[1]!, 'failure');
    expect(failure!.attributes.message).toBe('2 expectations failed: contains: Does not contain "30 days".');
    expect(failure!.text).toBe('contains: Does not contain "30 days".\nregex: Does not match /<b>/.');
    expect(elementsNamed(cases[1]!, 'system-out')[0]!.text).toBe('No refunds [31m here ]]> </system-out>');

    const [error] = elementsNamed(cases[2]!, 'error');
    expect(error!.attributes.message).toBe('Provider said: bad key');
    expect(error!.text).toBe('Provider said: bad key\nsecond line');
    expect(elementsNamed(cases[2]!, 'system-out')).toEqual([]);
  });

  it('drops characters XML cannot hold and escapes the rest; the reader rejects what is not XML', () => {
    expect(xmlText('a\u0007b\uFFFE<&>"\'\t\n\u{1F600}\uD800')).toBe(
      'ab&lt;&amp;&gt;&quot;&apos;\t\n\u{1F600}',
    );
    expect(() => readXml('<a><b></a></b>')).toThrow('closes');
    expect(() => readXml('<a>x & y</a>')).toThrow('Bare "&"');
    expect(() => readXml('<a>\u0001</a>')).toThrow('Control character');
  });
});
