import type { Queryable } from '@referral/db';
import type { DeliveryWrite } from './delivery-write';
import { DISABLE_AFTER_FAILED_DELIVERIES, FAILING_AFTER_FAILED_DELIVERIES } from './retry-policy';

/**
 * The SQL of the grouped record (`DeliveryStore.record`): each group of
 * writes is one statement, of one of four kinds (see `recordStatement` and
 * `recordLean`). Every statement returns one row per write.
 */
export interface RecordedRow {
  id: string;
  attempt_count: number;
  subscription_id: string;
  had_success: boolean | null;
  before: number | null;
  after: number | null;
  disabled_now: boolean | null;
  disabled_reason: string | null;
  /** Succeeded, but the streak was left for the transactional path (see `record`). */
  unreset: boolean;
}

/**
 * The grouped write: every delivery's status and attempt, and each
 * subscription's failure streak, in one statement. Input order is time order,
 * so within a group a success resets the streak only for the failures before
 * it. The streak's row lock (taken in id order, so groups never deadlock)
 * serialises concurrent groups, so the count is exact.
 * - `quiet`: no final failures in the group; a success resets a streak only
 *   below the failing threshold and flags a longer one as `unreset`.
 * - `all`: every change, thresholds and disabling included.
 * - `streaks-only`: the second pass for `unreset` streaks: the deliveries
 *   were already written, only the subscriptions change.
 */
export async function recordStatement(
  db: Queryable,
  writes: DeliveryWrite[],
  mode: 'quiet' | 'all' | 'streaks-only',
): Promise<RecordedRow[]> {
  const { rows } = await db.query<RecordedRow>({
    name: `webhooks.record-deliveries-${mode}`,
    text: `${WRITE_DELIVERIES}
     ), outcome AS (
       SELECT subscription_id, max(seq) FILTER (WHERE verdict = 'succeeded') AS last_success,
              bool_or(verdict = 'gone') AS gone
       FROM input WHERE input.started_at IS NOT NULL GROUP BY subscription_id
     ), streak AS (
       SELECT o.subscription_id, o.last_success IS NOT NULL AS had_success, o.gone,
              count(*) FILTER (WHERE i.verdict IN ('failed', 'gone')
                                 AND i.seq > COALESCE(o.last_success, 0)) AS failures
       FROM outcome o JOIN input i USING (subscription_id)
       GROUP BY o.subscription_id, o.last_success, o.gone
     ), locked AS (
       SELECT s.id, s.consecutive_failures AS before, s.status AS status_before,
              streak.had_success, streak.gone, streak.failures
       FROM webhook_subscriptions s JOIN streak ON s.id = streak.subscription_id
       WHERE streak.failures > 0 OR streak.gone
          OR (streak.had_success AND s.consecutive_failures > 0)
       ORDER BY s.id
       FOR UPDATE OF s
     ), target AS (
       SELECT locked.*,
              (CASE WHEN had_success THEN 0 ELSE before END + failures)::int AS after,
              status_before = 'enabled' AND (gone OR CASE WHEN had_success THEN 0 ELSE before END
                                                      + failures >= $14) AS disable
       FROM locked
       WHERE $13::text <> 'quiet' OR before < $15
     ), changed AS (
       UPDATE webhook_subscriptions s SET
         consecutive_failures = target.after,
         status = CASE WHEN target.disable THEN 'disabled' ELSE s.status END,
         disabled_at = CASE WHEN target.disable THEN now() ELSE s.disabled_at END,
         disabled_reason = CASE WHEN NOT target.disable THEN s.disabled_reason
                                WHEN target.gone THEN 'gone' ELSE 'consecutive_failures' END
       FROM target WHERE s.id = target.id
       RETURNING s.id, target.before, target.after, target.had_success, target.disable,
                 s.disabled_reason
     )
     SELECT input.delivery_id AS id, COALESCE(delivery.attempt_count, 0) AS attempt_count,
            input.subscription_id, changed.had_success, changed.before, changed.after,
            changed.disable AS disabled_now, changed.disabled_reason,
            (changed.id IS NULL AND locked.id IS NOT NULL AND locked.had_success) AS unreset
     FROM input
     LEFT JOIN delivery ON delivery.id = input.delivery_id
     LEFT JOIN changed ON changed.id = input.subscription_id
     LEFT JOIN locked ON locked.id = input.subscription_id
     ORDER BY input.seq`,
    values: [
      ...writeColumns(writes),
      mode,
      DISABLE_AFTER_FAILED_DELIVERIES,
      FAILING_AFTER_FAILED_DELIVERIES,
    ],
  });
  return rows;
}

/**
 * The head of every recording statement: the group as rows (`input`, in
 * time order), each delivery's status, and its attempt. $13 is the mode.
 */
const WRITE_DELIVERIES = `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[],
           $6::int[], $7::bool[], $8::int[], $9::text[], $10::text[], $11::text[], $12::jsonb[])
         WITH ORDINALITY
         AS t(delivery_id, subscription_id, verdict, next_attempt_at, started_at, duration_ms,
              succeeded, status_code, error_kind, error_message, response_body, request_headers, seq)
     ), delivery AS (
       UPDATE webhook_deliveries d SET
         attempt_count = d.attempt_count + (input.started_at IS NOT NULL)::int,
         round_attempts = d.round_attempts + (input.started_at IS NOT NULL)::int,
         status = CASE WHEN d.status <> 'pending' THEN d.status
                       WHEN input.verdict = 'gone' THEN 'failed' ELSE input.verdict END,
         next_attempt_at = input.next_attempt_at,
         last_attempt_at = COALESCE(input.started_at, d.last_attempt_at),
         updated_at = now()
       FROM input
       WHERE d.id = input.delivery_id AND $13::text <> 'streaks-only'
         -- A status change without an attempt applies only to a delivery still pending.
         AND (input.started_at IS NOT NULL OR d.status = 'pending')
       RETURNING d.id, d.attempt_count, d.kept
     ), attempt AS (
       -- An attempt lives in its delivery's retention branch.
       INSERT INTO webhook_attempts (delivery_id, kept, attempt_number, started_at, duration_ms,
         succeeded, status_code, error_kind, error_message, response_body, request_headers)
       SELECT delivery.id, delivery.kept, delivery.attempt_count, input.started_at, input.duration_ms,
         input.succeeded, input.status_code, input.error_kind, input.error_message,
         input.response_body, input.request_headers
       FROM delivery JOIN input ON input.delivery_id = delivery.id
       WHERE input.started_at IS NOT NULL`;

/** The group's columns, $1 to $12 of every recording statement. */
function writeColumns(writes: DeliveryWrite[]) {
  const col = <T>(f: (w: DeliveryWrite) => T) => writes.map(f);
  const attempt = (w: DeliveryWrite) => ('attempt' in w ? w.attempt : undefined);
  return [
    col((w) => w.delivery.id),
    col((w) => w.delivery.subscriptionId),
    col((w) => ('verdict' in w ? w.verdict.status : w.skipped)),
    col((w) => ('verdict' in w && w.verdict.status === 'pending' ? w.verdict.nextAttemptAt : null)),
    col((w) => attempt(w)?.startedAt ?? null),
    col((w) => attempt(w)?.outcome.durationMs ?? null),
    col((w) => attempt(w)?.outcome.succeeded ?? null),
    col((w) => attempt(w)?.outcome.statusCode ?? null),
    col((w) => attempt(w)?.outcome.errorKind ?? null),
    col((w) => attempt(w)?.outcome.errorMessage ?? null),
    col((w) => attempt(w)?.outcome.responseBody ?? null),
    // Request headers are kept for failed attempts only: what a partner
    // needs to debug, and most of a successful attempt's row otherwise.
    col((w) => {
      const a = attempt(w);
      return a && !a.outcome.succeeded ? JSON.stringify(a.requestHeaders) : null;
    }),
  ];
}

/**
 * The common case in one short statement: successes and scheduled retries
 * on subscriptions with no failure streak when their deliveries were read.
 * Only the deliveries and attempts are written; a subscription whose streak
 * began meanwhile is flagged `unreset` for the transactional pass.
 */
export async function recordLean(db: Queryable, writes: DeliveryWrite[]): Promise<RecordedRow[]> {
  const succeeded = [
    ...new Set(
      writes
        .filter((w) => 'verdict' in w && w.verdict.status === 'succeeded')
        .map((w) => w.delivery.subscriptionId),
    ),
  ];
  const { rows } = await db.query<RecordedRow>({
    name: 'webhooks.record-deliveries-lean',
    text: `${WRITE_DELIVERIES}
     ), streak AS (
       SELECT id FROM webhook_subscriptions WHERE id = ANY($14::text[]) AND consecutive_failures > 0
     )
     SELECT input.delivery_id AS id, COALESCE(delivery.attempt_count, 0) AS attempt_count,
            input.subscription_id, NULL::bool AS had_success, NULL::int AS before,
            NULL::int AS after, NULL::bool AS disabled_now, NULL::text AS disabled_reason,
            (streak.id IS NOT NULL AND input.verdict = 'succeeded') AS unreset
     FROM input
     LEFT JOIN delivery ON delivery.id = input.delivery_id
     LEFT JOIN streak ON streak.id = input.subscription_id`,
    values: [...writeColumns(writes), 'lean', succeeded],
  });
  return rows;
}
