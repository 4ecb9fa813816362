import type { Runtime } from '../runtime';
import { handleAgentChat } from './agent-chat';
import {
  handleGetAgentEmbed,
  handleGetAgentTests,
  handleReplaceAgentTests,
  handleUpdateAgentEmbed,
} from './agent-files';
import {
  handleCreateAgent,
  handleDeleteAgent,
  handleGetAgent,
  handleListAgents,
  handlePublishAgent,
  handleUpdateAgent,
} from './agents';
import { handleGraphSchema } from './graph-schema';
import { handleChatCompletions, handleListModels } from './openai-compatible';

/**
 * A `fetch` that answers the HTTP API's routes with its handlers, in process: lets real clients (the
 * `openai` package, the AI SDK's chat transport) be tested against Agentry without a server.
 */
export function handlerFetch(runtime: Runtime): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    const method = request.method;
    if (pathname === '/api/v1/chat/completions' && method === 'POST')
      return handleChatCompletions(runtime, request);
    if (pathname === '/api/v1/models' && method === 'GET') return handleListModels(runtime, request);
    if (pathname === '/api/v1/schema/graph.json') return handleGraphSchema();
    if (pathname === '/api/v1/agents') {
      if (method === 'GET') return handleListAgents(runtime, request);
      if (method === 'POST') return handleCreateAgent(runtime, request);
    }
    const agent = /^\/api\/v1\/agents\/([^/]+)(\/chat|\/publish|\/embed|\/tests)?$/.exec(pathname);
    if (agent) {
      const id = decodeURIComponent(agent[1]!);
      if (agent[2] === '/chat' && method === 'POST') return handleAgentChat(runtime, request, id);
      if (agent[2] === '/publish' && method === 'POST') return handlePublishAgent(runtime, request, id);
      if (agent[2] === '/embed' && method === 'GET') return handleGetAgentEmbed(runtime, request, id);
      if (agent[2] === '/embed' && method === 'PUT') return handleUpdateAgentEmbed(runtime, request, id);
      if (agent[2] === '/tests' && method === 'GET') return handleGetAgentTests(runtime, request, id);
      if (agent[2] === '/tests' && method === 'PUT') return handleReplaceAgentTests(runtime, request, id);
      if (!agent[2] && method === 'GET') return handleGetAgent(runtime, request, id);
      if (!agent[2] && method === 'PUT') return handleUpdateAgent(runtime, request, id);
      if (!agent[2] && method === 'DELETE') return handleDeleteAgent(runtime, request, id);
    }
    return Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 });
  };
}
