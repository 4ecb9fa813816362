import type { Redis } from 'ioredis';
import {
  type AttemptLimiter,
  FailureLimiter,
  type FailureLimiterOptions,
  SUCCESS_MEMORY_MS,
} from './attempt-limiter';

// One Redis hash per key: attempts counted, when the first was (ms), until when the key waits (ms).
// Mirrors FailureLimiter: a key's count is forgotten once its window has passed and no wait is pending;
// each attempt from the free ones on sets a wait of base * 2^(count - free), at most max. Every key is
// checked before any is counted, so a refused attempt counts nowhere. The hash expires when it would
// be forgotten anyway.
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local free = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local base = tonumber(ARGV[4])
local max = tonumber(ARGV[5])
local entries = {}
local wait = 0
for index, key in ipairs(KEYS) do
  local fields = redis.call('HMGET', key, 'count', 'first', 'blocked')
  local count, first, blocked = 0, now, 0
  if fields[1] then
    local storedFirst = tonumber(fields[2])
    local storedBlocked = tonumber(fields[3])
    if not (now - storedFirst > window and now >= storedBlocked) then
      count, first, blocked = tonumber(fields[1]), storedFirst, storedBlocked
    end
  end
  if blocked - now > wait then wait = blocked - now end
  entries[index] = { count, first, blocked }
end
if wait > 0 then return math.ceil(wait) end
for index, key in ipairs(KEYS) do
  local count, first, blocked = entries[index][1] + 1, entries[index][2], entries[index][3]
  local over = count - free
  if over >= 0 then blocked = now + math.min(max, base * 2 ^ over) end
  redis.call('HSET', key, 'count', count, 'first', first, 'blocked', blocked)
  redis.call('PEXPIRE', key, math.ceil(math.max(first + window, blocked) - now) + 1000)
end
return 0
`;

type ReserveCommand = (numberOfKeys: number, ...keysThenArguments: (string | number)[]) => Promise<number>;

/**
 * The sign-in limiter shared by every server process through Redis, with FailureLimiter's rules (free
 * attempts, a doubling wait up to a maximum, a success clearing the count, successes remembered for 30
 * days). A reservation is one Lua script, so checking every key and counting them is atomic across
 * processes: rate-limiter-flexible (which the per-minute limits use) counts one key per call and its
 * `block` overwrites the count, so "refuse if any key waits, else count all and set each one's doubled
 * wait" would take several calls that two processes could interleave, letting attempts past unchecked.
 *
 * While Redis is unreachable the limiter counts in this process's memory (each process then allows the
 * free attempts on its own) instead of refusing every sign-in or letting them through uncounted.
 */
export class RedisAttemptLimiter implements AttemptLimiter {
  private readonly fallback: FailureLimiter;
  private readonly reserveCommand: ReserveCommand;

  constructor(
    private readonly client: Redis,
    private readonly options: FailureLimiterOptions,
    private readonly now: () => number = Date.now,
    /** Prefix of every key (tests use their own). */
    private readonly prefix = 'agentry:sign-in',
  ) {
    this.fallback = new FailureLimiter(options, now);
    if (!('agentryReserveAttempt' in client)) {
      client.defineCommand('agentryReserveAttempt', { lua: RESERVE_SCRIPT });
    }
    const command = (client as unknown as { agentryReserveAttempt: ReserveCommand }).agentryReserveAttempt;
    this.reserveCommand = command.bind(client);
  }

  async retryAfter(key: string): Promise<number> {
    return this.shared(
      async () => {
        const [count, first, blocked] = await this.client.hmget(
          this.attemptsKey(key),
          'count',
          'first',
          'blocked',
        );
        if (count === null || first === null || blocked === null) return 0;
        const now = this.now();
        if (now - Number(first) > this.options.windowMs && now >= Number(blocked)) return 0;
        return Math.max(0, Number(blocked) - now);
      },
      () => this.fallback.retryAfter(key),
    );
  }

  async reserve(keys: readonly string[]): Promise<number> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return 0;
    return this.shared(
      () =>
        this.reserveCommand(
          unique.length,
          ...unique.map((key) => this.attemptsKey(key)),
          this.now(),
          this.options.freeAttempts,
          this.options.windowMs,
          this.options.baseDelayMs,
          this.options.maxDelayMs,
        ),
      () => this.fallback.reserve(unique),
    );
  }

  async succeed(key: string): Promise<void> {
    this.fallback.succeed(key);
    await this.shared(
      async () => {
        await this.client.del(this.attemptsKey(key));
      },
      () => {},
    );
  }

  async rememberSuccess(key: string): Promise<void> {
    const memoryMs = this.options.successMemoryMs ?? SUCCESS_MEMORY_MS;
    await this.shared(
      async () => {
        await this.client.set(this.successKey(key), String(this.now()), 'PX', memoryMs);
      },
      () => this.fallback.rememberSuccess(key),
    );
  }

  async succeededRecently(key: string): Promise<boolean> {
    return this.shared(
      async () => (await this.client.exists(this.successKey(key))) === 1,
      () => this.fallback.succeededRecently(key),
    );
  }

  private attemptsKey(key: string): string {
    return `${this.prefix}:attempts:${key}`;
  }

  private successKey(key: string): string {
    return `${this.prefix}:success:${key}`;
  }

  /** Asks Redis when it is connected; otherwise, or when it fails to answer, this process's memory. */
  private async shared<T>(inRedis: () => Promise<T>, inMemory: () => T): Promise<T> {
    if (this.client.status !== 'ready') return inMemory();
    try {
      return await inRedis();
    } catch {
      return inMemory();
    }
  }
}
