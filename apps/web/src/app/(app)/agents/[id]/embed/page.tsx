import { publishedVersionGraph } from '@agentry/api';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
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
async function OpenHttpToolsWarning({ agentId, tools }: { agentId: string; tools: OpenHttpTool[] }) {
  if (tools.length === 0) return null;
  const t = await getTranslations('embed.page');
  const count = tools.length;
  return (
    <div
      role="alert"
      data-testid="open-http-tools-warning"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p className="font-medium">
        {t('openToolsHeading', {
          count,
          tools: tools.map((tool) => t('quoted', { name: tool.name })).join(t('listSeparator')),
        })}
      </p>
      <p className="mt-1">
        {t.rich('openToolsBody', {
          count,
          link: (chunks) => (
            <Link href={`/agents/${agentId}`} className="underline">
              {chunks}
            </Link>
          ),
        })}
      </p>
    </div>
  );
}

export default async function EmbedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  const openTools = findOpenHttpTools(await publishedGraph(agent.publishedVersionId), agent.draftGraph);
  const t = await getTranslations('embed.page');
  return (
    <div className="max-w-7xl">
      <Link href={`/agents/${agent.id}`} className="text-sm text-brand-700 hover:underline">
        {t('back', { name: agent.name })}
      </Link>
      <PageHeader title={t('title', { name: agent.name })} description={t('description')} />
      <OpenHttpToolsWarning agentId={agent.id} tools={openTools} />
      <EmbedEditor agentId={agent.id} />
      <McpSection toolName={mcpToolNameOf(agent.slug)} published={agent.publishedVersionId !== null} />
    </div>
  );
}
