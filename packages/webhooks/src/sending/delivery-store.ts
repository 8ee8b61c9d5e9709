import type { Pool } from '@referral/db';
import { Batcher } from '../batcher';
import type { EventPublisher } from '../outbox/event-publisher';
import { operationalEvents, type SubscriptionChange } from './operational-events';
import { recordLean, recordStatement } from './record-statements';
import { FAILING_AFTER_FAILED_DELIVERIES } from './retry-policy';
import type { DeliveryContext, DeliveryWrite, RecordedWrite } from './delivery-write';

/**
 * Reads and writes of the delivery hot path, each grouped: concurrent jobs
 * share one statement and one commit (`Batcher`), never one round trip per
 * delivery. A group whose writes can move a subscription's failure streak
 * across a threshold runs in a transaction that also appends the operational
 * events (failing, disabled, exhausted, recovered), so none is written
 * without the other.
 */
export class DeliveryStore {
  private readonly loader = new Batcher((ids: string[]) => this.loadMany(ids));
  private readonly recorder = new Batcher((writes: DeliveryWrite[]) => this.recordMany(writes));

  constructor(
    private readonly pool: Pool,
    private readonly outbox: EventPublisher,
  ) {}

  load(deliveryId: string): Promise<DeliveryContext | undefined> {
    return this.loader.call(deliveryId);
  }

  /** Record an attempt and its verdict, or park or cancel a delivery never attempted this round. */
  record(write: DeliveryWrite): Promise<RecordedWrite> {
    return this.recorder.call(write);
  }

  private async loadMany(ids: string[]): Promise<(DeliveryContext | undefined)[]> {
    const { rows } = await this.pool.query<DeliveryContext>({
      name: 'webhooks.load-deliveries',
      text: `SELECT d.id, d.event_id AS "eventId", e.type AS "eventType",
              d.subscription_id AS "subscriptionId", d.tenant_id AS "tenantId", d.status,
              d.attempt_count AS "attemptCount", d.round_attempts AS "roundAttempts",
              d.next_attempt_at AS "nextAttemptAt",
              e.payload, s.url, s.status AS "subscriptionStatus",
              s.deleted_at IS NOT NULL AS "subscriptionDeleted",
              s.consecutive_failures AS "consecutiveFailures",
              ARRAY(SELECT x.encrypted FROM webhook_subscription_secrets x
                    WHERE x.subscription_id = s.id AND (x.expires_at IS NULL OR x.expires_at > now())
                    ORDER BY x.id DESC) AS "encryptedSecrets"
       FROM unnest($1::text[]) AS input(id)
       -- One lookup per id: a generic plan cannot prune partitions on = ANY($1).
       CROSS JOIN LATERAL (SELECT * FROM webhook_deliveries WHERE id = input.id LIMIT 1) d
       CROSS JOIN LATERAL (SELECT * FROM webhook_events WHERE id = d.event_id LIMIT 1) e
       JOIN webhook_subscriptions s ON s.id = d.subscription_id`,
      values: [ids],
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }

  /**
   * One group. Most groups only record successes and scheduled retries on
   * subscriptions without a failure streak: one short autocommit statement
   * (`recordLean`). With a streak, one autocommit statement that resets a
   * short streak on success but leaves one long enough to have been reported
   * (`unreset`) to a second, transactional pass that also reports the
   * recovery. A group with a final failure or a 410, or with a success on a
   * streak already reported when its delivery was read, runs in a
   * transaction from the start: its recovery is then written with the
   * success, never a commit later (a reader, or a crash, in between would
   * see the success and the streak both). The second pass is left for a
   * streak that crossed the threshold after its delivery was read.
   */
  private async recordMany(writes: DeliveryWrite[]): Promise<RecordedWrite[]> {
    const loud = writes.some(
      (w) =>
        'verdict' in w &&
        (w.verdict.status === 'failed' ||
          w.verdict.status === 'gone' ||
          (w.verdict.status === 'succeeded' &&
            w.delivery.consecutiveFailures >= FAILING_AFTER_FAILED_DELIVERIES)),
    );
    const noStreak = writes.every((w) => w.delivery.consecutiveFailures === 0);
    let rows = loud
      ? await this.recordReporting(writes, 'all')
      : noStreak
        ? await recordLean(this.pool, writes)
        : await recordStatement(this.pool, writes, 'quiet');
    const unreset = new Set(rows.filter((r) => r.unreset).map((r) => r.subscription_id));
    if (unreset.size > 0) {
      const again = writes.filter((w) => 'verdict' in w && unreset.has(w.delivery.subscriptionId));
      const reset = await this.recordReporting(again, 'streaks-only');
      // The second pass wrote no delivery: keep each row's attempt, take its streak.
      const bySubscription = new Map(reset.map((r) => [r.subscription_id, r]));
      rows = rows.map((r) => {
        const streak = bySubscription.get(r.subscription_id);
        return streak ? { ...streak, id: r.id, attempt_count: r.attempt_count } : r;
      });
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    return writes.map((w) => {
      const row = byId.get(w.delivery.id);
      return {
        attemptNumber: 'attempt' in w ? (row?.attempt_count ?? 0) : 0,
        subscriptionDisabled: row?.disabled_now ?? false,
      };
    });
  }

  /** The statement and the operational events it calls for, in one transaction. */
  private recordReporting(writes: DeliveryWrite[], mode: 'all' | 'streaks-only') {
    return this.outbox.inTransaction(async (tx, emit) => {
      const rows = await recordStatement(tx, writes, mode);
      const changes = new Map<string, SubscriptionChange>();
      for (const row of rows) {
        if (row.before === null || changes.has(row.subscription_id)) continue;
        changes.set(row.subscription_id, {
          subscriptionId: row.subscription_id,
          before: row.before,
          after: row.after!,
          hadSuccess: row.had_success ?? false,
          disabledReason: row.disabled_now ? row.disabled_reason : null,
        });
      }
      const exhausted = mode === 'all' ? writes.filter(isExhausted) : [];
      for (const event of operationalEvents(writes, [...changes.values()], exhausted, rows)) {
        await emit(event);
      }
      return rows;
    });
  }
}

function isExhausted(write: DeliveryWrite): boolean {
  return 'verdict' in write && write.verdict.status === 'failed';
}
