import { handleEvalCaseSchema } from '@agentry/api/http';

export const runtime = 'nodejs';

/** The JSON Schema of one eval test case, a line of a `.jsonl` case file (public). */
export function GET(): Response {
  return handleEvalCaseSchema();
}
