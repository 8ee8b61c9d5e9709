import type { Receiver } from '@referral/testing';

/** What a reliability test counts: every event accepted must be delivered, once or more. */
export interface DeliveryFigures {
  accepted: number;
  /** Accepted events the receiver got at least once. */
  delivered: number;
  /** Accepted events the receiver never got. */
  lost: number;
  /** Requests beyond the first for the same event (at-least-once delivery's repeats). */
  duplicated: number;
}

/** The `webhook-id` (the event id) of every request the receiver got, repeats included. */
export function receivedEventIds(receiver: Receiver): string[] {
  return receiver.requests.map((r) => String(r.headers['webhook-id']));
}

export function deliveryFigures(acceptedEventIds: readonly string[], received: readonly string[]) {
  const got = new Set(received);
  const delivered = acceptedEventIds.filter((id) => got.has(id)).length;
  return {
    accepted: acceptedEventIds.length,
    delivered,
    lost: acceptedEventIds.length - delivered,
    duplicated: received.length - got.size,
  } satisfies DeliveryFigures;
}

/**
 * One summary line per test (jest shows it under the test file), e.g.
 * `[reliability] redis flushall: accepted=5000 delivered=5000 lost=0 duplicated=0 duration=21.3s`.
 */
export function printFigures(
  scenario: string,
  figures: DeliveryFigures | Record<string, never>,
  extra: Record<string, string | number> = {},
): void {
  const fields = { ...figures, ...extra };
  const text = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(`[reliability] ${scenario}: ${text}`);
}

/** Seconds since `startedAt` (a `performance.now()`), for the summary line. */
export function secondsSince(startedAt: number): string {
  return `${((performance.now() - startedAt) / 1000).toFixed(1)}s`;
}
