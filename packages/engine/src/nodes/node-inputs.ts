import type {
  ChatFile,
  ChatMessage,
  Document,
  MemoryResource,
  ModelResource,
  ToolResource,
} from '../format/values';
import type { PortId } from '../format/ids';

/**
 * Typed access to a node's input values. The compiled plan already converted every value to its
 * port's type, so these accessors do not re-check at run time (that is the hot path).
 */
export class NodeInputs {
  constructor(private readonly values: Record<string, unknown>) {}

  /** Whether the port received a value (connected and not skipped). */
  has(port: PortId): boolean {
    return this.values[port] !== undefined;
  }

  /** A text input. */
  text(port: PortId): string | undefined {
    return this.values[port] as string | undefined;
  }

  /** All values of a `multiple` text input, in edge order, skipped branches left out. */
  texts(port: PortId): string[] {
    return (this.values[port] as string[] | undefined) ?? [];
  }

  /** A messages input. */
  messages(port: PortId): ChatMessage[] | undefined {
    return this.values[port] as ChatMessage[] | undefined;
  }

  /** A json (or any) input. */
  json(port: PortId): unknown {
    return this.values[port];
  }

  /** A documents input. */
  documents(port: PortId): Document[] | undefined {
    return this.values[port] as Document[] | undefined;
  }

  /** A files input (files sent in the chat). */
  files(port: PortId): ChatFile[] | undefined {
    return this.values[port] as ChatFile[] | undefined;
  }

  /** A model resource input. */
  model(port: PortId): ModelResource | undefined {
    return this.values[port] as ModelResource | undefined;
  }

  /** A memory resource input. */
  memory(port: PortId): MemoryResource | undefined {
    return this.values[port] as MemoryResource | undefined;
  }

  /** A `multiple` tool resource input; a node that provides several tools (MCP Tools) sends a list. */
  tools(port: PortId): ToolResource[] {
    const values = this.values[port] as (ToolResource | ToolResource[])[] | undefined;
    return values ? values.flat() : [];
  }
}
