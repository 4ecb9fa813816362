import { type CopilotEdit, copilotEditSchema, type Graph, type GraphChange } from '@agentry/engine/graph';
import { z } from 'zod';
import type { CopilotLine, CopilotMessage } from './copilot-types';
import { UnreadableLineError } from './ndjson';

const bySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offline'), label: z.string() }),
  z.object({ kind: z.literal('model'), provider: z.string(), model: z.string(), label: z.string() }),
]);

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

// The graph and its change list were checked by the server that made them; the panel only needs their
// shape to draw them, so they are taken as objects rather than parsed again field by field.
const proposalSchema = z.object({
  edits: z.array(copilotEditSchema),
  graph: z.custom<Graph>(
    (value) =>
      isObject(value) && Array.isArray((value as Graph).nodes) && Array.isArray((value as Graph).edges),
  ),
  changes: z.array(z.custom<GraphChange>(isObject)),
  baseRevision: z.number(),
  by: z.object({ kind: z.enum(['offline', 'model']), label: z.string() }),
});

/** A stored copilot turn as the stream and `copilot.messages` send it. */
export const copilotMessageSchema: z.ZodType<CopilotMessage> = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  status: z.enum(['proposed', 'accepted', 'rejected']).nullable(),
  proposal: proposalSchema.nullable(),
  acceptedRevision: z.number().nullable(),
  acceptedBy: z.string().nullable().default(null),
  // tRPC sends a Date (superjson), the NDJSON stream an ISO string.
  acceptedAt: z
    .union([z.string(), z.date().transform((date) => date.toISOString())])
    .nullable()
    .default(null),
  createdAt: z.union([z.string(), z.date().transform((date) => date.toISOString())]),
});

const editSchema = z.custom<CopilotEdit>((value) => copilotEditSchema.safeParse(value).success);

/** The stream's lines, one union on `type`. */
const copilotLineSchema: z.ZodType<CopilotLine> = z.union([
  z.object({ type: z.literal('start'), userMessage: copilotMessageSchema, by: bySchema }),
  z.object({ type: z.literal('text'), delta: z.string() }),
  z.object({ type: z.literal('edit'), edit: editSchema, applied: z.literal(true) }),
  z.object({ type: z.literal('edit'), edit: editSchema, applied: z.literal(false), problem: z.string() }),
  z.object({ type: z.literal('message'), message: copilotMessageSchema }),
  z.object({
    type: z.literal('error'),
    code: z.enum(['provider_failed', 'invalid_proposal', 'too_many_edits', 'aborted', 'internal']),
    message: z.string(),
  }),
]);

const KNOWN_TYPES = new Set(['start', 'text', 'edit', 'message', 'error']);

/**
 * Reads one stream line: null for a line type this panel does not know (a newer server may add some),
 * an UnreadableLineError naming the type for a known line with the wrong shape.
 */
export function parseCopilotLine(value: unknown): CopilotLine | null {
  const type = isObject(value) ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) return null;
  const result = copilotLineSchema.safeParse(value);
  if (result.success) return result.data;
  throw new UnreadableLineError(`The server sent a "${type}" line the panel cannot read.`, {
    kind: 'shape',
    type,
  });
}
