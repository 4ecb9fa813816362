import { publishedVersionGraph } from '@agentry/api';
import Link from 'next/link';
import { EmbedEditor } from '@/components/embed/embed-editor';
import { mcpToolNameOf } from '@/components/embed/mcp-client-configs';
import { McpSection } from '@/components/embed/mcp-section';
import { findOpenHttpTools, type OpenHttpTool } from '@/components/embed/open-http-tools';
import { PageHeader } from '@/components/ui';
import { loadAgentOr404 } from '@/lib/agents';
import { openServerRuntime } from '@/lib/runtime';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** The published graph of an agent (what widget visitors run), or undefined before the first publish. */
async function publishedGraph(versionId: string | null): Promise<unknown> {
  return versionId ? publishedVersionGraph(await openServerRuntime(), versionId) : undefined;
}

/** Says which HTTP tools a visitor could point anywhere, and how to bound them. */
function OpenHttpToolsWarning({ agentId, tools }: { agentId: string; tools: OpenHttpTool[] }) {
  if (tools.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="open-http-tools-warning"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p className="font-medium">
        {tools.length === 1 ? 'An HTTP Request tool has' : `${tools.length} HTTP Request tools have`} no
        allowed hosts: {tools.map((tool) => `“${tool.name}”`).join(', ')}.
      </p>
      <p className="mt-1">
        A visitor of the widget can ask the agent to call any public URL with{' '}
        {tools.length === 1 ? 'it' : 'them'}. List the hosts each tool needs under “Allow hosts” in the{' '}
        <Link href={`/agents/${agentId}`} className="underline">
          builder
        </Link>
        , then publish.
      </p>
    </div>
  );
}

export default async function EmbedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  const openTools = findOpenHttpTools(await publishedGraph(agent.publishedVersionId), agent.draftGraph);
  return (
    <div className="max-w-7xl">
      <Link href={`/agents/${agent.id}`} className="text-sm text-brand-700 hover:underline">
        ← Back to {agent.name}
      </Link>
      <PageHeader
        title={`Embed ${agent.name}`}
        description="Put this agent on your website as a chat widget (its look, the sites allowed to use it, and its limits), or call it from MCP clients."
      />
      <OpenHttpToolsWarning agentId={agent.id} tools={openTools} />
      <EmbedEditor agentId={agent.id} />
      <McpSection toolName={mcpToolNameOf(agent.slug)} published={agent.publishedVersionId !== null} />
    </div>
  );
}
