import type {
  AttemptView,
  DeliveryDetail,
  DeliveryListQuery,
  DeliveryPage,
  DeliveryRow as DeliveryView,
  SubscriptionHealth,
} from '@referral/dashboard-contract';
import { COUNT_CAP } from '@referral/dashboard-contract';
import { countUpTo, readSnapshot, SqlParams, type Pool } from '@referral/db';
import {
  DELIVERY_COLUMNS,
  deliveryConditions,
  toDelivery,
  type DeliveryRow,
  type DeliveryStatus,
} from '../deliveries/delivery';

/** How much of a response body the delivery detail shows. */
export const RESPONSE_EXCERPT_CHARS = 500;

interface HealthRow {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  status: 'enabled' | 'disabled';
  disabled_at: Date | null;
  disabled_reason: string | null;
  consecutive_failures: number;
  last_at: Date | null;
  last_status: DeliveryStatus | null;
  parked_count: number;
  hourly: { hour: string; succeeded: number; failed: number }[];
}

/**
 * The Webhooks view of the partner dashboard: a tenant's subscriptions with
 * their health, and its delivery log. Every read is scoped by tenant; another
 * tenant's ids read as not found.
 */
export class WebhookDashboard {
  constructor(private readonly pool: Pool) {}

  /** The tenant's subscriptions (not deleted), oldest first; `id` narrows to one. */
  async subscriptions(tenantId: string, id?: string): Promise<SubscriptionHealth[]> {
    // Hourly buckets of the last 24 hours, zero-filled by generate_series:
    // attempts (not deliveries) that succeeded and failed in each hour.
    const { rows } = await this.pool.query<HealthRow>(
      `SELECT s.id, s.url, s.description, s.event_types, s.status, s.disabled_at,
              s.disabled_reason, s.consecutive_failures, last.created_at AS last_at,
              last.status AS last_status,
              (SELECT count(*)::int FROM webhook_deliveries pd
               WHERE pd.tenant_id = s.tenant_id AND pd.status = 'parked'
                 AND pd.subscription_id = s.id) AS parked_count,
              (SELECT json_agg(json_build_object(
                        'hour', h.hour, 'succeeded', coalesce(a.succeeded, 0),
                        'failed', coalesce(a.failed, 0)) ORDER BY h.hour)
               FROM generate_series(date_trunc('hour', now()) - interval '23 hours',
                                    date_trunc('hour', now()), interval '1 hour') AS h(hour)
               LEFT JOIN (
                 SELECT date_trunc('hour', wa.started_at) AS hour,
                        (count(*) FILTER (WHERE wa.succeeded))::int AS succeeded,
                        (count(*) FILTER (WHERE NOT wa.succeeded))::int AS failed
                 FROM webhook_attempts wa JOIN webhook_deliveries wd ON wd.id = wa.delivery_id
                 WHERE wd.subscription_id = s.id
                   AND wa.started_at >= date_trunc('hour', now()) - interval '23 hours'
                 GROUP BY 1
               ) a ON a.hour = h.hour) AS hourly
       FROM webhook_subscriptions s
       LEFT JOIN LATERAL (
         SELECT d.created_at, d.status FROM webhook_deliveries d
         WHERE d.subscription_id = s.id ORDER BY d.id DESC LIMIT 1
       ) last ON true
       WHERE s.tenant_id = $1 AND s.deleted_at IS NULL AND ($2::text IS NULL OR s.id = $2)
       ORDER BY s.created_at, s.id`,
      [tenantId, id ?? null],
    );
    return rows.map(toHealth);
  }

  /**
   * One page of the tenant's delivery log, newest first (in id order: ids are
   * creation order, and each partition reads a subscription's deliveries in
   * it), with how many match.
   */
  async deliveries(
    tenantId: string,
    query: DeliveryListQuery,
    pageSize: number,
  ): Promise<DeliveryPage> {
    const params = new SqlParams([tenantId]);
    const where = deliveryConditions(query, params);
    const countValues = [...params.values];
    const from = `FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id`;
    return readSnapshot(this.pool, async (db) => {
      const page = await db.query<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} ${from} WHERE ${where}
         ORDER BY d.id DESC
         LIMIT ${params.add(pageSize)} OFFSET ${params.add((query.page - 1) * pageSize)}`,
        params.values,
      );
      const count = await countUpTo(db, `${from} WHERE ${where}`, countValues, COUNT_CAP);
      return {
        rows: page.rows.map(toView),
        page: query.page,
        pageSize,
        total: count.total,
        totalCapped: count.capped,
      };
    });
  }

  /** One delivery of the tenant's with its attempts, or undefined. */
  async delivery(tenantId: string, id: string): Promise<DeliveryDetail | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       WHERE d.id = $1 AND d.tenant_id = $2`,
      [id, tenantId],
    );
    if (!rows[0]) return undefined;
    const attempts = await this.pool.query<{
      attempt_number: number;
      started_at: Date;
      duration_ms: number;
      succeeded: boolean;
      status_code: number | null;
      error_kind: string | null;
      error_message: string | null;
      excerpt: string | null;
    }>(
      `SELECT attempt_number, started_at, duration_ms, succeeded, status_code, error_kind,
              error_message, left(response_body, $2) AS excerpt
       FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt_number`,
      [id, RESPONSE_EXCERPT_CHARS],
    );
    return {
      ...toView(rows[0]),
      attempts: attempts.rows.map((a): AttemptView => ({
        number: a.attempt_number,
        startedAt: a.started_at.toISOString(),
        durationMs: a.duration_ms,
        succeeded: a.succeeded,
        statusCode: a.status_code,
        errorKind: a.error_kind,
        errorMessage: a.error_message,
        responseExcerpt: a.excerpt,
      })),
    };
  }
}

function toView(row: DeliveryRow): DeliveryView {
  const d = toDelivery(row);
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attemptCount: d.attemptCount,
    createdAt: d.createdAt,
    lastAttemptAt: d.lastAttemptAt,
    nextAttemptAt: d.nextAttemptAt,
  };
}

function toHealth(row: HealthRow): SubscriptionHealth {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    status: row.status,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    disabledReason: row.disabled_reason,
    consecutiveFailures: row.consecutive_failures,
    lastDelivery: row.last_at &&
      row.last_status && { at: row.last_at.toISOString(), status: row.last_status },
    parkedCount: row.parked_count,
    hourly: row.hourly.map((h) => ({
      hourStart: new Date(h.hour).toISOString(),
      succeeded: h.succeeded,
      failed: h.failed,
    })),
  };
}
