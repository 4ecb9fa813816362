'use client';

import type { GraphProblem } from '@agentry/engine/graph';
import { copilotDock } from '../copilot/copilot-dock';
import { Button } from '../ui';
import { useBuilder } from './builder-context';

const CODE_LABELS: Partial<Record<GraphProblem['code'], string>> = {
  unknown_node_type: 'Unknown node',
  invalid_config: 'Setting',
  incompatible_edge: 'Connection',
  dangling_edge: 'Connection',
  too_many_edges: 'Connection',
  missing_required_input: 'Missing input',
  cycle: 'Loop',
  no_chat_input: 'Graph',
  multiple_chat_inputs: 'Graph',
  no_output_reachable: 'Graph',
};

/**
 * The request "Fix with Copilot" sends: the problems as listed, each on its own line with its node, cut
 * to what the copilot takes in one message (4000 characters; the copilot sees the graph's problems too).
 */
export function fixRequest(problems: readonly GraphProblem[], maxChars = 4000): string {
  let text = 'Fix these problems:';
  for (const [index, problem] of problems.entries()) {
    const where = problem.nodeId ?? problem.nodeIds?.join(', ') ?? problem.edgeId;
    const line = `\n- ${where ? `${where}: ` : ''}${problem.message}`;
    const rest = `\n…and ${problems.length - index} more.`;
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
  if (problems.length === 0) {
    return (
      <div className="p-4 text-sm text-slate-600" data-testid="problems-empty">
        <p className="font-medium text-emerald-700">No problems.</p>
        <p className="mt-1">This draft can run and be published.</p>
      </div>
    );
  }
  return (
    <section aria-label="Problems" className="p-2">
      <p className="px-2 pb-2 text-xs text-slate-500">
        {problems.length} problem{problems.length === 1 ? '' : 's'} to fix before this draft can run or be
        published.
      </p>
      {canEdit ? (
        <Button
          variant="secondary"
          className="mx-2 mb-2 px-2 py-1 text-xs"
          onClick={() => copilotDock.ask(agentId, fixRequest(problems))}
        >
          Fix with Copilot
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
                  {CODE_LABELS[problem.code] ?? problem.code}
                </span>
                {problem.message}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
