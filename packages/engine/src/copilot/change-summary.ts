import type { Graph } from '../format/graph-schema';
import { diffGraphs } from '../plan/graph-diff';

/** The changes from `before` to `after` in one short paragraph, for a turn whose model wrote no text. */
export function summarizeChanges(before: Graph, after: Graph): string {
  const changes = diffGraphs(before, after);
  const named = (kind: string) =>
    changes.filter((change) => change.kind === kind).map((change) => change.label);
  const parts = [
    ['Added', named('node-added')],
    ['Removed', named('node-removed')],
    ['Changed', named('node-changed')],
    ['Connected', named('edge-added')],
    ['Disconnected', named('edge-removed')],
  ] as const;
  const sentences = parts
    .filter(([, labels]) => labels.length > 0)
    .map(([verb, labels]) => `${verb} ${labels.join(', ')}.`);
  return sentences.length > 0 ? sentences.join(' ') : 'Moved nodes on the canvas.';
}
