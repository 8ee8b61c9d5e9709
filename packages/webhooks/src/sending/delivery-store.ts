import type { Pool } from '@referral/db';
import type { AttemptOutcome } from './attempt-outcome';
import { Batcher } from '../batcher';
import { DISABLE_AFTER_FAILED_DELIVERIES } from './retry-policy';

/** Everything one attempt needs, read in one query. */
export interface DeliveryContext {
  id: string;
  eventId: string;
  eventType: string;
  subscriptionId: string;
  tenantId: string;
  status: string;
  roundAttempts: number;
  nextAttemptAt: Date | null;
  payload: string;
  url: string;
  subscriptionStatus: 'enabled' | 'disabled';
  subscriptionDeleted: boolean;
  encryptedSecrets: Buffer[];
}

export interface AttemptRecord {
  deliveryId: string;
  startedAt: Date;
  outcome: AttemptOutcome;
  requestHeaders: Record<string, string>;
}

/** The delivery's fate after an attempt, decided by the caller's retry policy. */
export type AttemptVerdict =
  { status: 'succeeded' } | { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

interface Recordable {
  attempt: AttemptRecord;
  verdict: Exclude<AttemptVerdict, { status: 'failed' }>;
}

export interface RecordedAttempt {
  attemptNumber: number;
  /** Set when this failure disabled the subscription. */
  subscriptionDisabled: boolean;
}

/**
 * Reads and writes of the delivery hot path. Loads, and attempts that do not
 * end in failure, are group-committed: concurrent jobs share one statement.
 */
export class DeliveryStore {
  private readonly loader = new Batcher((ids: string[]) => this.loadMany(ids));
  private readonly recorder = new Batcher((items: Recordable[]) => this.recordMany(items));

  constructor(private readonly pool: Pool) {}

  load(deliveryId: string): Promise<DeliveryContext | undefined> {
    return this.loader.call(deliveryId);
  }

  // One lookup per id (LATERAL … LIMIT 1), not `d.id = ANY($1)`: under a
  // generic plan Postgres prunes partitions per looked-up row, never for an
  // array parameter (every partition's index was probed for every id), and a
  // LATERAL lookup is always a nested loop through the primary keys, never a
  // hash join over whole partitions (what a plain join got, cached from when
  // the partitions were new and small).
  private async loadMany(ids: string[]): Promise<(DeliveryContext | undefined)[]> {
    const { rows } = await this.pool.query<DeliveryContext>({
      name: 'webhooks.load-deliveries',
      text: `SELECT d.id, d.event_id AS "eventId", e.type AS "eventType",
              d.subscription_id AS "subscriptionId", d.tenant_id AS "tenantId", d.status,
              d.round_attempts AS "roundAttempts", d.next_attempt_at AS "nextAttemptAt",
              e.payload, s.url, s.status AS "subscriptionStatus",
              s.deleted_at IS NOT NULL AS "subscriptionDeleted",
              ARRAY(SELECT x.encrypted FROM webhook_subscription_secrets x
                    WHERE x.subscription_id = s.id AND (x.expires_at IS NULL OR x.expires_at > now())
                    ORDER BY x.id DESC) AS "encryptedSecrets"
       FROM unnest($1::text[]) AS input(id)
       CROSS JOIN LATERAL (SELECT * FROM webhook_deliveries WHERE id = input.id LIMIT 1) d
       CROSS JOIN LATERAL (SELECT * FROM webhook_events WHERE id = d.event_id LIMIT 1) e
       JOIN webhook_subscriptions s ON s.id = d.subscription_id`,
      values: [ids],
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }

  /** Park or cancel a delivery that was never attempted in this round. */
  async setStatus(deliveryId: string, status: 'parked' | 'cancelled'): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_deliveries SET status = $2, next_attempt_at = NULL, updated_at = now()
       WHERE id = $1 AND status = 'pending'`,
      [deliveryId, status],
    );
  }

  /**
   * Record the attempt and its verdict in one statement. The attempt goes to
   * its delivery's retention branch (`kept`). The attempt number is
   * taken from the row itself, so numbering stays gapless even if two workers
   * ever raced. A status other than pending (cancelled meanwhile) is kept, but
   * the attempt is still recorded: it happened.
   */
  record(attempt: AttemptRecord, verdict: AttemptVerdict): Promise<RecordedAttempt> {
    if (verdict.status === 'failed') return this.recordFailure(attempt);
    return this.recorder.call({ attempt, verdict });
  }

  /** Successes and scheduled retries, many in one statement. */
  private async recordMany(items: Recordable[]): Promise<RecordedAttempt[]> {
    const col = <T>(f: (i: Recordable) => T) => items.map(f);
    const { rows } = await this.pool.query<{ id: string; attempt_count: number }>({
      name: 'webhooks.record-attempts',
      text: `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[],
           $5::int[], $6::bool[], $7::int[], $8::text[], $9::text[], $10::text[], $11::jsonb[])
           AS t(delivery_id, verdict, next_attempt_at, started_at, duration_ms, succeeded,
                status_code, error_kind, error_message, response_body, request_headers)
       ), delivery AS (
         UPDATE webhook_deliveries d SET
           attempt_count = d.attempt_count + 1,
           round_attempts = d.round_attempts + 1,
           status = CASE WHEN d.status = 'pending' THEN input.verdict ELSE d.status END,
           next_attempt_at = input.next_attempt_at,
           last_attempt_at = input.started_at,
           updated_at = now()
         FROM input WHERE d.id = input.delivery_id
         RETURNING d.id, d.attempt_count, d.subscription_id, input.verdict, d.kept
       ), attempt AS (
         INSERT INTO webhook_attempts (delivery_id, attempt_number, kept, started_at, duration_ms,
           succeeded, status_code, error_kind, error_message, response_body, request_headers)
         SELECT delivery.id, delivery.attempt_count, delivery.kept, input.started_at, input.duration_ms,
           input.succeeded, input.status_code, input.error_kind, input.error_message,
           input.response_body, input.request_headers
         FROM delivery JOIN input ON input.delivery_id = delivery.id
       ), reset AS (
         UPDATE webhook_subscriptions s SET consecutive_failures = 0
         WHERE s.id IN (SELECT subscription_id FROM delivery WHERE verdict = 'succeeded')
           AND s.consecutive_failures <> 0
       )
       SELECT id, attempt_count FROM delivery`,
      values: [
        col((i) => i.attempt.deliveryId),
        col((i) => i.verdict.status),
        col((i) => (i.verdict.status === 'pending' ? i.verdict.nextAttemptAt : null)),
        col((i) => i.attempt.startedAt),
        col((i) => i.attempt.outcome.durationMs),
        col((i) => i.attempt.outcome.succeeded),
        col((i) => i.attempt.outcome.statusCode ?? null),
        col((i) => i.attempt.outcome.errorKind ?? null),
        col((i) => i.attempt.outcome.errorMessage ?? null),
        col((i) => i.attempt.outcome.responseBody ?? null),
        // Headers are kept for failed attempts only (what a receiver refused).
        col((i) => (i.attempt.outcome.succeeded ? null : JSON.stringify(i.attempt.requestHeaders))),
      ],
    });
    const numbers = new Map(rows.map((r) => [r.id, r.attempt_count]));
    return items.map((i) => ({
      attemptNumber: numbers.get(i.attempt.deliveryId) ?? 0,
      subscriptionDisabled: false,
    }));
  }

  /**
   * A final failure counts against the subscription and may disable it. The
   * subscription row lock serialises concurrent failures, so the count is exact.
   */
  private async recordFailure(attempt: AttemptRecord): Promise<RecordedAttempt> {
    const { outcome } = attempt;
    const { rows } = await this.pool.query<{ attempt_number: number; disabled_now: boolean }>(
      `WITH delivery AS (
         UPDATE webhook_deliveries SET
           attempt_count = attempt_count + 1,
           round_attempts = round_attempts + 1,
           status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
           next_attempt_at = NULL,
           last_attempt_at = $2,
           updated_at = now()
         WHERE id = $1
         RETURNING subscription_id, attempt_count, kept
       ), attempt AS (
         INSERT INTO webhook_attempts (delivery_id, attempt_number, kept, started_at, duration_ms,
           succeeded, status_code, error_kind, error_message, response_body, request_headers)
         SELECT $1, attempt_count, kept, $2, $3, false, $4, $5, $6, $7, $8 FROM delivery
       ), subscription AS (
         UPDATE webhook_subscriptions s SET
           consecutive_failures = s.consecutive_failures + 1,
           status = CASE WHEN s.consecutive_failures + 1 >= $9 THEN 'disabled' ELSE s.status END,
           disabled_at = CASE WHEN s.status = 'enabled' AND s.consecutive_failures + 1 >= $9
                              THEN now() ELSE s.disabled_at END,
           disabled_reason = CASE WHEN s.status = 'enabled' AND s.consecutive_failures + 1 >= $9
                              THEN 'consecutive_failures' ELSE s.disabled_reason END
         FROM delivery WHERE s.id = delivery.subscription_id
         RETURNING s.consecutive_failures = $9 AS disabled_now
       )
       SELECT delivery.attempt_count AS attempt_number,
              COALESCE((SELECT disabled_now FROM subscription), false) AS disabled_now
       FROM delivery`,
      [
        attempt.deliveryId,
        attempt.startedAt,
        outcome.durationMs,
        outcome.statusCode ?? null,
        outcome.errorKind ?? null,
        outcome.errorMessage ?? null,
        outcome.responseBody ?? null,
        JSON.stringify(attempt.requestHeaders),
        DISABLE_AFTER_FAILED_DELIVERIES,
      ],
    );
    const row = rows[0];
    return {
      attemptNumber: row?.attempt_number ?? 0,
      subscriptionDisabled: row?.disabled_now ?? false,
    };
  }
}
