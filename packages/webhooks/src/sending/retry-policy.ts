/** Retries after the first attempt; attempt 1 plus 8 retries = 9 attempts in all. */
export const MAX_RETRIES = 8;
/** Consecutive failed deliveries that disable a subscription. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 8;
/** Consecutive failed deliveries at which the partner hears `webhook.subscription_failing`. */
export const FAILING_AFTER_FAILED_DELIVERIES = 4;
const JITTER = 0.2;

export interface RetryPolicy {
  /** Delay before retry n (1-based), or undefined when no retry is left. */
  delayBeforeRetry(retry: number, retryAfterMs?: number): number | undefined;
}

/**
 * Retry n waits base × 2^(n-1) ± 20 %. A receiver's Retry-After is honoured
 * (we never come back sooner than it asks) up to four times the policy delay.
 */
export function exponentialRetryPolicy(
  baseMs: number,
  random: () => number = Math.random,
): RetryPolicy {
  return {
    delayBeforeRetry(retry, retryAfterMs) {
      if (retry < 1 || retry > MAX_RETRIES) return undefined;
      const nominal = baseMs * 2 ** (retry - 1);
      const jittered = Math.round(nominal * (1 - JITTER + 2 * JITTER * random()));
      if (retryAfterMs === undefined) return jittered;
      return Math.max(jittered, Math.min(retryAfterMs, nominal * 4));
    },
  };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
