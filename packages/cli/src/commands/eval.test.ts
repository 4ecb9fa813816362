import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { elementsNamed, readXml } from '../../../engine/src/evals/__fixtures__/read-xml';
import { schema } from '@agentry/db';
import { main } from '../main';
import { withRuntime } from '../open-runtime';
import { useCliTestEnvironment } from '../test-support';

const support = path.resolve(import.meta.dirname, '../../../../examples/support.json');

const passing = [
  {
    name: 'refund branch',
    input: 'I want a refund for order 42',
    expect: [{ branch: 'refund', node: 'Intent' }, { contains: 'order 42' }],
  },
  {
    name: 'greeting',
    input: 'hello',
    expect: [{ regex: '^\\[Offline model\\] Hello' }, { judge: 'Says "hello"' }],
  },
];
const failing = [
  {
    name: 'parcel',
    input: 'Where is my parcel?',
    expect: [{ contains: 'three working days' }, { branch: 'refund' }, { maxTokens: 100000 }],
  },
];

function jsonl(cases: unknown[]): string {
  return `${cases.map((entry) => JSON.stringify(entry)).join('\n')}\n`;
}

describe('agentry eval', () => {
  const cli = useCliTestEnvironment();

  /** The example graph copied into the test's data dir, with these cases beside it as <graph>.cases.jsonl. */
  function graphWithCases(cases: unknown[] | undefined): string {
    const graph = path.join(cli.dataDir, 'support.json');
    copyFileSync(support, graph);
    if (cases) writeFileSync(path.join(cli.dataDir, 'support.cases.jsonl'), jsonl(cases));
    return graph;
  }

  it('runs a graph file’s cases in memory on the offline model: all pass → 0, with a JUnit report', async () => {
    const graph = graphWithCases(passing);
    const report = path.join(cli.dataDir, 'report.xml');
    expect(await main(['eval', graph, '--junit', report, '--concurrency', '2'])).toBe(0);
    const printed = cli.output.join('\n');
    expect(printed).toMatch(/ {2}refund branch +PASS +\d+ ms +\d+/);
    expect(printed).toContain('2 passed, 0 failed of 2');
    const suite = elementsNamed(readXml(readFileSync(report, 'utf8')), 'testsuite')[0]!;
    expect(suite.attributes).toMatchObject({ tests: '2', failures: '0', errors: '0' });
    expect(elementsNamed(suite, 'system-out')[0]!.text).toContain(
      'Refund request: I want a refund for order 42',
    );
  }, 60_000);

  it('a failing case → 1: the table and the JUnit report name each failed expectation', async () => {
    const graph = graphWithCases(undefined);
    const cases = path.join(cli.dataDir, 'mixed.jsonl');
    writeFileSync(cases, jsonl([...passing, ...failing]));
    const report = path.join(cli.dataDir, 'report.xml');
    expect(await main(['eval', graph, '--cases', cases, '--junit', report])).toBe(1);
    const printed = cli.output.join('\n');
    expect(printed).toMatch(/ {2}parcel +FAIL/);
    expect(printed).toContain('      contains: Does not contain "three working days".');
    expect(printed).toContain('      branch: Expected branch "refund"; took "else" at Intent.');
    expect(printed).not.toContain('maxTokens:');
    expect(printed).toContain('2 passed, 1 failed of 3');

    const suite = elementsNamed(readXml(readFileSync(report, 'utf8')), 'testsuite')[0]!;
    expect(suite.attributes).toMatchObject({ tests: '3', failures: '1', errors: '0' });
    const testcases = elementsNamed(suite, 'testcase');
    expect(testcases.map((entry) => entry.attributes.name)).toEqual(['refund branch', 'greeting', 'parcel']);
    const failure = elementsNamed(testcases[2]!, 'failure')[0]!;
    expect(failure.attributes.message).toBe(
      '2 expectations failed: contains: Does not contain "three working days".',
    );
    expect(failure.text).toBe(
      'contains: Does not contain "three working days".\nbranch: Expected branch "refund"; took "else" at Intent.',
    );
  }, 60_000);

  it('reads CSV case files', async () => {
    const graph = graphWithCases(undefined);
    const cases = path.join(cli.dataDir, 'cases.csv');
    writeFileSync(cases, 'name,input,contains,expect\ngreets,hello,Hello,"[{""branch"": ""else""}]"\n');
    expect(await main(['eval', graph, '--cases', cases])).toBe(0);
    expect(cli.output.join('\n')).toContain('1 passed, 0 failed of 1');
  }, 60_000);

  it('could not run → 2: no case file, bad lines, no cases, a broken graph, bad options', async () => {
    const graph = graphWithCases(undefined);
    expect(await main(['eval', graph])).toBe(2);
    expect(cli.errors.join('\n')).toContain(`No case file ${path.join(cli.dataDir, 'support.cases.jsonl')}`);

    const bad = path.join(cli.dataDir, 'bad.jsonl');
    writeFileSync(
      bad,
      '// comment\n{"name": "ok", "input": "hi"}\n{"name": "x", "input": "hi", "expect": [{"contains": 1}]}\nnot json\n',
    );
    cli.errors.length = 0;
    expect(await main(['eval', graph, '--cases', bad])).toBe(2);
    const errors = cli.errors.join('\n');
    expect(errors).toContain(`${bad}:3: expect.0.contains: Invalid input`);
    expect(errors).toMatch(new RegExp(`${bad.replaceAll('\\', '\\\\')}:4: Not JSON`));

    const empty = path.join(cli.dataDir, 'empty.jsonl');
    writeFileSync(empty, '// nothing yet\n\n');
    cli.errors.length = 0;
    expect(await main(['eval', graph, '--cases', empty])).toBe(2);
    expect(cli.errors.join('\n')).toContain('has no cases');

    const broken = path.join(cli.dataDir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ version: 1, nodes: [], edges: [] }));
    writeFileSync(path.join(cli.dataDir, 'broken.cases.jsonl'), jsonl(passing));
    cli.errors.length = 0;
    expect(await main(['eval', broken])).toBe(2);
    expect(cli.errors.join('\n')).toMatch(/cannot run/);

    writeFileSync(path.join(cli.dataDir, 'support.cases.jsonl'), jsonl(passing));
    cli.errors.length = 0;
    expect(await main(['eval', graph, '--concurrency', '11'])).toBe(2);
    expect(cli.errors.join('\n')).toContain('--concurrency takes a whole number from 1 to 10, not "11"');
    expect(await main(['eval', graph, '--judge', 'openai'])).toBe(2);
    expect(cli.errors.join('\n')).toContain('--judge takes provider:model');
    expect(await main(['eval'])).toBe(2);
    expect(cli.errors.join('\n')).toContain('Usage: agentry eval');
  }, 60_000);

  it('runs an agent’s cases through the database, recorded as an eval run', async () => {
    vi.stubEnv('AGENTRY_ADMIN_EMAIL', 'owner@example.com');
    vi.stubEnv('AGENTRY_ADMIN_PASSWORD', 'a-long-password');
    expect(await main(['import', support, '--name', 'Support'])).toBe(0);
    // No stored cases yet: the eval cannot run.
    expect(await main(['eval', 'support'])).toBe(2);
    expect(cli.errors.join('\n')).toMatch(/no test cases/i);

    const cases = path.join(cli.dataDir, 'agent.jsonl');
    writeFileSync(cases, jsonl([...passing, ...failing]));
    cli.output.length = 0;
    expect(await main(['eval', 'support', '--cases', cases, '--concurrency', '3'])).toBe(1);
    const printed = cli.output.join('\n');
    expect(printed).toContain('on Support (draft)');
    expect(printed).toContain('2 passed, 1 failed of 3');
    expect(printed).toContain('      branch: Expected branch "refund"; took "else" at Intent.');
    const runs = await withRuntime('test', (runtime) => runtime.db.select().from(schema.evalRuns));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: 'done',
      total: 3,
      passed: 2,
      failed: 1,
      concurrency: 3,
      versionId: null,
    });
  }, 120_000);
});
