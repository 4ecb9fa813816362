import type { z } from 'zod';
import {
  EVAL_LIMITS,
  EXPECTATION_KINDS,
  type EvalCase,
  type EvalCaseInput,
  evalCaseSchema,
  evalMessageSchema,
  expectationSchemas,
} from './case-format';
import { readCsv, writeCsv } from './csv';

/** A problem of a case file: the line it is on (0: the file as a whole) and what is wrong. */
export interface CaseFileProblem {
  line: number;
  message: string;
}

/** What a case file holds: the cases that parsed, and a problem for each line that did not. */
export interface ParsedCaseFile {
  cases: EvalCase[];
  problems: CaseFileProblem[];
}

/** Problems beyond this many are not collected (a wrong file would list one per line). */
const MAX_PROBLEMS = 100;

/** Columns a CSV case file may have; `name` and `input` are required. */
export const CSV_COLUMNS = ['name', 'input', 'expect', 'contains', 'notContains', 'equals', 'regex'] as const;
const SHORTHAND_COLUMNS = ['contains', 'notContains', 'equals', 'regex'] as const;

/** Size of a text in UTF-8 bytes, without allocating a copy. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function issueText(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.map((issue) => {
    const path = pathOf([...prefix, ...issue.path]);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/**
 * Why a case is not valid, path by path. An expectation that fails the union is checked again against
 * the schema of its own kind, so the message says what is wrong with it rather than "invalid input".
 */
function caseProblems(value: unknown, error: z.ZodError): string[] {
  const expect = (value as { expect?: unknown } | null)?.expect;
  const messages: string[] = [];
  for (const issue of error.issues) {
    const [first, position] = issue.path;
    const item =
      Array.isArray(expect) && first === 'expect' && typeof position === 'number'
        ? (expect[position] as unknown)
        : undefined;
    if (
      typeof position !== 'number' ||
      issue.path.length !== 2 ||
      typeof item !== 'object' ||
      item === null
    ) {
      messages.push(...issueText([issue]));
      continue;
    }
    const kind = EXPECTATION_KINDS.find((name) => name in item);
    if (!kind) {
      messages.push(
        `expect.${position}: not an expectation; name its kind with one of ${EXPECTATION_KINDS.join(', ')}`,
      );
      continue;
    }
    const own = expectationSchemas[kind].safeParse(item);
    messages.push(...(own.success ? issueText([issue]) : issueText(own.error.issues, ['expect', position])));
  }
  return messages;
}

/** Checks one case; a problem per issue, on the case's line. */
function parseCase(value: unknown, line: number, into: ParsedCaseFile): void {
  const parsed = evalCaseSchema.safeParse(value);
  if (parsed.success) {
    if (into.cases.length >= EVAL_LIMITS.maxCases) {
      into.problems.push({ line, message: `More than ${EVAL_LIMITS.maxCases} cases; split the file.` });
      return;
    }
    into.cases.push(parsed.data);
    return;
  }
  for (const message of caseProblems(value, parsed.error)) into.problems.push({ line, message });
}

function parseJsonl(text: string, into: ParsedCaseFile): void {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length && into.problems.length < MAX_PROBLEMS; index++) {
    const line = lines[index]!.trim();
    if (line === '' || line.startsWith('//')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      into.problems.push({ line: index + 1, message: `Not JSON: ${(error as Error).message}` });
      continue;
    }
    parseCase(value, index + 1, into);
  }
}

/** A CSV input cell: a JSON list of messages is a conversation, anything else one message. */
function csvInput(cell: string): unknown {
  if (!cell.trimStart().startsWith('[')) return cell;
  try {
    const value: unknown = JSON.parse(cell);
    const messages =
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((entry) => evalMessageSchema.safeParse(entry).success);
    return messages ? value : cell;
  } catch {
    return cell;
  }
}

function parseCsv(text: string, into: ParsedCaseFile): void {
  const { records, unclosedQuoteLine } = readCsv(text);
  if (unclosedQuoteLine !== undefined) {
    into.problems.push({ line: unclosedQuoteLine, message: 'A quoted field opens here and never closes.' });
    return;
  }
  const [header, ...rows] = records;
  const columns = header?.fields.map((name) => name.trim()) ?? [];
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  const missing = ['name', 'input'].filter((name) => !columns.includes(name));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      missing.length > 0 ? `missing column ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown column ${unknown.map((name) => `"${name}"`).join(', ')}` : '',
    ].filter(Boolean);
    into.problems.push({
      line: 1,
      message: `Header: ${parts.join('; ')} (columns: ${CSV_COLUMNS.join(', ')}).`,
    });
    return;
  }
  for (const row of rows) {
    if (into.problems.length >= MAX_PROBLEMS) break;
    if (row.fields.every((field) => field.trim() === '')) continue;
    const cell = (name: string) => row.fields[columns.indexOf(name)] ?? '';
    const expect: unknown[] = [];
    const expectCell = columns.includes('expect') ? cell('expect').trim() : '';
    if (expectCell !== '') {
      let listed: unknown;
      try {
        listed = JSON.parse(expectCell);
      } catch (error) {
        into.problems.push({ line: row.line, message: `expect: not JSON: ${(error as Error).message}` });
        continue;
      }
      if (!Array.isArray(listed)) {
        into.problems.push({ line: row.line, message: 'expect: must be a JSON list of expectations.' });
        continue;
      }
      expect.push(...listed);
    }
    for (const kind of SHORTHAND_COLUMNS) {
      if (columns.includes(kind) && cell(kind) !== '') expect.push({ [kind]: cell(kind) });
    }
    parseCase({ name: cell('name'), input: csvInput(cell('input')), expect }, row.line, into);
  }
}

/**
 * Reads a case file: JSONL (one case a line; blank lines and `//` lines skipped) or CSV (a header row,
 * columns `name,input` and optionally `expect`, a JSON list, and one-text shorthands
 * `contains,notContains,equals,regex`). A file over EVAL_LIMITS.maxFileBytes is refused unread.
 */
export function parseCaseFile(text: string, format: 'jsonl' | 'csv'): ParsedCaseFile {
  const result: ParsedCaseFile = { cases: [], problems: [] };
  const limitMb = EVAL_LIMITS.maxFileBytes / 1024 / 1024;
  if (text.length > EVAL_LIMITS.maxFileBytes || utf8Bytes(text) > EVAL_LIMITS.maxFileBytes) {
    result.problems.push({ line: 0, message: `The case file is larger than ${limitMb} MB; split it.` });
    return result;
  }
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'csv') parseCsv(body, result);
  else parseJsonl(body, result);
  return result;
}

/** Cases as a case file: JSONL one case a line, or CSV with `name,input,expect` (expect as JSON). */
export function formatCaseFile(cases: readonly EvalCaseInput[], format: 'jsonl' | 'csv'): string {
  if (format === 'jsonl') {
    return cases
      .map(
        (entry) =>
          `${JSON.stringify({ name: entry.name, input: entry.input, expect: entry.expect ?? [] })}\n`,
      )
      .join('');
  }
  const rows = cases.map((entry) => [
    entry.name,
    typeof entry.input === 'string' ? entry.input : JSON.stringify(entry.input),
    JSON.stringify(entry.expect ?? []),
  ]);
  return writeCsv([['name', 'input', 'expect'], ...rows]);
}
