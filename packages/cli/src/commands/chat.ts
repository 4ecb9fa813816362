import { createInterface } from 'node:readline/promises';
import { printRun } from '../print-run';
import { openRunTarget } from '../run-target';
import { askQuestion } from './chat-question';

/** Words that end the chat loop, as in the article's `if user_input == "退出": break`. */
export const EXIT_WORDS = new Set(['exit', 'quit', '退出']);

/**
 * `agentry chat <graph.json|agent-id>`: a terminal chat loop. Ctrl+C during an answer stops that answer;
 * at the prompt it (or exit, quit, 退出) ends the chat. A run that stops to ask a person shows its
 * question and choices; the answer (a number, form fields, a reason for a denial) continues it.
 */
export async function chatCommand(
  target: string | undefined,
  options: { workspace?: string },
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stdout,
  },
): Promise<number> {
  const runTarget = await openRunTarget(target, options.workspace);
  const terminal = createInterface({ input: io.input, output: io.output, terminal: false });
  const write = (text: string) => void io.output.write(text);
  write(`Chatting with ${runTarget.label}. Type exit, quit or 退出 to leave.\n`);
  let current: AbortController | undefined;
  const onInterrupt = () => {
    if (current) current.abort();
    else terminal.close();
  };
  process.on('SIGINT', onInterrupt);
  try {
    const lines = terminal[Symbol.asyncIterator]();
    const read = async (prompt: string) => {
      write(prompt);
      const next = await lines.next();
      return next.done ? undefined : next.value;
    };
    for (;;) {
      write('You: ');
      const next = await lines.next();
      if (next.done) break;
      const message = next.value.trim();
      if (!message) continue;
      if (EXIT_WORDS.has(message.toLowerCase())) break;
      current = new AbortController();
      write('AI: ');
      let printed = await printRun(await runTarget.turn(message, current.signal), write);
      while (printed.waiting) {
        const answer = await askQuestion(printed.waiting, read, write);
        if (!answer) break;
        write('AI: ');
        printed = await printRun(await runTarget.answer(answer, printed.lastSeq, current.signal), write);
      }
      current = undefined;
    }
    write('Bye.\n');
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    terminal.close();
    await runTarget.close();
  }
}
