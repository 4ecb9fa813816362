// A local MCP server for the 'command' transport tests, started by an admin-allowed command.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'agentry-stdio-test', version: '1.0.0' });
server.registerTool(
  'shout',
  { description: 'Upper-cases the text', inputSchema: { text: z.string() } },
  async ({ text }) => ({
    content: [{ type: 'text', text: `${text.toUpperCase()}${process.env.SHOUT_SUFFIX ?? ''}` }],
  }),
);
await server.connect(new StdioServerTransport());
