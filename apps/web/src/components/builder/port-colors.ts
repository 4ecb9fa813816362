import type { PortType } from '@agentry/engine/graph';

/** One colour per port type: handles, edges and the legend use the same. */
export const PORT_COLORS: Record<PortType, string> = {
  text: '#0ea5e9',
  messages: '#8b5cf6',
  json: '#f59e0b',
  documents: '#14b8a6',
  files: '#84cc16',
  any: '#94a3b8',
  model: '#ec4899',
  memory: '#10b981',
  tool: '#f97316',
};

/** What each port type carries, for the legend (English; the `ports` catalog has the words). */
export const PORT_TYPE_NOTES: Record<PortType, string> = {
  text: 'a string',
  messages: 'a conversation',
  json: 'any JSON value',
  documents: 'retrieved passages',
  files: 'files sent in the chat',
  any: 'anything, converted',
  model: 'a model to use',
  memory: 'conversation memory',
  tool: 'a tool for an Agent',
};

/** The colour of a port type, grey for unknown. */
export function portColor(type: PortType | undefined): string {
  return type ? PORT_COLORS[type] : '#cbd5e1';
}
