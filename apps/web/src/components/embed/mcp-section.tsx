'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type ReactNode, useEffect, useState } from 'react';
import { Card } from '../ui';
import { CopyBlock } from './embed-snippet';
import { mcpClientConfigs, mcpUrlOf } from './mcp-client-configs';

/**
 * The agent as a tool of MCP clients: Agentry's MCP URL, the tool name the agent has there, and
 * configurations for Claude Desktop, Cursor and VS Code to paste, each with a Copy button.
 */
export function McpSection({ toolName, published }: { toolName: string; published: boolean }) {
  const t = useTranslations('embed.mcp');
  const code = (chunks: ReactNode) => <code>{chunks}</code>;
  // The address people reach this install by is the browser's, not one the server guesses.
  const [origin, setOrigin] = useState('https://YOUR-AGENTRY');
  useEffect(() => setOrigin(window.location.origin), []);
  const url = mcpUrlOf(origin);
  return (
    <Card className="mt-6 space-y-4 p-5">
      <section aria-labelledby="mcp-heading" className="space-y-4" data-testid="mcp-section">
        <div className="space-y-1">
          <h2 id="mcp-heading" className="text-base font-semibold">
            {t('heading')}
          </h2>
          <p className="text-sm text-slate-600">
            {t.rich('intro', { code, input: '{ message, conversationId? }' })}
          </p>
        </div>
        {!published ? (
          <p
            role="status"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800"
          >
            {t('unpublished')}
          </p>
        ) : null}
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">{t('toolName')}</dt>
          <dd>
            <code data-testid="mcp-tool-name" className="rounded bg-slate-100 px-1.5 py-0.5">
              {toolName}
            </code>
          </dd>
          <dt className="font-medium text-slate-700">{t('key')}</dt>
          <dd className="text-slate-600">
            {t.rich('keyText', {
              code,
              link: (chunks) => (
                <Link href="/settings" className="text-brand-700 underline">
                  {chunks}
                </Link>
              ),
            })}
          </dd>
        </dl>
        <CopyBlock label={t('url')} code={url} />
        {mcpClientConfigs(url).map((config) => (
          <CopyBlock
            key={config.id}
            label={t('clientConfig', { client: config.client, file: config.file })}
            code={config.code}
          />
        ))}
        <p className="text-xs text-slate-500">{t.rich('footer', { code })}</p>
      </section>
    </Card>
  );
}
