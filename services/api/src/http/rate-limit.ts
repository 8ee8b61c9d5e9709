import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { bearerToken } from './auth';
import { HttpProblem } from './problem';

export interface RateLimitOptions {
  /** Sustained requests per second per key. */
  perSecond: number;
  /** Requests a quiet key may send at once. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 50, burst: 100 };

// Past this many keys, buckets that have refilled are forgotten (they equal a new one).
const PRUNE_ABOVE = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * In-memory token buckets. Per process: with N API replicas a key gets up to N
 * times the limit, which is fine for protecting each process from one client.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one token: 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.refill(this.buckets.get(key), now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      if (this.buckets.size > PRUNE_ABOVE) this.prune(now);
      return 0;
    }
    this.buckets.set(key, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond));
  }

  private refill(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.options.burst, at: now };
    const earned = ((now - bucket.at) / 1000) * this.options.perSecond;
    return { tokens: Math.min(this.options.burst, bucket.tokens + earned), at: now };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refill(bucket, now).tokens >= this.options.burst) this.buckets.delete(key);
    }
  }
}

/**
 * Limits per bearer token (hashed, so keys are not held in memory). Requests
 * without one are left to authentication, which refuses them without work.
 */
export function rateLimit(buckets: TokenBuckets): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req);
    if (token === undefined) return next();
    const retryAfter = buckets.take(createHash('sha256').update(token).digest('base64url'));
    if (retryAfter > 0) {
      throw new HttpProblem({
        status: 429,
        type: 'rate-limited',
        title: 'Too Many Requests',
        detail: `Rate limit exceeded for this token; retry in ${retryAfter} s.`,
        errors: [{ field: 'Authorization', message: 'this token has exceeded its rate limit' }],
        headers: { 'retry-after': String(retryAfter) },
      });
    }
    next();
  };
}
