'use client';

import type { Graph, GraphProblem } from '@agentry/engine/graph';
import { useMutation } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { useEngineWords } from '@/i18n/engine-words';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button } from '../ui';
import { Dialog } from './dialog';

/** Largest graph file the canvas sends for import; the server enforces the same limit. */
export const MAX_GRAPH_FILE_BYTES = 2 * 1024 * 1024;

/** Downloads a graph as a JSON file, formatted as the server and the CLI export it. */
export function downloadGraph(graph: Graph, fileName: string): void {
  const text = `${JSON.stringify({ version: graph.version, nodes: graph.nodes, edges: graph.edges }, null, 2)}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

type ImportState =
  | { kind: 'idle' }
  | { kind: 'checking'; fileName: string }
  | { kind: 'refused'; fileName: string; message: string; problems: GraphProblem[] }
  | { kind: 'review'; fileName: string; graph: Graph; problems: GraphProblem[] };

function ProblemList({ problems }: { problems: readonly GraphProblem[] }) {
  const words = useEngineWords();
  return (
    <ul className="max-h-72 space-y-1 overflow-y-auto text-xs" data-testid="import-problems">
      {problems.map((problem, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
        <li key={index} className="rounded border border-red-100 bg-red-50 px-2 py-1 text-red-900">
          <code className="mr-1 text-red-700">{problem.code}</code>
          {words.problem(problem)}
        </li>
      ))}
    </ul>
  );
}

/**
 * Import of a graph file: the server checks it (size, JSON, shape, secrets, then validation). Structural
 * errors refuse it and change nothing; other problems (unknown node types...) are listed and the person
 * may still import, the broken nodes marked on the canvas.
 */
export function useGraphImport(onImport: (graph: Graph, problems: GraphProblem[]) => void) {
  const t = useTranslations('builder.importFile');
  const common = useTranslations('common');
  const format = useFormat();
  const trpc = useTRPC();
  const check = useMutation(trpc.agents.importGraph.mutationOptions());
  const [state, setState] = useState<ImportState>({ kind: 'idle' });

  const start = useCallback(
    async (file: File) => {
      if (file.size > MAX_GRAPH_FILE_BYTES) {
        setState({
          kind: 'refused',
          fileName: file.name,
          message: t('tooLarge', {
            size: format.number(file.size / 1024 / 1024, {
              maximumFractionDigits: 1,
              minimumFractionDigits: 1,
            }),
            limit: format.number(MAX_GRAPH_FILE_BYTES / 1024 / 1024),
          }),
          problems: [],
        });
        return;
      }
      setState({ kind: 'checking', fileName: file.name });
      try {
        const result = await check.mutateAsync({ text: await file.text() });
        if (result.problems.length === 0) {
          onImport(result.graph, []);
          setState({ kind: 'idle' });
        } else {
          setState({ kind: 'review', fileName: file.name, graph: result.graph, problems: result.problems });
        }
      } catch (error) {
        const details =
          error instanceof TRPCClientError
            ? ((error.data as { details?: { problems?: GraphProblem[] } } | undefined)?.details?.problems ??
              [])
            : [];
        setState({ kind: 'refused', fileName: file.name, message: errorMessage(error), problems: details });
      }
    },
    [check, format, onImport, t],
  );

  const close = () => setState({ kind: 'idle' });
  const dialog =
    state.kind === 'refused' ? (
      <Dialog title={t('refusedTitle', { file: state.fileName })} onClose={close}>
        <div className="space-y-3 p-4 text-sm" data-testid="import-refused">
          <p role="alert" className="text-red-800">
            {state.message}
          </p>
          {state.problems.length > 0 ? <ProblemList problems={state.problems} /> : null}
          <p className="text-slate-600">{t('nothingChanged')}</p>
          <div className="flex justify-end">
            <Button onClick={close}>{common('close')}</Button>
          </div>
        </div>
      </Dialog>
    ) : state.kind === 'review' ? (
      <Dialog title={t('reviewTitle', { file: state.fileName })} onClose={close}>
        <div className="space-y-3 p-4 text-sm" data-testid="import-review">
          <p>{t('review', { count: state.problems.length })}</p>
          <ProblemList problems={state.problems} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              {common('cancel')}
            </Button>
            <Button
              onClick={() => {
                onImport(state.graph, state.problems);
                close();
              }}
            >
              {t('importAnyway')}
            </Button>
          </div>
        </div>
      </Dialog>
    ) : null;

  return { start, dialog, checking: state.kind === 'checking' };
}
