import { headers } from 'next/headers';
import Link from 'next/link';
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

const ROUTES: [string, string, string][] = [
  ['GET', '/api/v1/agents', 'List agents (`?search=` filters by name): `{ data: [...] }`.'],
  ['POST', '/api/v1/agents', 'Create: `{ name, description?, graph? }` → 201 with the agent.'],
  ['GET', '/api/v1/agents/:id', 'One agent (id or slug) with its draft graph, revision and problems.'],
  [
    'PUT',
    '/api/v1/agents/:id',
    'Change `{ name?, description?, graph?, baseRevision? }`; a stale `baseRevision` is 409.',
  ],
  ['DELETE', '/api/v1/agents/:id', 'Delete the agent with its versions and runs → 204.'],
  ['POST', '/api/v1/agents/:id/publish', 'Publish the draft as the next version: `{ note? }` → 201.'],
  [
    'POST',
    '/api/v1/agents/:id/chat',
    'One chat turn as the AI SDK UI message stream (what `useChat` reads).',
  ],
  ['POST', '/api/v1/chat/completions', 'OpenAI-compatible chat completions; `model` is an agent id or slug.'],
  ['GET', '/api/v1/models', 'Published agents as OpenAI models (id = slug).'],
  ['GET', '/api/v1/schema/graph.json', 'The JSON Schema of the graph format (no key needed).'],
  [
    'GET',
    '/api/v1/schema/eval-case.json',
    'The JSON Schema of one eval test case, a line of a .jsonl case file (no key needed).',
  ],
];

/** The HTTP API reference, with examples pointing at this server. */
export default async function ApiDocsPage() {
  const list = await headers();
  const host = list.get('x-forwarded-host') ?? list.get('host') ?? 'localhost:3000';
  const protocol =
    list.get('x-forwarded-proto') ??
    (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  const base = `${protocol}://${host}`;
  return (
    <article className="max-w-4xl space-y-8 text-sm leading-relaxed text-slate-700">
      <PageHeader
        title="HTTP API"
        description="Run and manage your agents from programs: REST routes, a chat stream for useChat, and an OpenAI-compatible endpoint."
      />

      <Section id="auth" title="Authentication">
        <p>
          Create a key in{' '}
          <Link href="/settings" className="text-brand-700 underline">
            Settings → API keys
          </Link>{' '}
          (or with <code>pnpm agentry api-key create --name NAME</code>). It is shown once, stored hashed,
          acts as the member who created it (an editor at most), and can be revoked at any time. A key has
          scopes — <code>run</code> (chat, completions, models), <code>manage</code> (create, edit, publish,
          delete agents and read their graphs), <code>knowledge</code> (uploads) — and may be limited to some
          agents and given an expiry. Send it on every request:
        </p>
        <Code>{`curl ${base}/api/v1/agents -H "Authorization: Bearer agt_…"`}</Code>
        <p>
          API keys talk to the <strong>published</strong> version of an agent; publish from the builder or
          with <code>POST /api/v1/agents/:id/publish</code>.
        </p>
      </Section>

      <Section id="routes" title="Routes">
        <table className="w-full text-left text-xs">
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th className="py-2 pr-3 font-medium">Method</th>
              <th className="py-2 pr-3 font-medium">Path</th>
              <th className="py-2 font-medium">What it does</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ROUTES.map(([method, path, text]) => (
              <tr key={`${method} ${path}`}>
                <td className="py-2 pr-3 font-mono">{method}</td>
                <td className="py-2 pr-3 font-mono">{path}</td>
                <td className="py-2">{text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="openai" title="OpenAI-compatible">
        <p>
          Point the official <code>openai</code> client at Agentry; the model is the agent's slug or id.
          Streaming, usage and errors follow OpenAI's format. Each request starts a new conversation; sampling
          settings are the agent's own.
        </p>
        <Code>{`import OpenAI from 'openai';

const client = new OpenAI({ baseURL: '${base}/api/v1', apiKey: process.env.AGENTRY_API_KEY });
const stream = await client.chat.completions.create({
  model: 'support-bot',
  messages: [{ role: 'user', content: 'Where is my order?' }],
  stream: true,
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');`}</Code>
      </Section>

      <Section id="use-chat" title="Chat stream (useChat)">
        <p>
          <code>POST /api/v1/agents/:id/chat</code> takes{' '}
          <code>{'{ messages: UIMessage[], conversationId? }'}</code> and answers with the AI SDK UI message
          stream: text as <code>text-delta</code> parts, engine events as <code>data-node</code>,{' '}
          <code>data-tool</code> and <code>data-run</code> parts. The conversation id comes back in the{' '}
          <code>x-agentry-conversation-id</code> header and the message metadata; send it back to continue.
        </p>
        <Code>{`import { DefaultChatTransport } from 'ai';
import { useChat } from '@ai-sdk/react';

const { messages, sendMessage } = useChat({
  transport: new DefaultChatTransport({
    api: '${base}/api/v1/agents/AGENT_ID/chat',
    headers: { Authorization: 'Bearer agt_…' }, // from your server, never a public page
  }),
});`}</Code>
      </Section>

      <Section id="embed" title="Embedding the widget">
        <p>
          Each agent's <strong>Embed</strong> page (<code>/agents/:id/embed</code>) sets the widget's look,
          the sites allowed to use it and its limits, and gives the snippet. The widget uses public routes
          addressed by the agent's public id, with no key; they answer only the allowed origins and only the
          published version.
        </p>
        <Code>{`<script src="${base}/widget.js" data-agent="ag_…" async></script>
<!-- or -->
<agentry-chat agent="ag_…"></agentry-chat>
<script>Agentry.open(); Agentry.send('Hello'); Agentry.close();</script>`}</Code>
        <p>
          Public routes: <code>GET /api/public/agents/:publicId/config</code>,{' '}
          <code>POST /api/public/agents/:publicId/chat</code> (body as above) and{' '}
          <code>GET /api/public/agents/:publicId/conversations/:conversationId</code>. Limits per agent:
          messages per minute per address and per conversation (429 with <code>Retry-After</code>), message
          length (413), tokens per conversation and per day (429).
        </p>
      </Section>

      <Section id="errors" title="Errors">
        <p>
          Every error is JSON <code>{'{ "error": { "code", "message" } }'}</code> with its status: 400 bad
          input (the message names the field), 401 missing, wrong, revoked or expired key, 403 not allowed (a
          missing scope or an agent the key may not use, named in the message), 404 not found (also another
          workspace's agent), 409 revision conflict, 413 too large, 429 rate limited. Bodies never carry stack
          traces.
        </p>
        <Code>{`HTTP/1.1 400 Bad Request
{ "error": { "code": "bad_request", "message": "Invalid request: name: Name the agent" } }`}</Code>
      </Section>
    </article>
  );
}
