import { EVAL_LIMITS } from '@agentry/engine/evals';
import { describe, expect, it } from 'vitest';
import { caseFileFormat, caseFileProblem, importProblems } from './case-file';
import { evalWords } from './test-words';

const en = evalWords('en');
const zh = evalWords('zh-CN');

describe('case files', () => {
  it('takes the format from the file name', () => {
    expect(caseFileFormat('cases.JSONL')).toBe('jsonl');
    expect(caseFileFormat('export.ndjson')).toBe('jsonl');
    expect(caseFileFormat('tests.csv')).toBe('csv');
    expect(caseFileFormat('cases.json')).toBeNull();
    expect(caseFileFormat('csv')).toBeNull();
  });

  it('refuses wrong, empty and oversized files before reading them', () => {
    expect(caseFileProblem({ name: 'a.jsonl', size: 10 }, en)).toBeNull();
    expect(caseFileProblem({ name: 'a.txt', size: 10 }, en)).toMatch(/not a \.jsonl or \.csv/);
    expect(caseFileProblem({ name: 'a.csv', size: 0 }, en)).toMatch(/empty/);
    const huge = { name: 'a.csv', size: EVAL_LIMITS.maxFileBytes + 200_000 };
    expect(caseFileProblem(huge, en)).toBe('It is 5.2 MB; case files may be at most 5 MB.');
    expect(caseFileProblem(huge, zh)).toBe('文件大小为5.2 MB；用例文件最大为5 MB。');
    expect(caseFileProblem({ name: 'a.txt', size: 10 }, zh)).toBe('它不是 .jsonl 或 .csv 文件。');
  });

  it('lists the server’s line problems one per row, whichever way they are joined', () => {
    expect(
      importProblems(
        '2 lines are wrong; nothing was added: line 3: name is missing; line 7: bad JSON, at 4',
        en.t,
      ),
    ).toEqual({
      heading: '2 lines are wrong; nothing was added',
      lines: ['line 3: name is missing', 'line 7: bad JSON, at 4'],
    });
    expect(
      importProblems('Nothing was imported.\nline 1: expect.0: unknown kind\nline 2: input is empty', en.t),
    ).toEqual({
      heading: 'Nothing was imported.',
      lines: ['line 1: expect.0: unknown kind', 'line 2: input is empty'],
    });
    const server =
      'Nothing was imported: 12 line(s) of the file are not valid cases.\nline 1: bad\nline 2: worse\n…and 10 more.';
    expect(importProblems(server, en.t)).toEqual({
      heading: 'Nothing was imported: 12 line(s) of the file are not valid cases.',
      lines: ['line 1: bad', 'line 2: worse', '…and 10 more.'],
    });
    // The structured problems win over the text when the error carries them.
    expect(
      importProblems(server, en.t, { problems: [{ line: 4, message: 'name: too long, at most 200' }] }),
    ).toEqual({
      heading: 'Nothing was imported: 12 line(s) of the file are not valid cases.',
      lines: ['line 4: name: too long, at most 200', '…and 10 more.'],
    });
    expect(
      importProblems(server, zh.t, { problems: [{ line: 4, message: 'name: too long' }] }).lines,
    ).toEqual(['第4行：name: too long', '…and 10 more.']);
    expect(importProblems('line 9: too long', en.t)).toEqual({
      heading: 'These lines are wrong:',
      lines: ['line 9: too long'],
    });
    expect(importProblems('line 9: too long', zh.t).heading).toBe('以下行有错误：');
    expect(importProblems('This agent already has 1000 cases.', en.t)).toEqual({
      heading: 'This agent already has 1000 cases.',
      lines: [],
    });
  });
});
