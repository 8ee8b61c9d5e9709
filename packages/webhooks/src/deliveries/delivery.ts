import type { SqlParams } from '@referral/db';
import { z } from 'zod';

export const DeliveryStatus = z.enum(['pending', 'succeeded', 'failed', 'parked', 'cancelled']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Attempt = z.object({
  attemptNumber: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  succeeded: z.boolean(),
  statusCode: z.number().int().nullable(),
  errorKind: z.string().nullable(),
  errorMessage: z.string().nullable(),
  responseBody: z.string().nullable(),
  requestHeaders: z
    .record(z.string(), z.string())
    .nullable()
    .describe('The headers sent, kept for a failed attempt; null for one that succeeded'),
});
export type Attempt = z.infer<typeof Attempt>;

export const Delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  subscriptionId: z.string(),
  status: DeliveryStatus,
  attemptCount: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryWithAttempts = Delivery.extend({
  payload: z.unknown(),
  attempts: z.array(Attempt),
});
export type DeliveryWithAttempts = z.infer<typeof DeliveryWithAttempts>;

export const DELIVERY_COLUMNS = `d.id, d.event_id, e.type AS event_type, d.subscription_id, d.status,
  d.attempt_count, d.next_attempt_at, d.last_attempt_at, d.created_at, d.updated_at`;

export interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  subscription_id: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    subscriptionId: row.subscription_id,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What a tenant's delivery lists filter on: a subscription's deliveries and the dashboard's log. */
export interface DeliveryConditions {
  subscriptionId?: string | undefined;
  status?: DeliveryStatus | undefined;
  eventType?: string | undefined;
  /** Created on or after / on or before (UTC dates, inclusive). */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The one copy of the delivery filters: conditions over `webhook_deliveries d`
 * joined to `webhook_events e`, joined by AND. The tenant is `$1` (null: any).
 */
export function deliveryConditions(filter: DeliveryConditions, params: SqlParams): string {
  const conditions = ['($1::uuid IS NULL OR d.tenant_id = $1::uuid)'];
  if (filter.subscriptionId) {
    conditions.push(`d.subscription_id = ${params.add(filter.subscriptionId)}`);
  }
  if (filter.status) conditions.push(`d.status = ${params.add(filter.status)}`);
  if (filter.eventType) conditions.push(`e.type = ${params.add(filter.eventType)}`);
  if (filter.from) conditions.push(`d.created_at >= ${params.add(filter.from)}::date`);
  if (filter.to) conditions.push(`d.created_at < ${params.add(filter.to)}::date + 1`);
  return conditions.join('\n  AND ');
}
