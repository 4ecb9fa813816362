import type { ApprovalRequest, ResumeAnswer } from '@agentry/engine';

/** Reads one line; undefined at the end of the input. */
export type ReadLine = (prompt: string) => Promise<string | undefined>;

/**
 * Shows a run's question in the terminal and reads the answer: the choice by its number, the short
 * form's fields one by one, and for a denied tool call an optional reason (the model reads it).
 * Resolves undefined when the input ends before an answer.
 */
export async function askQuestion(
  request: ApprovalRequest,
  read: ReadLine,
  write: (text: string) => void,
): Promise<ResumeAnswer | undefined> {
  write(`\n? ${request.message}\n`);
  if (request.audience === 'visitor') write('  (meant for the visitor; you answer it here)\n');
  request.choices.forEach((choice, index) => {
    write(`  ${index + 1}) ${choice.label}\n`);
  });
  let choice: string | undefined;
  while (!choice) {
    const line = await read(`Choose 1-${request.choices.length}: `);
    if (line === undefined) return undefined;
    const picked = request.choices[Number(line.trim()) - 1];
    const byName = request.choices.find((entry) => entry.id === line.trim() || entry.label === line.trim());
    choice = (picked ?? byName)?.id;
    if (!choice) write(`  Type a number from 1 to ${request.choices.length}.\n`);
  }
  const form: Record<string, unknown> = {};
  for (const field of request.form ?? []) {
    for (;;) {
      const hint = field.type === 'boolean' ? ' (y/n)' : field.required ? '' : ' (optional)';
      const line = await read(`${field.label}${hint}: `);
      if (line === undefined) return undefined;
      const text = line.trim();
      if (!text && field.required) {
        write(`  ${field.label} is required.\n`);
        continue;
      }
      if (field.type === 'number' && text && !Number.isFinite(Number(text))) {
        write('  Type a number.\n');
        continue;
      }
      if (text)
        form[field.name] =
          field.type === 'number'
            ? Number(text)
            : field.type === 'boolean'
              ? /^(y|yes|true|1)$/i.test(text)
              : text;
      break;
    }
  }
  let reason: string | undefined;
  if (request.kind === 'tool' && choice !== 'approve') {
    const line = await read('Reason (optional, the model reads it): ');
    if (line === undefined) return undefined;
    reason = line.trim() || undefined;
  }
  return {
    requestId: request.id,
    choice,
    ...(Object.keys(form).length > 0 ? { form } : {}),
    ...(reason ? { reason } : {}),
  };
}
