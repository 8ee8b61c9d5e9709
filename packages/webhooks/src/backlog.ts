import type { Queryable } from '@referral/db';

/** Parked deliveries are counted up to this many: the count then reads as "at least". */
export const PARKED_COUNT_CAP = 100_000;

/** What Postgres says is waiting, for the dispatcher's gauges. */
export interface Backlog {
  /** Seconds since the oldest pending delivery became due (0 when none is). */
  outboxLagSeconds: number;
  disabledSubscriptions: number;
  /** Capped at `parkedCap`. */
  parkedDeliveries: number;
}

/**
 * One statement, every part through a small index: the pending index's first
 * entry in each partition, the disabled-subscriptions index, and the parked
 * index read up to the cap. No parameter, so it is planned for its values.
 */
export async function readBacklog(db: Queryable, parkedCap = PARKED_COUNT_CAP): Promise<Backlog> {
  if (!Number.isInteger(parkedCap) || parkedCap < 1) throw new Error('parkedCap: positive integer');
  const { rows } = await db.query<Backlog>(
    `SELECT
       greatest(0, coalesce(extract(epoch FROM now() - (
         SELECT min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending')), 0)
       )::float8 AS "outboxLagSeconds",
       (SELECT count(*) FROM webhook_subscriptions
         WHERE status = 'disabled' AND deleted_at IS NULL)::int AS "disabledSubscriptions",
       (SELECT count(*) FROM (
         SELECT 1 FROM webhook_deliveries WHERE status = 'parked' LIMIT ${parkedCap}) AS parked
       )::int AS "parkedDeliveries"`,
  );
  return rows[0]!;
}
