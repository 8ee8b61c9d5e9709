import {
  decodeCursor,
  idCursor,
  SqlParams,
  toPage,
  withTransaction,
  type Page,
  type Pool,
} from '@referral/db';
import type { JobProducer } from '../job-producer';
import {
  DELIVERY_COLUMNS,
  deliveryConditions,
  toDelivery,
  type Delivery,
  type DeliveryRow,
  type DeliveryStatus,
  type DeliveryWithAttempts,
} from './delivery';

type NotFound = { outcome: 'not_found' };
const notFound: NotFound = { outcome: 'not_found' };

/**
 * Reading deliveries and asking for them again, scoped by tenant; a null
 * tenant (operators) reaches every tenant's.
 */
export class DeliveryService {
  constructor(
    private readonly pool: Pool,
    private readonly queues: JobProducer,
  ) {}

  async listForSubscription(
    tenantId: string | null,
    subscriptionId: string,
    { status, limit = 50, cursor }: { status?: DeliveryStatus; limit?: number; cursor?: string },
  ): Promise<Page<Delivery> | undefined> {
    const owned = await this.pool.query(
      `SELECT 1 FROM webhook_subscriptions
       WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) AND deleted_at IS NULL`,
      [subscriptionId, tenantId],
    );
    if (!owned.rowCount) return undefined;
    const after = cursor ? decodeCursor(cursor) : undefined;
    const params = new SqlParams([tenantId]);
    const where = deliveryConditions({ subscriptionId, status }, params);
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       WHERE ${where} ${after ? `AND d.id < ${params.add(after)}` : ''}
       ORDER BY d.id DESC LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    return toPage(rows, limit, toDelivery, idCursor);
  }

  async get(
    tenantId: string | null,
    deliveryId: string,
  ): Promise<DeliveryWithAttempts | undefined> {
    const row = await this.findRow(tenantId, deliveryId);
    if (!row) return undefined;
    const attempts = await this.pool.query(
      `SELECT attempt_number AS "attemptNumber", started_at AS "startedAt", duration_ms AS "durationMs",
              succeeded, status_code AS "statusCode", error_kind AS "errorKind",
              error_message AS "errorMessage", response_body AS "responseBody",
              request_headers AS "requestHeaders"
       FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt_number`,
      [deliveryId],
    );
    return {
      ...toDelivery(row),
      payload: JSON.parse(row.payload) as unknown,
      attempts: attempts.rows.map((a) => ({
        ...a,
        startedAt: (a.startedAt as Date).toISOString(),
      })),
    };
  }

  /**
   * Deliver again with a fresh retry budget. Refused while the delivery is
   * still pending, or while its subscription is disabled (enable it instead).
   */
  async redeliver(
    tenantId: string | null,
    deliveryId: string,
  ): Promise<
    | { outcome: 'queued'; delivery: Delivery }
    | { outcome: 'already_pending' }
    | { outcome: 'subscription_disabled' }
    | NotFound
  > {
    const result = await withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{
        status: DeliveryStatus;
        subscription_id: string;
        subscription_status: string;
      }>(
        `SELECT d.status, d.subscription_id, s.status AS subscription_status
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.id = $1 AND ($2::uuid IS NULL OR d.tenant_id = $2) AND s.deleted_at IS NULL
         FOR UPDATE OF d`,
        [deliveryId, tenantId],
      );
      const target = rows[0];
      if (!target) return notFound;
      if (target.status === 'pending') return { outcome: 'already_pending' as const };
      if (target.subscription_status !== 'enabled') {
        return { outcome: 'subscription_disabled' as const };
      }
      await tx.query(
        `UPDATE webhook_deliveries SET status = 'pending', round_attempts = 0,
           next_attempt_at = now(), updated_at = now() WHERE id = $1`,
        [deliveryId],
      );
      return { outcome: 'queued' as const, subscriptionId: target.subscription_id };
    });
    if (result.outcome !== 'queued') return result;
    await this.queues.afterCommit({ deliveryId }, () =>
      this.queues.enqueueDeliveries([{ id: deliveryId, subscriptionId: result.subscriptionId }]),
    );
    return { outcome: 'queued', delivery: toDelivery((await this.findRow(tenantId, deliveryId))!) };
  }

  private async findRow(tenantId: string | null, deliveryId: string) {
    const { rows } = await this.pool.query<DeliveryRow & { payload: string }>(
      `SELECT ${DELIVERY_COLUMNS}, e.payload FROM webhook_deliveries d
       JOIN webhook_events e ON e.id = d.event_id
       WHERE d.id = $1 AND ($2::uuid IS NULL OR d.tenant_id = $2)`,
      [deliveryId, tenantId],
    );
    return rows[0];
  }

  /** Redeliver every failed delivery of a subscription created since `since`, oldest first. */
  async recover(
    tenantId: string | null,
    subscriptionId: string,
    since: Date,
  ): Promise<
    { outcome: 'queued'; count: number } | { outcome: 'subscription_disabled' } | NotFound
  > {
    const sub = await this.pool.query<{ status: string }>(
      `SELECT status FROM webhook_subscriptions
       WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) AND deleted_at IS NULL`,
      [subscriptionId, tenantId],
    );
    if (!sub.rows[0]) return notFound;
    if (sub.rows[0].status !== 'enabled') return { outcome: 'subscription_disabled' };
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH recovered AS (
         UPDATE webhook_deliveries SET status = 'pending', round_attempts = 0,
           next_attempt_at = now(), updated_at = now()
         WHERE subscription_id = $1 AND status = 'failed' AND created_at >= $2
         RETURNING id, created_at
       )
       SELECT id FROM recovered ORDER BY created_at, id`,
      [subscriptionId, since],
    );
    await this.queues.afterCommit({ subscriptionId, recovered: rows.length }, () =>
      this.queues.enqueueDeliveries(rows.map((r) => ({ id: r.id, subscriptionId }))),
    );
    return { outcome: 'queued', count: rows.length };
  }
}
