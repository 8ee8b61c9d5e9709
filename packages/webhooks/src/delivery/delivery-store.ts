import type { Pool } from '@referral/db';
import type { AttemptOutcome } from './attempt-outcome';
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
  | { status: 'succeeded' }
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed' };

export interface RecordedAttempt {
  attemptNumber: number;
  /** Set when this failure disabled the subscription. */
  subscriptionDisabled: boolean;
}

export class DeliveryStore {
  constructor(private readonly pool: Pool) {}

  async load(deliveryId: string): Promise<DeliveryContext | undefined> {
    const { rows } = await this.pool.query<DeliveryContext>(
      `SELECT d.id, d.event_id AS "eventId", e.type AS "eventType",
              d.subscription_id AS "subscriptionId", d.tenant_id AS "tenantId", d.status,
              d.round_attempts AS "roundAttempts", d.next_attempt_at AS "nextAttemptAt",
              e.payload, s.url, s.status AS "subscriptionStatus",
              s.deleted_at IS NOT NULL AS "subscriptionDeleted",
              ARRAY(SELECT x.encrypted FROM webhook_subscription_secrets x
                    WHERE x.subscription_id = s.id AND (x.expires_at IS NULL OR x.expires_at > now())
                    ORDER BY x.id DESC) AS "encryptedSecrets"
       FROM webhook_deliveries d
       JOIN webhook_events e ON e.id = d.event_id
       JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.id = $1`,
      [deliveryId],
    );
    return rows[0];
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
   * Record the attempt and its verdict in one statement. The attempt number is
   * taken from the row itself, so numbering stays gapless even if two workers
   * ever raced. A status other than pending (cancelled meanwhile) is kept, but
   * the attempt is still recorded: it happened.
   */
  async record(attempt: AttemptRecord, verdict: AttemptVerdict): Promise<RecordedAttempt> {
    const { outcome } = attempt;
    const { rows } = await this.pool.query<{ attempt_number: number; disabled_now: boolean }>(
      `WITH delivery AS (
         UPDATE webhook_deliveries SET
           attempt_count = attempt_count + 1,
           round_attempts = round_attempts + 1,
           status = CASE WHEN status = 'pending' THEN $2 ELSE status END,
           next_attempt_at = $3,
           last_attempt_at = $4,
           updated_at = now()
         WHERE id = $1
         RETURNING subscription_id, attempt_count
       ), attempt AS (
         INSERT INTO webhook_attempts (delivery_id, attempt_number, started_at, duration_ms,
           succeeded, status_code, error_kind, error_message, response_body, request_headers)
         SELECT $1, attempt_count, $4, $5, $6, $7, $8, $9, $10, $11 FROM delivery
       ), subscription AS (
         UPDATE webhook_subscriptions s SET
           consecutive_failures = CASE WHEN $2 = 'succeeded' THEN 0 ELSE s.consecutive_failures + 1 END,
           status = CASE WHEN $2 = 'failed' AND s.consecutive_failures + 1 >= $12 THEN 'disabled' ELSE s.status END,
           disabled_at = CASE WHEN $2 = 'failed' AND s.status = 'enabled' AND s.consecutive_failures + 1 >= $12
                              THEN now() ELSE s.disabled_at END,
           disabled_reason = CASE WHEN $2 = 'failed' AND s.status = 'enabled' AND s.consecutive_failures + 1 >= $12
                              THEN 'consecutive_failures' ELSE s.disabled_reason END
         FROM delivery
         WHERE s.id = delivery.subscription_id
           AND ($2 = 'failed' OR ($2 = 'succeeded' AND s.consecutive_failures <> 0))
         RETURNING s.status = 'disabled' AND s.consecutive_failures = $12 AS disabled_now
       )
       SELECT delivery.attempt_count AS attempt_number,
              COALESCE((SELECT disabled_now FROM subscription), false) AS disabled_now
       FROM delivery`,
      [
        attempt.deliveryId,
        verdict.status,
        verdict.status === 'pending' ? verdict.nextAttemptAt : null,
        attempt.startedAt,
        outcome.durationMs,
        outcome.succeeded,
        outcome.statusCode ?? null,
        outcome.errorKind ?? null,
        outcome.errorMessage ?? null,
        outcome.responseBody ?? null,
        JSON.stringify(attempt.requestHeaders),
        DISABLE_AFTER_FAILED_DELIVERIES,
      ],
    );
    const row = rows[0];
    return { attemptNumber: row?.attempt_number ?? 0, subscriptionDisabled: row?.disabled_now ?? false };
  }
}
