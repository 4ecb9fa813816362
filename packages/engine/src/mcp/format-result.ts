/** The parts of a `tools/call` result Agentry reads (the SDK has validated the shape). */
export interface McpCallResult {
  content?: readonly McpContentPart[];
  structuredContent?: unknown;
  isError?: boolean;
}

/** One content block of a tool result. */
export type McpContentPart =
  | { type: 'text'; text: string }
  | { type: 'image' | 'audio'; data: string; mimeType: string }
  | { type: 'resource_link'; uri: string; name?: string; mimeType?: string }
  | {
      type: 'resource';
      resource: { uri: string; mimeType?: string; text?: string; blob?: string };
    }
  | { type: string; [key: string]: unknown };

/** Bytes a base64 string decodes to. */
function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

/** A content block as text: text as is, binary parts described in a few words (the model cannot see them). */
function describePart(part: McpContentPart): string {
  switch (part.type) {
    case 'text':
      return String(part.text ?? '');
    case 'image':
    case 'audio': {
      const media = part as { data?: unknown; mimeType?: unknown };
      const data = typeof media.data === 'string' ? media.data : '';
      return `[${part.type} ${String(media.mimeType ?? 'unknown type')}, ${base64Bytes(data)} bytes]`;
    }
    case 'resource_link': {
      const link = part as { uri?: unknown; name?: unknown };
      return `[resource link${link.name ? ` ${String(link.name)}` : ''}: ${String(link.uri ?? '')}]`;
    }
    case 'resource': {
      const resource = (
        part as { resource?: { uri?: string; mimeType?: string; text?: string; blob?: string } }
      ).resource;
      if (!resource) return '[resource]';
      if (typeof resource.text === 'string') return `[resource ${resource.uri ?? ''}]\n${resource.text}`;
      const size = typeof resource.blob === 'string' ? `, ${base64Bytes(resource.blob)} bytes` : '';
      return `[resource ${resource.uri ?? ''} ${resource.mimeType ?? 'binary'}${size}]`;
    }
    default:
      return `[${part.type} content]`;
  }
}

/** Cuts text longer than `maxChars`, saying so, so the model knows it did not see everything. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}\n(result cut at ${maxChars} characters of ${text.length})`;
}

/**
 * A tool result as text for the model: text parts joined, other parts described briefly, the
 * structured content as JSON when there is no text; capped at `maxChars` with a note.
 */
export function formatToolResult(result: McpCallResult, maxChars: number): string {
  const parts = result.content ?? [];
  const hasText = parts.some(
    (part) =>
      part.type === 'text' ||
      (part.type === 'resource' &&
        typeof (part as { resource?: { text?: unknown } }).resource?.text === 'string'),
  );
  const pieces = parts.map(describePart).filter((piece) => piece.length > 0);
  if (!hasText && result.structuredContent !== undefined) {
    pieces.push(JSON.stringify(result.structuredContent));
  }
  return capText(pieces.length > 0 ? pieces.join('\n') : '(The tool returned no content.)', maxChars);
}
