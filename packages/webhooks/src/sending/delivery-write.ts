import type { AttemptOutcome } from './attempt-outcome';

/**
 * The shapes of the delivery hot path: what a worker reads of a delivery, and
 * what it asks the store to write back.
 */

/** Everything one attempt needs, read in one query. */
export interface DeliveryContext {
  id: string;
  eventId: string;
  eventType: string;
  subscriptionId: string;
  tenantId: string;
  status: string;
  /** Attempts recorded over the delivery's life; the next one is this + 1. */
  attemptCount: number;
  roundAttempts: number;
  nextAttemptAt: Date | null;
  payload: string;
  url: string;
  subscriptionStatus: 'enabled' | 'disabled';
  subscriptionDeleted: boolean;
  /** The subscription's failed deliveries in a row when the delivery was read. */
  consecutiveFailures: number;
  encryptedSecrets: Buffer[];
}

export interface AttemptRecord {
  startedAt: Date;
  outcome: AttemptOutcome;
  requestHeaders: Record<string, string>;
}

/**
 * The delivery's fate after an attempt, decided by the caller's retry policy:
 * `failed` when no retry is left (or none would help), `gone` when the
 * receiver answered 410 (the subscription is disabled at once).
 */
export type AttemptVerdict =
  | { status: 'succeeded' }
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed' }
  | { status: 'gone' };

/** What happens to one delivery: an attempt and its verdict, or a status change without one. */
export type DeliveryWrite =
  | { delivery: DeliveryContext; attempt: AttemptRecord; verdict: AttemptVerdict }
  | { delivery: DeliveryContext; skipped: 'parked' | 'cancelled' };

export interface RecordedWrite {
  /** The attempt's number over the delivery's life; 0 when no attempt was recorded. */
  attemptNumber: number;
  /** Set when this write disabled the subscription. */
  subscriptionDisabled: boolean;
}
