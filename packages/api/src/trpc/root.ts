import { router } from './init';
import { agentsRouter } from './routers/agents';
import { authRouter } from './routers/auth';
import { apiKeysRouter, credentialsRouter, membersRouter } from './routers/settings';

/** Every tRPC procedure, one router per domain. */
export const appRouter = router({
  auth: authRouter,
  agents: agentsRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  credentials: credentialsRouter,
});

/** The router's type, for the typed client. */
export type AppRouter = typeof appRouter;
