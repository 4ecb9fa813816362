import { EVAL_LIMITS, formatCaseFile, parseCaseFile } from '@agentry/engine/evals';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';
import { appendEvalCases, loadAgentCases } from './eval-cases';

/** The formats a case file comes in. */
export const caseFileFormat = z.enum(['jsonl', 'csv']);
/** A case file format. */
export type CaseFileFormat = z.output<typeof caseFileFormat>;

/** Problems listed in an import's error; the rest are counted. */
const PROBLEMS_SHOWN = 10;

/**
 * Imports a case file into an agent's cases (editors), all or nothing: any bad line refuses the whole
 * file with `line N: problem` for the first ten. Size and the case cap are checked before anything is
 * written, the size before the text is even parsed.
 */
export async function importEvalCases(
  runtime: Runtime,
  actor: Actor,
  input: { agentId: string; format: CaseFileFormat; text: string },
): Promise<{ added: number }> {
  requireRole(actor, 'editor');
  const agent = await getAgent(runtime, actor.workspaceId, input.agentId);
  const bytes = Buffer.byteLength(input.text, 'utf8');
  if (bytes > EVAL_LIMITS.maxFileBytes)
    throw new AppError(
      'too_large',
      `The case file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the most a file may hold is ${EVAL_LIMITS.maxFileBytes / 1024 / 1024} MB. Split it.`,
    );
  const { cases, problems } = parseCaseFile(input.text, input.format);
  if (problems.length > 0) {
    const shown = problems
      .slice(0, PROBLEMS_SHOWN)
      .map((problem) => `line ${problem.line}: ${problem.message}`);
    const more = problems.length - shown.length;
    throw new AppError(
      'bad_request',
      `Nothing was imported: ${problems.length} line(s) of the file are not valid cases.\n${shown.join('\n')}${more > 0 ? `\n…and ${more} more.` : ''}`,
      { problems: problems.slice(0, PROBLEMS_SHOWN) },
    );
  }
  if (cases.length === 0)
    throw new AppError('bad_request', `The file holds no cases: write one case a line (${input.format}).`);
  if (cases.length > EVAL_LIMITS.maxCases)
    throw new AppError(
      'bad_request',
      `The file holds ${cases.length} cases; an agent holds at most ${EVAL_LIMITS.maxCases}.`,
    );
  const added = await appendEvalCases(runtime, actor, agent.id, cases);
  return { added: added.length };
}

/** An agent's cases as a case file (members), named after the agent. */
export async function exportEvalCases(
  runtime: Runtime,
  actor: Actor,
  input: { agentId: string; format: CaseFileFormat },
): Promise<{ filename: string; text: string }> {
  const agent = await getAgent(runtime, actor.workspaceId, input.agentId);
  const cases = await loadAgentCases(runtime, agent.id);
  const text = formatCaseFile(
    cases.map(({ name, input: caseInput, expect }) => ({ name, input: caseInput, expect })),
    input.format,
  );
  return { filename: `${agent.slug}-tests.${input.format}`, text };
}
