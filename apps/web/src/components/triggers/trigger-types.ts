// Mirrors packages/api/src/services/trigger-config.ts (the server validates again): importing its zod
// schemas here would pull cron-parser and server code into the browser bundle.

/** Caps of one trigger. */
export interface TriggerLimits {
  runsPerMinute: number;
  tokensPerDay: number;
}

/** How a webhook request proves its sender: an HMAC of the raw body in a header. */
export interface WebhookSignature {
  header: string;
  credentialId: string;
  algorithm: 'sha256' | 'sha1' | 'sha512';
  prefix: string;
}

/** A webhook trigger's settings as the form edits them. */
export interface WebhookConfig {
  inputTemplate: string;
  signature?: WebhookSignature;
  allowWait: boolean;
  waitTimeoutMs: number;
  maxBodyBytes: number;
  limits: TriggerLimits;
}

/** A schedule trigger's settings as the form edits them. */
export interface ScheduleConfig {
  cron: string;
  timezone: string;
  input: string;
  missed: 'run_once' | 'skip';
  limits: TriggerLimits;
}

/** The server's defaults for a new trigger's caps. */
export const DEFAULT_LIMITS: TriggerLimits = { runsPerMinute: 60, tokensPerDay: 1_000_000 };

/** A new webhook's settings: the whole body is the message. */
export const DEFAULT_WEBHOOK: WebhookConfig = {
  inputTemplate: '{{body}}',
  allowWait: false,
  waitTimeoutMs: 30_000,
  maxBodyBytes: 256 * 1024,
  limits: DEFAULT_LIMITS,
};

/** Signature settings the form offers in one click: GitHub's, and a plain hex HMAC (named by the form). */
export const SIGNATURE_PRESETS: { id: 'github' | 'plain'; value: Omit<WebhookSignature, 'credentialId'> }[] =
  [
    {
      id: 'github',
      value: { header: 'X-Hub-Signature-256', algorithm: 'sha256', prefix: 'sha256=' },
    },
    {
      id: 'plain',
      value: { header: 'X-Signature', algorithm: 'sha256', prefix: '' },
    },
  ];

/** A curl call of a webhook URL, with the signature computed by openssl when the trigger checks one. */
export function curlExample(url: string, config: Pick<WebhookConfig, 'signature' | 'allowWait'>): string {
  const body = '{"text":"Hello from curl"}';
  const target = config.allowWait ? `${url}?wait=1` : url;
  if (!config.signature) {
    return `curl -X POST '${target}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
  }
  const { header, algorithm, prefix } = config.signature;
  return [
    `BODY='${body}'`,
    `SIG=$(printf '%s' "$BODY" | openssl dgst -${algorithm} -hmac "$WEBHOOK_SECRET" | sed 's/^.* //')`,
    `curl -X POST '${target}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "${header}: ${prefix}$SIG" \\`,
    `  -d "$BODY"`,
  ].join('\n');
}

/**
 * Out-of-range caps, keyed like the server's fields (`limits.runsPerMinute`), so saving never sends them.
 * Each names the cap whose range the form states.
 */
export function limitProblems(limits: TriggerLimits): Record<string, keyof TriggerLimits> {
  const problems: Record<string, keyof TriggerLimits> = {};
  if (!Number.isInteger(limits.runsPerMinute) || limits.runsPerMinute < 1 || limits.runsPerMinute > 10_000)
    problems['limits.runsPerMinute'] = 'runsPerMinute';
  if (
    !Number.isInteger(limits.tokensPerDay) ||
    limits.tokensPerDay < 100 ||
    limits.tokensPerDay > 1_000_000_000
  )
    problems['limits.tokensPerDay'] = 'tokensPerDay';
  return problems;
}
