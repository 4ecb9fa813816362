import type { Runtime } from '../runtime';
import { runMetrics } from './registry';

const nothing = () => {};

/**
 * Counts a streamed answer as held until the returned function is called (once is enough: later calls
 * do nothing, so every way a stream can end may call it). Nothing is counted when metrics are off.
 */
export function holdStream(runtime: Runtime): () => void {
  const gauge = runMetrics(runtime)?.streamsHeld;
  if (!gauge) return nothing;
  gauge.inc();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    gauge.dec();
  };
}
