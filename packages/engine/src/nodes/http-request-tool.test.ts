import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Credential, HttpFetcher, Logger } from '../runtime/context';
import { createHttpFetcher } from '../runtime/http-fetcher';
import { createMemorySecrets } from '../runtime/in-memory';
import { nodeContext } from '../testing/run-helpers';
import { safeFetch } from '../tools/http-request';
import { httpRequestToolNode, UNREACHABLE_ADDRESS_MESSAGE } from './http-request-tool';
import type { NodeServices } from './node-definition';
import { NodeInputs } from './node-inputs';
import type { ZodToolResource as ToolResource } from './tool-resource';

/** The admin allowed both loopback names, so only the credential's own hosts decide where it goes. */
const trustLoopback = createHttpFetcher({ allowPrivateHosts: ['127.0.0.1', 'localhost'] });

function tool(config: object, services: Partial<NodeServices> = {}): ToolResource {
  const parsed = httpRequestToolNode.config.parse(config);
  return (
    httpRequestToolNode.run(new NodeInputs({}), nodeContext(parsed, services)) as { tool: ToolResource }
  ).tool;
}

const call = (resource: ToolResource, input: unknown) =>
  resource.execute(resource.inputSchema.parse(input), {
    signal: new AbortController().signal,
    toolCallId: 't1',
  });

function withCredential(credential: Credential, config: object = {}): ToolResource {
  return tool(
    { credentialId: 'key', ...config },
    { secrets: createMemorySecrets({ key: credential }), httpFetch: trustLoopback },
  );
}

describe('HTTP Request tool: a credential goes only to its own hosts', () => {
  let server: Server;
  let port: number;
  const received: { host: string; path: string; authorization: string | null }[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push({
        host: (request.headers.host ?? '').split(':')[0]!,
        path: request.url ?? '',
        authorization: request.headers.authorization ?? null,
      });
      if (request.url?.startsWith('/to-localhost')) {
        response.writeHead(302, { location: `http://localhost:${port}/landed` });
        response.end();
        return;
      }
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
  });

  it('sends the key to a host on the credential’s list', async () => {
    const resource = withCredential({ apiKey: 'k-123', allowedHosts: ['127.0.0.1'] });
    await expect(call(resource, { url: `http://127.0.0.1:${port}/a` })).resolves.toMatchObject({
      status: 200,
    });
    expect(received).toEqual([{ host: '127.0.0.1', path: '/a', authorization: 'Bearer k-123' }]);
  });

  it('never sends the key to another host, even one the tool itself may call', async () => {
    const resource = withCredential({ apiKey: 'k-123', allowedHosts: ['127.0.0.1'] });
    await expect(call(resource, { url: `http://localhost:${port}/b` })).rejects.toThrow(
      /credential may only be sent to 127\.0\.0\.1; localhost is not on its list/,
    );
    expect(received).toEqual([]);
  });

  it('drops the key when a redirect leads to a host off the credential’s list', async () => {
    const resource = withCredential({ apiKey: 'k-123', allowedHosts: ['127.0.0.1'] });
    await call(resource, { url: `http://127.0.0.1:${port}/to-localhost` });
    expect(received).toEqual([
      { host: '127.0.0.1', path: '/to-localhost', authorization: 'Bearer k-123' },
      { host: 'localhost', path: '/landed', authorization: null },
    ]);
  });

  it('drops credential headers on a hop off the list, even a same-origin-looking one (fetch level)', async () => {
    await safeFetch(
      `http://127.0.0.1:${port}/to-localhost`,
      { headers: { authorization: 'Bearer k', cookie: 'c=1' } },
      { allowHosts: ['127.0.0.1', 'localhost'], credentialHosts: ['127.0.0.1'] },
    );
    expect(received[1]).toEqual({ host: 'localhost', path: '/landed', authorization: null });
  });

  it('refuses a credential that lists no hosts, naming the fix', async () => {
    for (const credential of [{ apiKey: 'k-123' }, { apiKey: 'k-123', allowedHosts: [] }]) {
      const resource = withCredential(credential);
      await expect(call(resource, { url: `http://127.0.0.1:${port}/c` })).rejects.toThrow(
        /lists no hosts.*Hosts this key may be sent to.*Credentials page/,
      );
    }
    expect(received).toEqual([]);
  });

  it('says in the config field that the key goes only to the credential’s hosts', () => {
    const schema = httpRequestToolNode.config.toJSONSchema() as unknown as {
      properties: { credentialId: { description: string } };
    };
    expect(schema.properties.credentialId.description).toMatch(/only to the hosts listed on that credential/);
  });
});

describe('HTTP Request tool: refused addresses', () => {
  it('tells the model only that the address cannot be reached', async () => {
    const resource = tool({});
    const error = await call(resource, { url: 'http://127.0.0.1:9/' }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(UNREACHABLE_ADDRESS_MESSAGE);
  });

  it('keeps what a name resolved to out of the model’s error and in the server log', async () => {
    const warnings: Record<string, unknown>[] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      error() {},
      warn: (_message, fields) => warnings.push(fields ?? {}),
    };
    // A name whose DNS answer is an internal address, as a visitor probing the network would try.
    const resolvesInternally: HttpFetcher = (url, init, limits) =>
      safeFetch(url, init, { ...limits, lookup: async () => [{ address: '10.20.30.40', family: 4 }] });
    const resource = tool({}, { httpFetch: resolvesInternally, logger });
    const error = await call(resource, { url: 'http://intranet.example.com/' }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toBe(UNREACHABLE_ADDRESS_MESSAGE);
    expect((error as Error).message).not.toContain('10.20.30.40');
    expect(String(warnings[0]?.detail)).toContain('10.20.30.40');
  });
});
