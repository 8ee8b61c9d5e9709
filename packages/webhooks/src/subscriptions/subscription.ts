import { z } from 'zod';

export const SubscriptionStatus = z.enum(['enabled', 'disabled']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;

/** A webhook subscription as the API shows it (never with its secret). */
export const Subscription = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  status: SubscriptionStatus,
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Subscription = z.infer<typeof Subscription>;

export const SubscriptionWithSecret = Subscription.extend({ secret: z.string() });
export type SubscriptionWithSecret = z.infer<typeof SubscriptionWithSecret>;

/** An admin's view also names the tenant. */
export const TenantSubscription = Subscription.extend({ tenantId: z.string() });
export type TenantSubscription = z.infer<typeof TenantSubscription>;

export const SUBSCRIPTION_COLUMNS = `id, tenant_id, url, event_types, description, status,
  disabled_reason, disabled_at, consecutive_failures, created_at, updated_at`;

export interface SubscriptionRow {
  id: string;
  tenant_id: string;
  url: string;
  event_types: string[];
  description: string | null;
  status: SubscriptionStatus;
  disabled_reason: string | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    description: row.description,
    status: row.status,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    consecutiveFailures: row.consecutive_failures,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toTenantSubscription(row: SubscriptionRow): TenantSubscription {
  return { ...toSubscription(row), tenantId: row.tenant_id };
}
