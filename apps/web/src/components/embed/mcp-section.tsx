'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Card } from '../ui';
import { CopyBlock } from './embed-snippet';
import { mcpClientConfigs, mcpUrlOf } from './mcp-client-configs';

/**
 * The agent as a tool of MCP clients: Agentry's MCP URL, the tool name the agent has there, and
 * configurations for Claude Desktop, Cursor and VS Code to paste, each with a Copy button.
 */
export function McpSection({ toolName, published }: { toolName: string; published: boolean }) {
  // The address people reach this install by is the browser's, not one the server guesses.
  const [origin, setOrigin] = useState('https://YOUR-AGENTRY');
  useEffect(() => setOrigin(window.location.origin), []);
  const url = mcpUrlOf(origin);
  return (
    <Card className="mt-6 space-y-4 p-5">
      <section aria-labelledby="mcp-heading" className="space-y-4" data-testid="mcp-section">
        <div className="space-y-1">
          <h2 id="mcp-heading" className="text-base font-semibold">
            Use it from MCP clients
          </h2>
          <p className="text-sm text-slate-600">
            Agentry is an MCP server: Claude Desktop, Cursor, VS Code and other MCP clients can call this
            agent as a tool. A call runs the published version with{' '}
            <code>{'{ message, conversationId? }'}</code> and returns its answer and sources.
          </p>
        </div>
        {!published ? (
          <p
            role="status"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800"
          >
            Only published agents appear as MCP tools. This one has no published version yet.
          </p>
        ) : null}
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">Tool name</dt>
          <dd>
            <code data-testid="mcp-tool-name" className="rounded bg-slate-100 px-1.5 py-0.5">
              {toolName}
            </code>
          </dd>
          <dt className="font-medium text-slate-700">Key</dt>
          <dd className="text-slate-600">
            An API key with the <code>run</code> scope, sent as <code>Authorization: Bearer …</code>. A key
            limited to some agents sees only those. Create one under{' '}
            <Link href="/settings" className="text-brand-700 underline">
              Settings → API keys
            </Link>
            ; it is shown once.
          </dd>
        </dl>
        <CopyBlock label="MCP URL (Streamable HTTP)" code={url} />
        {mcpClientConfigs(url).map((config) => (
          <CopyBlock key={config.id} label={`${config.client}: ${config.file}`} code={config.code} />
        ))}
        <p className="text-xs text-slate-500">
          Claude Desktop starts <code>mcp-remote</code> (with npx) to reach a remote server; Cursor reads the
          key from <code>AGENTRY_API_KEY</code> in its environment; VS Code asks for it once and stores it.
          See <code>docs/mcp.md</code> for progress, cancellation and errors.
        </p>
      </section>
    </Card>
  );
}
