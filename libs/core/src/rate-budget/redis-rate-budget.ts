import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  budgetDay,
  burstSize,
  CONCURRENCY_RETRY_MS,
  effectiveWindowMs,
  LEASE_TTL_MS,
  type BudgetLimits,
  type Grant,
  type RateBudget,
} from './rate-budget';

/**
 * KEYS: pause, calls (sorted set: lease → grant time), leases (sorted set: lease → expiry),
 * day counter, pacing bucket (hash: tokens, ts). ARGV: window ms, calls per window, daily cap,
 * concurrency, lease, lease ttl ms, ms to the next day, burst. Limits of 0 are off. Time is the Redis server's, the one clock every
 * worker shares. Returns {1} or {0, wait ms, reason}.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local windowMs, perWindow = tonumber(ARGV[1]), tonumber(ARGV[2])
local dailyCap, concurrency = tonumber(ARGV[3]), tonumber(ARGV[4])
local lease, ttl = ARGV[5], tonumber(ARGV[6])

local pausedUntil = tonumber(redis.call('GET', KEYS[1]) or '0')
if pausedUntil > now then return {0, pausedUntil - now, 'paused'} end

if dailyCap > 0 and tonumber(redis.call('GET', KEYS[4]) or '0') >= dailyCap then
  return {0, tonumber(ARGV[7]), 'daily'}
end

local tokens = 0
if perWindow > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - windowMs)
  if redis.call('ZCARD', KEYS[2]) >= perWindow then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return {0, math.max(1, tonumber(oldest[2]) + windowMs - now), 'window'}
  end
  local burst = tonumber(ARGV[8])
  local bucket = redis.call('HMGET', KEYS[5], 'tokens', 'ts')
  local last = tonumber(bucket[2]) or now
  tokens = math.min(burst, (tonumber(bucket[1]) or burst) + (now - last) * perWindow / windowMs)
  if tokens < 1 then
    return {0, math.max(1, math.ceil((1 - tokens) * windowMs / perWindow)), 'window'}
  end
end

if concurrency > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  if redis.call('ZCARD', KEYS[3]) >= concurrency then
    return {0, ${CONCURRENCY_RETRY_MS}, 'concurrency'}
  end
end

if perWindow > 0 then
  redis.call('ZADD', KEYS[2], now, lease)
  redis.call('PEXPIRE', KEYS[2], windowMs)
  redis.call('HSET', KEYS[5], 'tokens', tostring(tokens - 1), 'ts', now)
  redis.call('PEXPIRE', KEYS[5], 2 * windowMs)
end
if dailyCap > 0 then
  redis.call('INCR', KEYS[4])
  redis.call('PEXPIRE', KEYS[4], 2 * 86400000)
end
redis.call('ZADD', KEYS[3], now + ttl, lease)
redis.call('PEXPIRE', KEYS[3], ttl)
return {1}
`;

/**
 * KEYS: calls, leases, day counter, pacing bucket. ARGV: lease, refund (1/0). A call that was
 * made counts in the window from its answer on: the vendor saw it at some moment before then.
 */
const RELEASE = `
local held = redis.call('ZREM', KEYS[2], ARGV[1])
local sent = redis.call('ZSCORE', KEYS[1], ARGV[1])
if ARGV[2] ~= '1' and sent then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl + math.max(0, now - tonumber(sent))) end
end
if ARGV[2] == '1' then
  local counted = redis.call('ZREM', KEYS[1], ARGV[1])
  if counted == 1 and redis.call('EXISTS', KEYS[4]) == 1 then
    redis.call('HINCRBYFLOAT', KEYS[4], 'tokens', 1)
  end
  if (held == 1 or counted == 1) and tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then
    redis.call('DECR', KEYS[3])
  end
end
return 1
`;

/** KEYS: pause. ARGV: pause ms. Keeps the later of the current and the new end. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]))
end
return 1
`;

type ScriptReply = [number, number?, string?];

/** The budget as Lua scripts on Redis: each decision is one atomic script run. */
export class RedisRateBudget implements RateBudget {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly leaseTtlMs = LEASE_TTL_MS,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
    this.redis.defineCommand('budgetAcquire', { numberOfKeys: 5, lua: ACQUIRE });
    this.redis.defineCommand('budgetRelease', { numberOfKeys: 4, lua: RELEASE });
    this.redis.defineCommand('budgetPause', { numberOfKeys: 1, lua: PAUSE });
  }

  async acquire(key: string, limits: BudgetLimits): Promise<Grant> {
    const lease = randomUUID();
    const { msToNextDay } = budgetDay(Date.now());
    const windowed = limits.requestsPerWindow && limits.windowMs;
    const reply = (await this.run('budgetAcquire', [
      ...this.keys(key, true),
      windowed ? effectiveWindowMs(limits.windowMs as number) : 0,
      windowed ? limits.requestsPerWindow : 0,
      limits.dailyCap ?? 0,
      limits.concurrency ?? 0,
      lease,
      this.leaseTtlMs,
      msToNextDay,
      windowed ? burstSize(limits.requestsPerWindow as number) : 0,
    ])) as ScriptReply;
    if (reply[0] === 1) return { granted: true, lease };

    return { granted: false, waitMs: Number(reply[1]), reason: reply[2] as 'window' };
  }

  async release(key: string, lease: string, options: { refund?: boolean } = {}): Promise<void> {
    const [, calls, leases, day, bucket] = this.keys(key, true);
    await this.run('budgetRelease', [
      calls,
      leases,
      day,
      bucket,
      lease,
      options.refund ? '1' : '0',
    ]);
  }

  async pause(key: string, ms: number): Promise<void> {
    await this.run('budgetPause', [this.keys(key, false)[0], Math.max(1, Math.ceil(ms))]);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }

  /** One hash tag per budget keeps its keys on one cluster slot. */
  private keys(key: string, withDay: boolean): string[] {
    const base = `${this.prefix}:budget:{${key}}`;
    const keys = [`${base}:pause`, `${base}:calls`, `${base}:leases`];

    return withDay ? [...keys, `${base}:day:${budgetDay(Date.now()).day}`, `${base}:bucket`] : keys;
  }

  private run(command: string, args: Array<string | number | undefined>): Promise<unknown> {
    const call = (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
      command
    ];

    return call.apply(this.redis, args);
  }
}
