import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The agent's test cases in order (what `agentry pull` writes as <slug>.cases.jsonl). */
export const GET = routeHandler((http) => http.handleGetAgentTests, 'id');

/** Makes the agent's test cases exactly the list sent. */
export const PUT = routeHandler((http) => http.handleReplaceAgentTests, 'id');
