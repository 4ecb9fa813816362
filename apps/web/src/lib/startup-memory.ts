import 'server-only';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long after start-up the collection runs: after the first requests a supervisor or a probe sends. */
const AFTER_START_MS = 2_000;

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Gives back what starting up used and no longer needs, once, shortly after start.
 *
 * Loading the app, opening the database and applying migrations leave garbage in the old generation and
 * a young generation grown to its maximum (16 MB at --max-semi-space-size=8). V8 gives both back only
 * when its memory reducer decides the process is idle, 10–20 s later; a server started and left idle held
 * about 20 MB more than it needed until then (the start-up benchmark reads its memory 3 s after the first
 * answer). This runs the collection V8 runs before it reports out of memory: full, compacting, and
 * shrinking the young generation. About 80 ms of one thread, once; it changes nothing under load, where the
 * young generation grows back to what the traffic needs.
 *
 * V8 offers no API for it without --expose-gc, which would put a `gc` function on every global. Setting the
 * flag for a moment gives one new context the function and no other.
 */
export function releaseStartupMemory(): void {
  const timer = setTimeout(() => {
    setFlagsFromString('--expose-gc');
    let collect: Collect;
    try {
      collect = runInNewContext('gc') as Collect;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
    collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  }, AFTER_START_MS);
  timer.unref();
}
