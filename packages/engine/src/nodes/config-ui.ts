/** Hints for the form the canvas generates from a node's config schema (emitted in its JSON Schema as `ui`). */
export interface ConfigUiHints {
  /** Render a multi-line editor. */
  multiline?: boolean;
  /** The text may contain `{{variables}}`; the editor highlights them. */
  variables?: boolean;
  /** Pick one of the workspace's stored credentials (of the node's provider, when it has one); the value is its id. */
  credential?: boolean;
  /** Render as a code editor for this language. */
  code?: 'javascript';
  /** Tuck the field under "Advanced". */
  advanced?: boolean;
  placeholder?: string;
  /** Pick one of the workspace's knowledge bases; the value is its id. */
  knowledgeBase?: boolean;
  /** Pick one of the workspace's saved agents other than the one being edited; the value is its id. */
  agent?: boolean;
  /** Render the MCP tool picker: Connect/Refresh lists the server's tools; the value is the ticked names. */
  mcpTools?: boolean;
  /** Render the output format editor: text or JSON, the schema written as JSON or built field by field. */
  outputFormat?: boolean;
}

/** Wraps UI hints for `.meta(ui({...}))`. */
export function ui(hints: ConfigUiHints): { ui: ConfigUiHints } {
  return { ui: hints };
}
