import { createRuntime, loadConfig, type Runtime } from '@agentry/api';

/** Opens the database for one CLI command (the data-dir lock names the command to other processes). */
export function openRuntime(command: string): Promise<Runtime> {
  return createRuntime(loadConfig(), { purpose: `cli ${command}` });
}

/** Runs `work` with an open runtime and always closes it. */
export async function withRuntime<T>(command: string, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(command);
  try {
    return await work(runtime);
  } finally {
    await runtime.database.close();
  }
}
