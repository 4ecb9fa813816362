import type { Runtime } from '../runtime';
import { RuntimeSlot } from '../runtime-slot';
import { memoryWindowLimiter, type WindowLimiter } from './window-limiter';

/** What a shared window limiter counts: its name (part of every Redis key) and its window. */
export interface SharedWindowLimiterOptions {
  /** Limiters with the same name share their counts (in Redis, across processes). */
  name: string;
  windowSeconds: number;
}

const slots = new Map<string, RuntimeSlot<Promise<WindowLimiter>>>();

/**
 * The runtime's window limiter named `options.name`, created on first use: in Redis when the runtime
 * shares state through it (so every server process counts one budget), else in this process's memory.
 * The Redis limiter (rate-limiter-flexible) is loaded only then.
 */
export function sharedWindowLimiter(
  runtime: Runtime,
  options: SharedWindowLimiterOptions,
): Promise<WindowLimiter> {
  let slot = slots.get(options.name);
  if (!slot) {
    slot = new RuntimeSlot<Promise<WindowLimiter>>(`window-limiter.${options.name}`);
    slots.set(options.name, slot);
  }
  let limiter = slot.get(runtime);
  if (!limiter) {
    const redis = runtime.sharedRedis;
    limiter = redis
      ? import('./redis-window-limiter').then(({ redisWindowLimiter }) => redisWindowLimiter(redis, options))
      : Promise.resolve(memoryWindowLimiter(options.windowSeconds * 1000));
    slot.set(runtime, limiter);
  }
  return limiter;
}
