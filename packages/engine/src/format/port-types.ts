import type { PortId } from './ids';
import type { ChatFile, ChatMessage, Document } from './values';

/** Port types carrying data from one node to the next (`files`: files sent in the chat, see ChatFile). */
export type DataPortType = 'text' | 'messages' | 'json' | 'documents' | 'files' | 'any';
/** Port types carrying a capability (a model, a memory, a tool) rather than data. */
export type ResourcePortType = 'model' | 'memory' | 'tool';
/** Every port type. */
export type PortType = DataPortType | ResourcePortType;

/** A typed input or output of a node. */
export interface PortSpec {
  id: PortId;
  type: PortType;
  label: string;
  description?: string;
  /** Inputs only: the graph is invalid while this port has no edge. */
  required?: boolean;
  /** Inputs only: accepts several edges; the node receives a list (tools, joins after a Condition). */
  multiple?: boolean;
}

/** Turns a value of the source type into the target type; `undefined` means "pass as is". */
export type PortConversion = ((value: unknown) => unknown) | undefined;

const RESOURCE_TYPES: ReadonlySet<PortType> = new Set<PortType>(['model', 'memory', 'tool']);

/** True for model/memory/tool ports. */
export function isResourcePort(type: PortType): type is ResourcePortType {
  return RESOURCE_TYPES.has(type);
}

/** Renders messages as "role: content" lines, e.g. to put history into a prompt variable. */
export function messagesToTranscript(messages: readonly ChatMessage[]): string {
  return messages.map((message) => `${message.role}: ${message.content}`).join('\n');
}

/** Best-effort conversion of any value to text (used by `json`/`any` sources). */
export function valueToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (Array.isArray(value) && value.every(isChatMessage)) return messagesToTranscript(value);
  return JSON.stringify(value);
}

/**
 * A json value as text: strings as they are, objects as indented JSON (a structured answer reads well in a
 * chat and in a prompt, and field paths such as {{answer.category}} parse it back).
 */
export function jsonToText(value: unknown): string {
  if (typeof value === 'object' && value !== null && !(Array.isArray(value) && value.every(isChatMessage)))
    return JSON.stringify(value, null, 2);
  return valueToText(value);
}

/** Best-effort conversion of any value to messages: text becomes one user message. */
export function valueToMessages(value: unknown): ChatMessage[] {
  if (Array.isArray(value) && value.every(isChatMessage)) return value;
  return [{ role: 'user', content: valueToText(value) }];
}

function isChatMessage(value: unknown): value is ChatMessage {
  return typeof value === 'object' && value !== null && 'role' in value && 'content' in value;
}

/** Files as text: one line per file naming it, its type and size (the bytes never become text here). */
export function filesToText(value: unknown): string {
  return (value as ChatFile[])
    .map((file) => `${file.name} (${file.mediaType}, ${file.size} bytes)`)
    .join('\n');
}

const joinDocuments = (value: unknown) =>
  (value as Document[]).map((document) => document.content).join('\n\n');

/**
 * The one table of which source port type may feed which target port type, and how the value is converted.
 * Rules: same type always; text (and json, as JSON text) wraps into a single user message;
 * messages/documents/json render as text (json indented);
 * anything goes into `any`; `any` converts to the target at run time; resources only go to the same resource.
 */
export const PORT_COMPATIBILITY: Readonly<Record<PortType, Partial<Record<PortType, PortConversion>>>> = {
  text: { text: undefined, messages: valueToMessages, json: undefined, any: undefined },
  messages: { messages: undefined, text: valueToText, json: undefined, any: undefined },
  json: {
    json: undefined,
    text: jsonToText,
    messages: (value) => valueToMessages(jsonToText(value)),
    any: undefined,
  },
  documents: { documents: undefined, text: joinDocuments, json: undefined, any: undefined },
  files: { files: undefined, text: filesToText, any: undefined },
  any: {
    any: undefined,
    text: valueToText,
    messages: valueToMessages,
    json: undefined,
    documents: undefined,
  },
  model: { model: undefined },
  memory: { memory: undefined },
  tool: { tool: undefined },
};

/** Whether an edge from `source` to `target` is allowed. */
export function canConnect(source: PortType, target: PortType): boolean {
  return target in PORT_COMPATIBILITY[source];
}

/** The conversion applied to values on an edge from `source` to `target` (undefined: none needed). */
export function conversionFor(source: PortType, target: PortType): PortConversion {
  return PORT_COMPATIBILITY[source][target];
}
