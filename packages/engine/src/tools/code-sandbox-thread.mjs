// The sandbox thread's entry when it runs from TypeScript source (the CLI, the Agent library, tests):
// registers tsx from the engine's own dependencies, so the thread starts whatever the working directory,
// then loads the worker. A production server passes its prebuilt bundle instead (packages/api/build.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./code-sandbox-worker.ts');
