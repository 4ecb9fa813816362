import { withRuntime } from '../open-runtime';

/** `agentry migrate`: applies the committed migrations (start-up does this too). */
export async function migrateCommand(): Promise<void> {
  await withRuntime('migrate', async (runtime) => {
    console.log(`Database is up to date (${runtime.database.kind} at ${runtime.database.location}).`);
  });
}
