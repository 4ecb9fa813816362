import type { ApprovalRequest, EngineEvent } from '@agentry/engine';

/** How a run printed to the terminal ended. */
export interface PrintedRun {
  ok: boolean;
  answer: string;
  /** The run stopped to ask a person this (it goes on once answered). */
  waiting?: ApprovalRequest;
  /** Number of the last event printed (a continued run's events follow it). */
  lastSeq: number;
}

const dim = (text: string) => (process.stderr.isTTY ? `\u001b[2m${text}\u001b[22m` : text);

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Streams a run to the terminal: the answer to stdout as it arrives, tool calls and errors to stderr. */
export async function printRun(
  events: AsyncIterable<EngineEvent>,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<PrintedRun> {
  let answer = '';
  let lastSeq = 0;
  for await (const event of events) {
    lastSeq = event.seq;
    switch (event.type) {
      case 'node-delta':
        if (event.feedsAnswer) {
          answer += event.delta;
          write(event.delta);
        }
        break;
      case 'tool-call':
        process.stderr.write(dim(`\n  -> ${event.toolName}(${short(event.input)})\n`));
        break;
      case 'tool-result':
        process.stderr.write(dim(`  <- ${event.isError ? 'error: ' : ''}${short(event.output)}\n`));
        break;
      case 'run-end':
        // An answer that was not streamed (e.g. a Prompt straight into the output) arrives whole.
        if (!answer && event.answer) write(event.answer);
        write('\n');
        return { ok: true, answer: answer || event.answer, lastSeq };
      case 'run-waiting':
        if (answer) write('\n');
        return { ok: true, answer, waiting: event.request, lastSeq };
      case 'node-restart':
        // The node runs again from the start; what it printed so far will be printed again.
        process.stderr.write(dim(`\n  (node ${event.nodeId} restarts)\n`));
        break;
      case 'run-error': {
        if (answer) write('\n');
        const where = event.nodeId ? ` (node ${event.nodeId})` : '';
        process.stderr.write(`Error${where}: ${event.message}\n`);
        for (const problem of event.problems ?? []) {
          process.stderr.write(
            `  - [${problem.code}]${problem.nodeId ? ` node ${problem.nodeId}:` : ''} ${problem.message}\n`,
          );
        }
        return { ok: false, answer: event.partialAnswer, lastSeq };
      }
    }
  }
  return { ok: false, answer, lastSeq };
}
