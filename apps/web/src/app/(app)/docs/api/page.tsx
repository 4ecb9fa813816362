import { headers } from 'next/headers';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { PageHeader } from '@/components/ui';

export const dynamic = 'force-dynamic';

function Code({ children }: { children: string }) {
  return (
    <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
      <code>{children}</code>
    </pre>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The routes table: method, path, and the key of its description under `apiDocs.routes`. */
const ROUTES = [
  ['GET', '/api/v1/agents', 'list'],
  ['POST', '/api/v1/agents', 'create'],
  ['GET', '/api/v1/agents/:id', 'get'],
  ['PUT', '/api/v1/agents/:id', 'update'],
  ['DELETE', '/api/v1/agents/:id', 'delete'],
  ['POST', '/api/v1/agents/:id/publish', 'publish'],
  ['POST', '/api/v1/agents/:id/chat', 'chat'],
  ['POST', '/api/v1/chat/completions', 'completions'],
  ['GET', '/api/v1/models', 'models'],
  ['GET', '/api/v1/schema/graph.json', 'graphSchema'],
  ['GET', '/api/v1/schema/eval-case.json', 'evalCaseSchema'],
] as const;

/** Inline code and emphasis inside the page's sentences. */
const code = (chunks: ReactNode) => <code>{chunks}</code>;
const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;

/** The HTTP API reference, with examples pointing at this server. */
export default async function ApiDocsPage() {
  const list = await headers();
  const host = list.get('x-forwarded-host') ?? list.get('host') ?? 'localhost:3000';
  const protocol =
    list.get('x-forwarded-proto') ??
    (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  const base = `${protocol}://${host}`;
  const t = await getTranslations('apiDocs');
  return (
    <article className="max-w-4xl space-y-8 text-sm leading-relaxed text-slate-700">
      <PageHeader title={t('title')} description={t('description')} />

      <Section id="auth" title={t('auth.title')}>
        <p>
          {t.rich('auth.body', {
            code,
            link: (chunks) => (
              <Link href="/settings" className="text-brand-700 underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
        <Code>{`curl ${base}/api/v1/agents -H "Authorization: Bearer agt_…"`}</Code>
        <p>{t.rich('auth.published', { code, strong })}</p>
      </Section>

      <Section id="routes" title={t('routes.title')}>
        <table className="w-full text-left text-xs">
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th className="py-2 pr-3 font-medium">{t('routes.method')}</th>
              <th className="py-2 pr-3 font-medium">{t('routes.path')}</th>
              <th className="py-2 font-medium">{t('routes.does')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ROUTES.map(([method, path, key]) => (
              <tr key={`${method} ${path}`}>
                <td className="py-2 pr-3 font-mono">{method}</td>
                <td className="py-2 pr-3 font-mono">{path}</td>
                <td className="py-2">{t(`routes.${key}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="openai" title={t('openai.title')}>
        <p>{t.rich('openai.body', { code })}</p>
        <Code>{`import OpenAI from 'openai';

const client = new OpenAI({ baseURL: '${base}/api/v1', apiKey: process.env.AGENTRY_API_KEY });
const stream = await client.chat.completions.create({
  model: 'support-bot',
  messages: [{ role: 'user', content: 'Where is my order?' }],
  stream: true,
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');`}</Code>
      </Section>

      <Section id="use-chat" title={t('useChat.title')}>
        <p>{t.rich('useChat.body', { code, body: '{ messages: UIMessage[], conversationId? }' })}</p>
        <Code>{`import { DefaultChatTransport } from 'ai';
import { useChat } from '@ai-sdk/react';

const { messages, sendMessage } = useChat({
  transport: new DefaultChatTransport({
    api: '${base}/api/v1/agents/AGENT_ID/chat',
    headers: { Authorization: 'Bearer agt_…' }, // from your server, never a public page
  }),
});`}</Code>
      </Section>

      <Section id="embed" title={t('embed.title')}>
        <p>{t.rich('embed.body', { code, strong })}</p>
        <Code>{`<script src="${base}/widget.js" data-agent="ag_…" async></script>
<!-- or -->
<agentry-chat agent="ag_…"></agentry-chat>
<script>Agentry.open(); Agentry.send('Hello'); Agentry.close();</script>`}</Code>
        <p>{t.rich('embed.public', { code })}</p>
      </Section>

      <Section id="errors" title={t('errors.title')}>
        <p>{t.rich('errors.body', { code, shape: '{ "error": { "code", "message" } }' })}</p>
        <Code>{`HTTP/1.1 400 Bad Request
{ "error": { "code": "bad_request", "message": "Invalid request: name: Name the agent" } }`}</Code>
      </Section>
    </article>
  );
}
