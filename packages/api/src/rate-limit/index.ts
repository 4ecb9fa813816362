// One home for the limiter mechanisms; each limit's policy (how many, per what) stays beside its caller.
// The Redis window limiter (rate-limiter-flexible) is not exported here: `sharedWindowLimiter` and the
// public chat's limiters load it only when the runtime has REDIS_URL.
export {
  type AttemptLimiter,
  type Awaitable,
  FailureLimiter,
  type FailureLimiterOptions,
  SIGN_IN_LIMITS,
  SUCCESS_MEMORY_MS,
} from './attempt-limiter';
export { RedisAttemptLimiter } from './redis-attempt-limiter';
export { type SharedWindowLimiterOptions, sharedWindowLimiter } from './shared-window-limiter';
export {
  memoryWindowLimiter,
  type RateLimitResult,
  SlidingWindowLimiter,
  type WindowLimiter,
} from './window-limiter';
