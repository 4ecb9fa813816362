import { router } from './init';
import { agentsRouter } from './routers/agents';
import { authRouter } from './routers/auth';
import { copilotRouter } from './routers/copilot';
import { embedRouter } from './routers/embed';
import { evalsRouter } from './routers/evals';
import { knowledgeRouter } from './routers/knowledge';
import { mcpRouter } from './routers/mcp';
import { mcpOAuthRouter } from './routers/mcp-oauth';
import { runsRouter } from './routers/runs';
import { apiKeysRouter, credentialsRouter, membersRouter } from './routers/settings';
import { triggersRouter } from './routers/triggers';
import { usageRouter } from './routers/usage';

/** Every tRPC procedure, one router per domain. */
export const appRouter = router({
  auth: authRouter,
  agents: agentsRouter,
  runs: runsRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  credentials: credentialsRouter,
  embed: embedRouter,
  knowledge: knowledgeRouter,
  mcp: mcpRouter,
  mcpOAuth: mcpOAuthRouter,
  triggers: triggersRouter,
  evals: evalsRouter,
  usage: usageRouter,
  copilot: copilotRouter,
});

/** The router's type, for the typed client. */
export type AppRouter = typeof appRouter;
