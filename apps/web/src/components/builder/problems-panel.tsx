'use client';

import type { GraphProblem } from '@agentry/engine/graph';
import { useTranslations } from 'next-intl';
import { useEngineWords } from '../../i18n/engine-words';
import { copilotDock } from '../copilot/copilot-dock';
import { Button } from '../ui';
import { useBuilder } from './builder-context';

/** The problem codes with a short tag in the list (`problemsPanel.codes`); others show the code. */
const TAGGED = [
  'unknown_node_type',
  'invalid_config',
  'incompatible_edge',
  'dangling_edge',
  'too_many_edges',
  'missing_required_input',
  'cycle',
  'no_chat_input',
  'multiple_chat_inputs',
  'no_output_reachable',
] as const;
type TaggedCode = (typeof TAGGED)[number];
const isTagged = (code: GraphProblem['code']): code is TaggedCode =>
  (TAGGED as readonly string[]).includes(code);

/** The words of the request to the Copilot: English by default, the page's from `ProblemsPanel`. */
export interface FixRequestWords {
  heading: string;
  problem(problem: GraphProblem): string;
  more(count: number): string;
}

const ENGLISH_FIX_WORDS: FixRequestWords = {
  heading: 'Fix these problems:',
  problem: (problem) => problem.message,
  more: (count) => `…and ${count} more.`,
};

/**
 * The request "Fix with Copilot" sends: the problems as listed, each on its own line with its node, cut
 * to what the copilot takes in one message (4000 characters; the copilot sees the graph's problems too).
 */
export function fixRequest(
  problems: readonly GraphProblem[],
  maxChars = 4000,
  words: FixRequestWords = ENGLISH_FIX_WORDS,
): string {
  let text = words.heading;
  for (const [index, problem] of problems.entries()) {
    const where = problem.nodeId ?? problem.nodeIds?.join(', ') ?? problem.edgeId;
    const line = `\n- ${where ? `${where}: ` : ''}${words.problem(problem)}`;
    const rest = `\n${words.more(problems.length - index)}`;
    if (text.length + line.length + (index < problems.length - 1 ? rest.length : 0) > maxChars) {
      return text + rest;
    }
    text += line;
  }
  return text;
}

/**
 * The problems `validateGraph` finds in the draft; clicking one selects and centres its node. Editors
 * can hand them to the Copilot ("Fix with Copilot"), which opens with the request sent.
 */
export function ProblemsPanel({
  problems,
  onSelect,
}: {
  problems: readonly GraphProblem[];
  onSelect: (problem: GraphProblem) => void;
}) {
  const { agentId, canEdit } = useBuilder();
  const t = useTranslations('problemsPanel');
  const engine = useEngineWords();
  if (problems.length === 0) {
    return (
      <div className="p-4 text-sm text-slate-600" data-testid="problems-empty">
        <p className="font-medium text-emerald-700">{t('none')}</p>
        <p className="mt-1">{t('noneHelp')}</p>
      </div>
    );
  }
  const fixWords: FixRequestWords = {
    heading: t('fixHeading'),
    problem: (problem) => engine.problem(problem),
    more: (count) => t('fixMore', { count }),
  };
  return (
    <section aria-label={t('label')} className="p-2">
      <p className="px-2 pb-2 text-xs text-slate-500">{t('count', { count: problems.length })}</p>
      {canEdit ? (
        <Button
          variant="secondary"
          className="mx-2 mb-2 px-2 py-1 text-xs"
          onClick={() => copilotDock.ask(agentId, fixRequest(problems, 4000, fixWords))}
        >
          {t('fix')}
        </Button>
      ) : null}
      <ul className="space-y-1" data-testid="problems-list">
        {problems.map((problem, index) => {
          const target = problem.nodeId ?? problem.nodeIds?.[0] ?? problem.edgeId;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
            <li key={index}>
              <button
                type="button"
                disabled={!target}
                onClick={() => onSelect(problem)}
                className="block w-full rounded-md border border-red-100 bg-red-50/60 px-2 py-1.5 text-left text-xs text-red-900 hover:border-red-300 disabled:cursor-default"
              >
                <span className="mr-1 rounded bg-red-100 px-1 font-medium">
                  {isTagged(problem.code) ? t(`codes.${problem.code}`) : problem.code}
                </span>
                {engine.problem(problem)}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
