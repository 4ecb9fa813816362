import { handleGraphSchema } from '@agentry/api/http';

export const runtime = 'nodejs';

/** The JSON Schema of the graph format (public). */
export function GET(): Response {
  return handleGraphSchema();
}
