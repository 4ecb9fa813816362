import { EVAL_LIMITS } from '@agentry/engine/evals';
import type { EvalsT, EvalWords } from './words';

/** The case-file formats the Tests tab imports and exports. */
export type CaseFileFormat = 'jsonl' | 'csv';

/** The format of a picked file, from its name; null for a file that is neither. */
export function caseFileFormat(fileName: string): CaseFileFormat | null {
  const extension = /\.([a-z]+)$/.exec(fileName.toLowerCase())?.[1];
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  if (extension === 'csv') return 'csv';
  return null;
}

/** Why a picked file cannot be imported (checked before it is read), or null. */
export function caseFileProblem(
  file: { name: string; size: number },
  { t, format }: EvalWords,
): string | null {
  if (!caseFileFormat(file.name)) return t('file.notCaseFile');
  if (file.size > EVAL_LIMITS.maxFileBytes) {
    const megabytes = (bytes: number, digits: number) =>
      format.number(bytes / 1024 / 1024, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return t('file.tooLarge', {
      size: megabytes(file.size, 1),
      max: megabytes(EVAL_LIMITS.maxFileBytes, 0),
    });
  }
  if (file.size === 0) return t('file.empty');
  return null;
}

/** The structured problems the server attaches to a refused import (`data.details.problems`), if any. */
function detailedProblems(details: unknown): { line: number; message: string }[] | null {
  const problems = (details as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(problems)) return null;
  return problems.filter(
    (problem): problem is { line: number; message: string } =>
      typeof problem?.line === 'number' && typeof problem?.message === 'string',
  );
}

/**
 * Splits the server's refusal of an import into a heading and its `line N: problem` items, so they can be
 * listed one per row. The structured problems are used when the error carries them; otherwise the message
 * is split, whether its items come one per line or joined on one line with ";". The server's words stay as
 * they are; `t` says the heading when the message has none and the structured problems' "line N:".
 */
export function importProblems(
  message: string,
  t: EvalsT,
  details?: unknown,
): { heading: string; lines: string[] } {
  const at = message.search(/\bline \d+:/i);
  const heading =
    (at < 0 ? message : message.slice(0, at))
      .trim()
      .replace(/[:;,]$/, '')
      .trim() || t('file.linesWrong');
  const structured = detailedProblems(details);
  if (structured && structured.length > 0) {
    const lines = structured.map((problem) =>
      t('file.line', { line: String(problem.line), message: problem.message }),
    );
    const more = /…and \d+ more\.?/.exec(message)?.[0];
    return { heading, lines: more ? [...lines, more] : lines };
  }
  if (at < 0) return { heading, lines: [] };
  const lines = message
    .slice(at)
    .split(/\n|[;,]\s*(?=\bline \d+:)/i)
    .map((line) => line.trim())
    .filter(Boolean);
  return { heading, lines };
}

/** Media types of the exported files, so the browser saves them with the right kind. */
const MEDIA_TYPES: Record<CaseFileFormat, string> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv',
};

/** Saves exported text as a file through the browser's download. */
export function downloadCaseFile(fileName: string, text: string, format: CaseFileFormat): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${MEDIA_TYPES[format]};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
