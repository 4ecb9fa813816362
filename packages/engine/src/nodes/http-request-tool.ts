import { z } from 'zod';
import { EngineError } from '../errors';
import type { NodeId } from '../format/ids';
import { isAllowedHost } from '../tools/host-patterns';
import { ui } from './config-ui';
import { defineNode, type NodeServices } from './node-definition';
import {
  askBeforeRunningField,
  createToolResource,
  TOOL_OUTPUTS,
  toolDescriptionField,
  toolNameField,
} from './tool-resource';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

const configSchema = z.object({
  name: toolNameField('http_request'),
  askBeforeRunning: askBeforeRunningField(),
  description: toolDescriptionField(
    'Fetches a URL over HTTP(S) and returns the status and the body as text.',
  ),
  allowHosts: z
    .array(z.string().min(1).max(253))
    .max(50)
    .default([])
    .describe('Hosts the agent may call, e.g. api.example.com or *.example.com. Empty: any public host.'),
  methods: z.array(z.enum(METHODS)).min(1).default(['GET']).describe('HTTP methods the agent may use.'),
  headers: z
    .record(z.string().max(100), z.string().max(2000))
    .default({})
    .describe('Headers sent with every request. Never put secrets here: use a credential.')
    .meta(ui({ advanced: true })),
  credentialId: z
    .string()
    .max(200)
    .optional()
    .describe(
      'Credential whose API key is sent as "Authorization: Bearer …", only to the hosts listed on that credential ("Hosts this key may be sent to" on the Credentials page). A credential without hosts is refused.',
    )
    .meta(ui({ credential: true, advanced: true })),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000).describe('Give up after this long.'),
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(5_000_000)
    .default(200_000)
    .describe('Longest response body read.')
    .meta(ui({ advanced: true })),
});

/** Throws unless the URL's host is on the node's allow-list (an empty list allows any public host). */
function checkAllowed(url: string, allowHosts: readonly string[]): void {
  if (allowHosts.length === 0) return;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error(`"${url}" is not an absolute http(s) URL.`);
  }
  if (!isAllowedHost(host, allowHosts)) {
    throw new Error(`This tool may only call ${allowHosts.join(', ')}; "${host}" is not on its list.`);
  }
}

/** What the model reads when the address guard refused a host: no resolved addresses, no DNS answers. */
export const UNREACHABLE_ADDRESS_MESSAGE = 'This address cannot be reached from here.';

/** The credential's key and the hosts it may go to; throws when it has no key or no hosts. */
async function resolveBoundCredential(
  credentialId: string,
  context: { services: Pick<NodeServices, 'secrets'>; nodeId: NodeId },
): Promise<{ apiKey: string; allowedHosts: string[] }> {
  const credential = await context.services.secrets.resolve(credentialId);
  if (!credential?.apiKey) {
    throw new EngineError('credential_not_found', 'The credential of this HTTP tool is missing its key.', {
      nodeId: context.nodeId,
    });
  }
  const allowedHosts = credential.allowedHosts ?? [];
  if (allowedHosts.length === 0) {
    throw new EngineError(
      'tool_error',
      'The credential of this HTTP tool lists no hosts it may be sent to, so it is never sent. Add the API\'s host (e.g. api.example.com) under "Hosts this key may be sent to" on the Credentials page.',
      { nodeId: context.nodeId },
    );
  }
  return { apiKey: credential.apiKey, allowedHosts };
}

/** Whether the error is the address guard refusing a private, local or reserved address. */
function isAddressRefusal(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'address_blocked';
}

/** HTTP Request tool: lets an agent call web APIs through the SSRF-guarded fetch, limited to allowed hosts. */
export const httpRequestToolNode = defineNode({
  type: 'http-request-tool',
  title: 'HTTP Request',
  group: 'Tools',
  description: 'Lets an agent call web APIs. Private addresses are blocked; limit it to the hosts it needs.',
  config: configSchema,
  provides: 'tool',
  inputs: () => [],
  outputs: () => TOOL_OUTPUTS,
  run: (_inputs, context) => {
    const { config, services } = context;
    const methods = config.methods as [(typeof METHODS)[number], ...(typeof METHODS)[number][]];
    const inputSchema = z.object({
      url: z.string().max(4000).describe('Absolute http(s) URL.'),
      method: z
        .enum(methods)
        .optional()
        .describe(`One of ${methods.join(', ')}; default ${methods[0]}.`),
      body: z.string().max(100_000).optional().describe('Request body (for POST, PUT, PATCH).'),
    });
    return {
      tool: createToolResource({
        name: config.name,
        askBeforeRunning: config.askBeforeRunning,
        description: config.description,
        inputSchema,
        execute: async ({ url, method, body }, { signal }) => {
          checkAllowed(url, config.allowHosts);
          const headers: Record<string, string> = { ...config.headers };
          let credentialHosts: string[] | undefined;
          if (config.credentialId) {
            const credential = await resolveBoundCredential(config.credentialId, context);
            headers.authorization = `Bearer ${credential.apiKey}`;
            credentialHosts = credential.allowedHosts;
          }
          let response: Awaited<ReturnType<typeof services.httpFetch>>;
          try {
            response = await services.httpFetch(
              url,
              { method: method ?? methods[0], headers, body },
              {
                restrictToHosts: config.allowHosts.length > 0 ? config.allowHosts : undefined,
                credentialHosts,
                maxResponseBytes: config.maxResponseBytes,
                timeoutMs: config.timeoutMs,
                signal,
              },
            );
          } catch (error) {
            // The model may be steered by a visitor probing the network: it learns only that the
            // address is off limits. The details (what the name resolved to) stay in the server log.
            if (!isAddressRefusal(error)) throw error;
            services.logger?.warn('HTTP tool refused a private or reserved address', {
              nodeId: context.nodeId,
              detail: (error as Error).message,
            });
            throw new EngineError('tool_error', UNREACHABLE_ADDRESS_MESSAGE, { nodeId: context.nodeId });
          }
          // A redirect may have left the allow-list: refuse to hand that response to the agent.
          checkAllowed(response.url, config.allowHosts);
          return {
            status: response.status,
            url: response.url,
            body: response.body,
            truncated: response.truncated ?? false,
          };
        },
      }),
    };
  },
});
