import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

// The official SDK is a dependency of the engine and the API package, not of the web app: load it from
// there (the same files Agentry's own MCP client and server use) rather than add a copy for the tests.
const requireFromEngine = createRequire(
  path.resolve(import.meta.dirname, '../../../packages/engine/package.json'),
);

/** The parts of the SDK's McpServer this helper uses. */
interface SdkMcpServer {
  registerTool(
    name: string,
    config: { title?: string; description: string; inputSchema: Record<string, z.ZodType> },
    callback: (args: Record<string, string>) => Promise<{ content: { type: 'text'; text: string }[] }>,
  ): unknown;
  connect(transport: unknown): Promise<void>;
  close(): Promise<void>;
}

/** The parts of the SDK's Node Streamable HTTP server transport this helper uses. */
interface SdkTransport {
  handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

async function sdk<T>(specifier: string): Promise<T> {
  return (await import(pathToFileURL(requireFromEngine.resolve(specifier)).href)) as T;
}

/** A tool call the server answered. */
export interface RecordedCall {
  name: string;
  args: Record<string, string>;
}

/** An MCP server on 127.0.0.1 (the official SDK, stateless Streamable HTTP) with three weather tools. */
export interface McpTestServer {
  url: string;
  calls: RecordedCall[];
  /** Tools left out of the list from now on (a server that dropped them). */
  hidden: Set<string>;
  close(): Promise<void>;
}

/**
 * Starts the test MCP server. Its tools: `get_forecast` (city), `get_alerts` (region) and
 * `convert_temperature` (value); each answers a fixed sentence naming its argument and is recorded.
 */
export async function startMcpTestServer(): Promise<McpTestServer> {
  const { McpServer } = await sdk<{
    McpServer: new (info: { name: string; version: string }) => SdkMcpServer;
  }>('@modelcontextprotocol/sdk/server/mcp.js');
  const { StreamableHTTPServerTransport } = await sdk<{
    StreamableHTTPServerTransport: new (options: { sessionIdGenerator: undefined }) => SdkTransport;
  }>('@modelcontextprotocol/sdk/server/streamableHttp.js');
  const calls: RecordedCall[] = [];
  const hidden = new Set<string>();
  const record =
    (name: string, answer: (args: Record<string, string>) => string) =>
    async (args: Record<string, string>) => {
      calls.push({ name, args });
      return { content: [{ type: 'text' as const, text: answer(args) }] };
    };

  const server = createServer(async (request, response) => {
    // Stateless: a fresh server and transport per request, as the SDK's stateless example does.
    const mcp = new McpServer({ name: 'e2e-weather', version: '1.0.0' });
    const registerTool: SdkMcpServer['registerTool'] = (name, config, callback) =>
      hidden.has(name) ? undefined : mcp.registerTool(name, config, callback);
    registerTool(
      'get_forecast',
      { title: 'Forecast', description: 'Weather forecast for a city', inputSchema: { city: z.string() } },
      record('get_forecast', ({ city }) => `Forecast for ${city}: sunny, 21 degrees.`),
    );
    registerTool(
      'get_alerts',
      { description: 'Active storm alerts for a region', inputSchema: { region: z.string() } },
      record('get_alerts', ({ region }) => `No storm alerts for ${region}.`),
    );
    registerTool(
      'convert_temperature',
      { description: 'Converts celsius to fahrenheit', inputSchema: { value: z.string() } },
      record('convert_temperature', ({ value }) => `${value} C is ${(Number(value) * 9) / 5 + 32} F.`),
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    hidden,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
