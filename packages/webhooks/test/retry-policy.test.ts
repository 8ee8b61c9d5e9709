import { exponentialRetryPolicy, MAX_RETRIES, parseRetryAfter } from '../src';

describe('exponentialRetryPolicy', () => {
  it('waits base × 2^(n-1) for retry n, within ±20 %', () => {
    const low = exponentialRetryPolicy(60_000, () => 0);
    const high = exponentialRetryPolicy(60_000, () => 0.999_999);
    for (let n = 1; n <= MAX_RETRIES; n++) {
      const nominal = 60_000 * 2 ** (n - 1);
      expect(low.delayBeforeRetry(n)).toBe(Math.round(nominal * 0.8));
      expect(high.delayBeforeRetry(n)).toBeLessThanOrEqual(Math.round(nominal * 1.2));
      expect(high.delayBeforeRetry(n)).toBeGreaterThan(nominal * 1.19);
    }
  });

  it('has no retry after the eighth: about 4 h 15 min in all at the default base', () => {
    const policy = exponentialRetryPolicy(60_000, () => 0.5);
    expect(policy.delayBeforeRetry(MAX_RETRIES + 1)).toBeUndefined();
    const total = Array.from({ length: MAX_RETRIES }, (_, i) =>
      policy.delayBeforeRetry(i + 1)!,
    ).reduce((a, b) => a + b);
    expect(total).toBe(255 * 60_000);
  });

  it('honours a longer Retry-After up to four times the policy delay, never a shorter one', () => {
    const policy = exponentialRetryPolicy(1_000, () => 0.5);
    expect(policy.delayBeforeRetry(2, 3_000)).toBe(3_000);
    expect(policy.delayBeforeRetry(2, 60_000)).toBe(8_000);
    expect(policy.delayBeforeRetry(2, 10)).toBe(2_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
