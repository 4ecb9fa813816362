import { eq } from '@agentry/db/drizzle';
import { engineState } from '@agentry/db';
import {
  type ChatMessage,
  type ConversationStorage,
  createHttpFetcher,
  createLanguageModel,
  EngineError,
  type Graph,
  type HttpFetcher,
  type LanguageModelFactory,
  type RunContext,
  systemClock,
} from '@agentry/engine';
import { createKnowledgeRetriever } from '../knowledge/search-knowledge';
import { chatFileStore } from './chat-files';
import type { Runtime } from '../runtime';
import { AppError } from '../errors';
import { engineLogger, type Logger } from '../logging/logger';
import { rememberSecret } from '../logging/redaction';
import { publishedGraphOfAgent } from './agent-graphs';
import { environmentCredential, providerFetch, providerNetworkPolicy } from './provider-access';
import { resolveCredential, SECRET_UNREADABLE } from './credentials';
import { MCP_OAUTH_PROVIDER, resolveMcpOAuthCredential } from './mcp-oauth';

/** Most messages one memory keeps per conversation; older ones are dropped. */
const MEMORY_CAP = 200;

/** Conversation memory stored in the database (`engine_state`), one row per conversation and memory node. */
export function databaseConversationStorage(runtime: Runtime, workspaceId: string): ConversationStorage {
  const key = (conversationId: string, memoryKey: string) =>
    `memory:${workspaceId}:${conversationId}:${memoryKey}`;
  async function load(id: string): Promise<ChatMessage[]> {
    const [row] = await runtime.db
      .select({ value: engineState.value })
      .from(engineState)
      .where(eq(engineState.key, id));
    return Array.isArray(row?.value) ? (row.value as ChatMessage[]) : [];
  }
  return {
    async loadMessages({ conversationId, memoryKey, limit }) {
      const messages = await load(key(conversationId, memoryKey));
      return limit > 0 ? messages.slice(-limit) : [];
    },
    async appendMessages({ conversationId, memoryKey, messages }) {
      const id = key(conversationId, memoryKey);
      const next = [...(await load(id)), ...messages].slice(-MEMORY_CAP);
      await runtime.db
        .insert(engineState)
        .values({ key: id, value: next })
        .onConflictDoUpdate({ target: engineState.key, set: { value: next, updatedAt: new Date() } });
    },
  };
}

/**
 * The HTTP tool's fetcher with a debug line per call: method, host, status and time. Never the path,
 * query, headers or bodies, which carry keys and people's data.
 */
function loggedHttpFetch(fetcher: HttpFetcher, logger: Logger, runId: string | undefined): HttpFetcher {
  return async (url, init, limits) => {
    if (!logger.isLevelEnabled('debug')) return fetcher(url, init, limits);
    const started = performance.now();
    const fields = { runId, method: init.method ?? 'GET', host: URL.parse(url)?.host };
    try {
      const result = await fetcher(url, init, limits);
      const durationMs = Math.round(performance.now() - started);
      logger.debug({ ...fields, status: result.status, durationMs }, 'HTTP tool request answered');
      return result;
    } catch (error) {
      logger.debug({ ...fields, err: error }, 'HTTP tool request failed');
      throw error;
    }
  };
}

/** Everything the engine needs from the host for a run in one workspace. */
export function createEngineContext(
  runtime: Runtime,
  options: {
    workspaceId: string;
    conversationId: string;
    /** The run this context serves: on every line the engine logs. */
    runId?: string;
    signal?: AbortSignal;
    languageModels?: LanguageModelFactory;
  },
): RunContext {
  const { workspaceId } = options;
  const logger = engineLogger(runtime.logger, options.runId ? { runId: options.runId } : { workspaceId });
  const languageModels: LanguageModelFactory =
    options.languageModels ??
    ((request, credential) => {
      const resolved = credential ?? environmentCredential(runtime.config, request.provider);
      return runtime.modelThreads
        ? runtime.modelThreads.languageModel(request, resolved, providerNetworkPolicy(runtime.config))
        : createLanguageModel(request as Parameters<typeof createLanguageModel>[0], resolved, {
            fetch: providerFetch(runtime.config),
          });
    });
  return {
    storage: databaseConversationStorage(runtime, workspaceId),
    secrets: {
      async resolve(credentialId) {
        try {
          const credential = await resolveCredential(runtime, workspaceId, credentialId);
          // In clear from here on: whatever text it ends up in (a provider's error echoing it), no log shows it.
          rememberSecret(credential.apiKey);
          // An MCP sign-in: the SDK reads (and refreshes) its tokens through a store over the row.
          if (credential.provider === MCP_OAUTH_PROVIDER) {
            return await resolveMcpOAuthCredential(runtime, workspaceId, credentialId);
          }
          return {
            apiKey: credential.apiKey,
            baseURL: credential.baseURL,
            allowedHosts: credential.allowedHosts,
          };
        } catch (error) {
          // A secret that exists but does not open (sealed for another row, or another key) must say
          // so, not pass for a deleted credential.
          if (error instanceof AppError && error.details?.reason === SECRET_UNREADABLE)
            throw new EngineError('credential_not_found', error.message, { cause: error });
          return undefined;
        }
      },
    },
    clock: systemClock,
    agents: {
      // Agent-as-tool calls the published version of another agent of the same workspace.
      async load(agentId) {
        return (await publishedGraphOfAgent(runtime, workspaceId, agentId)) as Graph | undefined;
      },
    },
    conversationId: options.conversationId,
    signal: options.signal,
    logger,
    languageModels,
    httpFetch: loggedHttpFetch(
      createHttpFetcher({ allowPrivateHosts: runtime.config.allowPrivateHosts }),
      runtime.logger,
      options.runId,
    ),
    // The workspace is the key the code threads are shared by: one tenant cannot take them all.
    runCode: (code, runOptions) => runtime.codeRunner(code, { ...runOptions, key: workspaceId }),
    // Files sent in this workspace's chats: their bytes, and documents' text through the knowledge extractors.
    files: chatFileStore(runtime, workspaceId),
    // Knowledge nodes search this workspace's knowledge bases only.
    knowledge: createKnowledgeRetriever(runtime, workspaceId),
    // MCP Tools nodes: private servers only where the admin allows them; local servers only by admin name.
    mcp: { allowPrivateHosts: runtime.config.allowPrivateHosts, commands: runtime.config.mcpCommands },
  };
}
