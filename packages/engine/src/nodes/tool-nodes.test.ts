import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher } from '../runtime/http-fetcher';
import { createFixedClock, createMemorySecrets } from '../runtime/in-memory';
import { nodeContext } from '../testing/run-helpers';
import { calculatorToolNode } from './calculator-tool';
import { codeToolNode } from './code-tool';
import { currentTimeToolNode } from './current-time-tool';
import { httpRequestToolNode } from './http-request-tool';
import type { AnyNodeDefinition, NodeServices } from './node-definition';
import { NodeInputs } from './node-inputs';
import type { ZodToolResource as ToolResource } from './tool-resource';

function toolOf(
  definition: AnyNodeDefinition,
  config: object = {},
  services: Partial<NodeServices> = {},
): ToolResource {
  const parsed = definition.config.parse(config);
  return (definition.run(new NodeInputs({}), nodeContext(parsed, services)) as { tool: ToolResource }).tool;
}

/** The host's policy in these tests: an admin allowed the loopback test server. */
const trustLoopback = createHttpFetcher({ allowPrivateHosts: ['127.0.0.1', 'localhost'] });

const call = (tool: ToolResource, input: unknown) =>
  tool.execute(tool.inputSchema.parse(input), { signal: new AbortController().signal, toolCallId: 't1' });

describe('tool nodes provide named, described tools', () => {
  it('uses the configured name and rejects names providers would refuse', () => {
    expect(toolOf(calculatorToolNode, { name: 'math' })).toMatchObject({ kind: 'tool', name: 'math' });
    expect(calculatorToolNode.config.safeParse({ name: 'has space' }).success).toBe(false);
    expect(calculatorToolNode.provides).toBe('tool');
  });
});

describe('Calculator tool', () => {
  it('evaluates expressions and throws a clear error for bad ones', async () => {
    const tool = toolOf(calculatorToolNode);
    await expect(call(tool, { expression: '2 ^ 10 + (3 * 4)' })).resolves.toEqual({
      expression: '2 ^ 10 + (3 * 4)',
      result: 1036,
    });
    await expect(call(tool, { expression: '2 +' })).rejects.toThrow(/position/);
  });
});

describe('Current Time tool', () => {
  it('reads the run clock in the configured time zone, or the one asked for', async () => {
    const clock = createFixedClock('2026-03-01T12:00:00Z');
    const tool = toolOf(currentTimeToolNode, { timeZone: 'Asia/Tokyo' }, { clock });
    await expect(call(tool, {})).resolves.toMatchObject({
      iso: '2026-03-01T12:00:00.000Z',
      timeZone: 'Asia/Tokyo',
    });
    const paris = (await call(tool, { timeZone: 'Europe/Paris' })) as { formatted: string };
    expect(paris.formatted).toContain('1:00:00 PM');
    expect(currentTimeToolNode.config.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});

describe('Code tool', () => {
  it('runs the configured code on the agent’s input in the sandbox', async () => {
    const tool = toolOf(codeToolNode, { code: 'console.log("adding"); return input.a * input.b;' });
    await expect(call(tool, { input: '{"a": 6, "b": 7}' })).resolves.toEqual({
      result: 42,
      logs: ['adding'],
    });
    const text = toolOf(codeToolNode, { code: 'return input.toUpperCase();' });
    await expect(call(text, { input: 'plain text' })).resolves.toMatchObject({ result: 'PLAIN TEXT' });
  });

  it('stops code that runs too long', async () => {
    const tool = toolOf(codeToolNode, { code: 'while (true) {}', timeoutMs: 50 });
    await expect(call(tool, { input: '' })).rejects.toThrow();
  });
});

describe('HTTP Request tool', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(302, {
          location: `http://localhost:${(server.address() as AddressInfo).port}/echo`,
        });
        response.end();
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({ method: request.method, authorization: request.headers.authorization ?? null }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('blocks private addresses by default', async () => {
    const tool = toolOf(httpRequestToolNode);
    await expect(call(tool, { url: `${base}/echo` })).rejects.toThrow(/cannot be reached from here/);
  });

  it('only calls hosts on its allow-list', async () => {
    const tool = toolOf(httpRequestToolNode, { allowHosts: ['api.example.com'] });
    await expect(call(tool, { url: 'https://evil.example.net/' })).rejects.toThrow(
      /only call api\.example\.com/,
    );
  });

  it('calls an allowed service with the credential as a bearer token', async () => {
    const services = {
      secrets: createMemorySecrets({ key: { apiKey: 'tok-123', allowedHosts: ['127.0.0.1'] } }),
      httpFetch: trustLoopback,
    };
    const config = {
      allowHosts: ['127.0.0.1'],
      credentialId: 'key',
      methods: ['GET', 'POST'],
    };
    const tool = toolOf(httpRequestToolNode, config, services);
    const response = (await call(tool, { url: `${base}/echo`, method: 'POST', body: '{}' })) as {
      status: number;
      body: string;
    };
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ method: 'POST', authorization: 'Bearer tok-123' });
    // Methods outside the configured list are not even in the schema the model sees.
    expect(tool.inputSchema.safeParse({ url: `${base}/echo`, method: 'DELETE' }).success).toBe(false);
  });

  it('refuses a response that a redirect brought from a host off the list', async () => {
    const tool = toolOf(httpRequestToolNode, { allowHosts: ['127.0.0.1'] }, { httpFetch: trustLoopback });
    await expect(call(tool, { url: `${base}/redirect` })).rejects.toThrow(
      /localhost"? is not on (its|the) list/,
    );
  });
});
