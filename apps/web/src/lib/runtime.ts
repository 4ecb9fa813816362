import 'server-only';
import { getRuntime, type Runtime } from '@agentry/api';

/** The server's one runtime (database, secrets, limiters), opened at start-up by instrumentation. */
export function openServerRuntime(): Promise<Runtime> {
  const port = process.env.PORT ?? '3000';
  const host = process.env.HOST ?? '127.0.0.1';
  return getRuntime({
    purpose: 'web server',
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
  });
}
