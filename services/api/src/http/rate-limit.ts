import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit as expressRateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Logger } from '@referral/logger';
import { bearerToken } from './auth';
import { HttpProblem } from './problem';

export interface RateLimitOptions {
  /** Sustained requests per second per key. */
  perSecond: number;
  /** Requests a quiet key may send at once. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 50, burst: 100 };

/** Where the counts live: Redis, shared by every API replica, under the app's key prefix. */
export interface RateLimitStore {
  redis: Pick<Redis, 'status' | 'call'>;
  prefix: string;
}

// A connection in these states is known to be down: fail at once rather than
// queue the request behind a reconnect.
const DOWN = new Set(['reconnecting', 'close', 'end']);

/** rate-limit-redis's raw-command port, on ioredis. */
function sendCommand(redis: RateLimitStore['redis']) {
  return async (command: string, ...args: string[]): Promise<RedisReply> => {
    try {
      if (DOWN.has(redis.status)) throw new Error(`Redis is ${redis.status}`);
      return (await redis.call(command, ...args)) as RedisReply;
    } catch (error) {
      // The store loads its scripts once, at start; a failed load would fail
      // every later call, even once Redis is back. The SHA is the script's own
      // hash, so answer it: EVALSHA then meets NOSCRIPT and the store reloads.
      if (command === 'SCRIPT' && args[0] === 'LOAD') {
        return createHash('sha1').update(args[1]!).digest('hex');
      }
      throw error;
    }
  };
}

/** Per bearer token (hashed: no key is stored), else per client IP. */
function keyOf(req: Request): string {
  const token = bearerToken(req);
  return token === undefined
    ? `ip:${ipKeyGenerator(req.ip ?? '')}`
    : `token:${createHash('sha256').update(token).digest('base64url')}`;
}

/** A counter store in Redis under the app's prefix; `name` keeps each limiter's counts apart. */
export function redisRateLimitStore(store: RateLimitStore, name = 'rate-limit'): RedisStore {
  return new RedisStore({
    sendCommand: sendCommand(store.redis),
    prefix: `${store.prefix}:${name}:`,
  });
}

/**
 * One budget per key across every API replica: a key may send `burst`
 * requests per window of `burst / perSecond` seconds, so `perSecond` on
 * average. When Redis cannot count, requests pass (fail open): the API must
 * keep accepting work while Redis is down, as the outbox promises, and a rate
 * limit is protection, not a rule a request must satisfy.
 */
export function rateLimit(
  options: RateLimitOptions,
  store: RateLimitStore,
  logger: Logger,
): RequestHandler {
  return expressRateLimit({
    windowMs: Math.round((options.burst / options.perSecond) * 1000),
    limit: options.burst,
    keyGenerator: keyOf,
    store: redisRateLimitStore(store),
    passOnStoreError: true,
    standardHeaders: false,
    legacyHeaders: false,
    logger: {
      // Once per request while Redis is down; /readyz is where that outage shows.
      error: (err) => logger.debug({ err }, 'rate limit not counted'),
      warn: (err) => logger.warn({ err }, 'rate limit'),
    },
    handler(req) {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit
        ?.resetTime;
      const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? 0) - Date.now()) / 1000));
      const anonymous = bearerToken(req) === undefined;
      throw new HttpProblem({
        status: 429,
        type: 'rate-limited',
        title: 'Too Many Requests',
        detail: `Rate limit exceeded for this ${anonymous ? 'address' : 'token'}; retry in ${retryAfter} s.`,
        errors: [
          anonymous
            ? { field: 'Authorization', message: 'this address has exceeded its rate limit' }
            : { field: 'Authorization', message: 'this token has exceeded its rate limit' },
        ],
        headers: { 'retry-after': String(retryAfter) },
      });
    },
  });
}
