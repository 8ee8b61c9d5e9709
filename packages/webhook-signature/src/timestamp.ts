import { InvalidTimestampError } from './errors/invalid-timestamp-error';

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

// Unix seconds stay below 1e11 until the year 5138; a larger number is almost
// certainly Date.now() milliseconds passed by mistake.
const MAX_PLAUSIBLE_SECONDS = 1e11;
const UNIX_SECONDS = /^[0-9]{1,11}$/;

/** Unix seconds for a Date or a number of seconds (fractions are dropped). */
export function toUnixSeconds(timestamp: Date | number): number {
  const seconds =
    timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : Math.floor(timestamp);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(
      `Webhook timestamp must be a valid Date or unix seconds, got ${timestamp}.`,
    );
  }
  if (seconds >= MAX_PLAUSIBLE_SECONDS) {
    throw new RangeError(
      `Webhook timestamp ${timestamp} looks like milliseconds; pass unix seconds or a Date.`,
    );
  }
  return seconds;
}

/** Parses a `webhook-timestamp` header; only plain decimal seconds are accepted. */
export function parseTimestampHeader(value: string): number {
  if (!UNIX_SECONDS.test(value)) {
    throw new InvalidTimestampError(
      'unparseable',
      `webhook-timestamp must be unix seconds (digits only), got ${JSON.stringify(value.slice(0, 40))}.`,
    );
  }
  return Number(value);
}

/** Rejects timestamps more than `toleranceSeconds` away from `nowSeconds`, in either direction. */
export function assertWithinTolerance(
  timestamp: number,
  nowSeconds: number,
  toleranceSeconds: number,
): void {
  const skew = nowSeconds - timestamp;
  if (skew > toleranceSeconds) {
    throw new InvalidTimestampError(
      'too_old',
      `webhook-timestamp ${timestamp} is ${skew} s in the past, beyond the ${toleranceSeconds} s ` +
        "tolerance: a replayed request, or the receiver's clock is ahead.",
    );
  }
  if (-skew > toleranceSeconds) {
    throw new InvalidTimestampError(
      'too_new',
      `webhook-timestamp ${timestamp} is ${-skew} s in the future, beyond the ${toleranceSeconds} s ` +
        "tolerance: the receiver's clock is probably behind.",
    );
  }
}
