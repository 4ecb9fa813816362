import { CliError } from '../cli-error';
import { printRun } from '../print-run';
import { openRunTarget } from '../run-target';

/** `agentry run <graph.json|agent-id> --input "text"`: one turn, streamed to stdout; exit 1 on failure. */
export async function runCommand(
  target: string | undefined,
  options: { input?: string; workspace?: string },
): Promise<number> {
  if (options.input === undefined || !options.input.trim())
    throw new CliError('Usage: agentry run <graph.json|agent-id> --input "text"');
  const runTarget = await openRunTarget(target, options.workspace);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    const outcome = await printRun(await runTarget.turn(options.input, controller.signal));
    return outcome.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', stop);
    await runTarget.close();
  }
}
