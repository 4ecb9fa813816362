import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

/** The kinds of trigger. */
export const triggerKinds = ['webhook', 'schedule'] as const;
export type TriggerKind = (typeof triggerKinds)[number];

/** Caps every trigger has, whatever its kind: runs it may start a minute and tokens its runs may use a day. */
export const triggerLimitsSchema = z.object({
  runsPerMinute: z.number().int().min(1).max(10_000).default(60),
  tokensPerDay: z.number().int().min(100).max(1_000_000_000).default(1_000_000),
});

/** Largest webhook body a trigger may accept (its own limit may only be lower). */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** How a webhook's request may prove it comes from the sender: an HMAC of the raw body. */
export const webhookSignatureSchema = z.object({
  /** Header carrying the signature, e.g. `X-Hub-Signature-256` or `Stripe-Signature`. */
  header: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9-]+$/, 'A header name: letters, digits and -'),
  /** Credential whose key is the shared HMAC secret (never in the trigger's config). */
  credentialId: z.string().min(1).max(200),
  algorithm: z.enum(['sha256', 'sha1', 'sha512']).default('sha256'),
  /** Text before the hex digest in the header, e.g. `sha256=`. */
  prefix: z.string().max(50).default(''),
});

/** A webhook trigger's settings. */
export const webhookConfigSchema = z.object({
  /**
   * The run's input message, built from the request: `{{body}}` (the whole body as text or JSON),
   * `{{body.field.sub}}` (a JSON or form field), `{{query.name}}`, `{{headers.name}}`. Default: the body.
   */
  inputTemplate: z.string().max(10_000).default('{{body}}'),
  signature: webhookSignatureSchema.optional(),
  /** Answer with the run's answer (up to `waitTimeoutMs`) instead of 202 at once; callers ask with `?wait=1`. */
  allowWait: z.boolean().default(false),
  waitTimeoutMs: z.number().int().min(1000).max(120_000).default(30_000),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(MAX_WEBHOOK_BODY_BYTES)
    .default(256 * 1024),
  limits: triggerLimitsSchema.default(triggerLimitsSchema.parse({})),
});

/** Whether `cron` (5 or 6 fields) parses in `timezone`; the parser's message otherwise. */
export function cronProblem(cron: string, timezone: string): string | undefined {
  try {
    CronExpressionParser.parse(cron, { tz: timezone });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Whether the runtime knows the IANA time zone. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A schedule trigger's settings. */
export const scheduleConfigSchema = z
  .object({
    /** A cron expression: `0 8 * * 1-5` is 08:00 on weekdays. */
    cron: z.string().trim().min(9).max(200),
    /** IANA time zone the expression is read in, e.g. `Europe/Paris`. */
    timezone: z.string().trim().min(1).max(100).default('UTC').refine(isTimeZone, 'Unknown time zone'),
    /** The message each run gets. */
    input: z.string().max(10_000).default('Run your scheduled task.'),
    /** Runs missed while no server was up: `run_once` runs one as soon as a server is back; `skip` skips them. */
    missed: z.enum(['run_once', 'skip']).default('run_once'),
    limits: triggerLimitsSchema.default(triggerLimitsSchema.parse({})),
  })
  .superRefine((value, context) => {
    const problem = cronProblem(value.cron, value.timezone);
    if (problem)
      context.addIssue({ code: 'custom', path: ['cron'], message: `Not a cron expression: ${problem}` });
  });

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;
export type TriggerLimits = z.infer<typeof triggerLimitsSchema>;

/** The next `count` times a schedule fires after `from`. */
export function nextRuns(config: Pick<ScheduleConfig, 'cron' | 'timezone'>, from: Date, count = 1): Date[] {
  const expression = CronExpressionParser.parse(config.cron, { tz: config.timezone, currentDate: from });
  return Array.from({ length: count }, () => expression.next().toDate());
}
