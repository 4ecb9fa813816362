import type { CaseResult } from './case-format';

/** Answers longer than this are cut in `system-out` (a report stays readable in a CI page). */
const MAX_ANSWER_CHARS = 10_000;

/**
 * Text safe inside XML 1.0: the five special characters escaped, and the characters XML cannot hold
 * at all (controls other than tab and line breaks, lone surrogates, U+FFFE/U+FFFF) dropped.
 */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function firstLine(text: string, limit = 200): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}

function testCase(result: CaseResult, suite: string): string {
  const open = `    <testcase name="${xmlText(result.name)}" classname="${xmlText(suite)}" time="${seconds(result.outcome.latencyMs)}">`;
  const body: string[] = [];
  if (result.error !== undefined) {
    body.push(
      `      <error message="${xmlText(firstLine(result.error))}" type="run">${xmlText(result.error)}</error>`,
    );
  } else {
    const failed = result.expectations.filter((expectation) => !expectation.passed);
    if (failed.length > 0) {
      const lines = failed.map((expectation) => `${expectation.kind}: ${expectation.message}`);
      const summary = failed.length === 1 ? lines[0]! : `${failed.length} expectations failed: ${lines[0]}`;
      body.push(
        `      <failure message="${xmlText(firstLine(summary))}" type="expectation">${xmlText(lines.join('\n'))}</failure>`,
      );
    }
  }
  const answer = result.outcome.answer;
  const shown = answer.length > MAX_ANSWER_CHARS ? `${answer.slice(0, MAX_ANSWER_CHARS)}…` : answer;
  if (shown !== '') body.push(`      <system-out>${xmlText(shown)}</system-out>`);
  return body.length === 0 ? `${open}</testcase>` : `${open}\n${body.join('\n')}\n    </testcase>`;
}

/** An eval's results as a JUnit XML report (one testsuite, one testcase per case) for CI systems. */
export function toJUnitXml(suite: { name: string; results: readonly CaseResult[] }): string {
  const { results } = suite;
  const errors = results.filter((result) => result.error !== undefined).length;
  const failures = results.filter((result) => result.error === undefined && !result.passed).length;
  const time = seconds(results.reduce((total, result) => total + result.outcome.latencyMs, 0));
  const counts = `tests="${results.length}" failures="${failures}" errors="${errors}" skipped="0" time="${time}"`;
  const name = xmlText(suite.name);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" ${counts}>`,
    `  <testsuite name="${name}" ${counts}>`,
    ...results.map((result) => testCase(result, suite.name)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
