import type { NewEvent } from '../outbox/event-store';
import type { DeliveryWrite } from './delivery-write';
import { DISABLE_AFTER_FAILED_DELIVERIES, FAILING_AFTER_FAILED_DELIVERIES } from './retry-policy';

/** How one group of writes moved a subscription's streak of failed deliveries. */
export interface SubscriptionChange {
  subscriptionId: string;
  before: number;
  after: number;
  /** A delivery succeeded in the group, resetting the streak before it. */
  hadSuccess: boolean;
  /** Set when the group disabled the subscription. */
  disabledReason: string | null;
}

/** Operational events are never reported about (a chain of reports of reports). */
export const OPERATIONAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'webhook.subscription_failing',
  'webhook.subscription_disabled',
  'webhook.delivery_exhausted',
  'webhook.subscription_recovered',
]);

/**
 * The operational events a group of writes calls for, each to the tenant's
 * subscriptions that ask for its type, except the subscription it is about.
 */
export function operationalEvents(
  writes: DeliveryWrite[],
  changes: SubscriptionChange[],
  exhausted: DeliveryWrite[],
  recorded: { id: string; attempt_count: number }[],
): NewEvent[] {
  const subject = new Map(writes.map((w) => [w.delivery.subscriptionId, w.delivery]));
  const about = (subscriptionId: string, type: string, data: Record<string, unknown>) => {
    const { tenantId, url } = subject.get(subscriptionId)!;
    return {
      tenantId,
      type,
      data: { subscriptionId, url, ...data },
      excludeSubscriptionId: subscriptionId,
    };
  };
  const attempts = new Map(recorded.map((r) => [r.id, r.attempt_count]));
  const events: NewEvent[] = [];
  for (const write of exhausted) {
    const { delivery } = write;
    if (OPERATIONAL_EVENT_TYPES.has(delivery.eventType) || !('attempt' in write)) continue;
    const { outcome } = write.attempt;
    events.push(
      about(delivery.subscriptionId, 'webhook.delivery_exhausted', {
        deliveryId: delivery.id,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        attempts: attempts.get(delivery.id) ?? 1,
        lastStatusCode: outcome.statusCode ?? null,
        lastError: outcome.statusCode === undefined ? (outcome.errorMessage ?? null) : null,
      }),
    );
  }
  for (const change of changes) {
    const { subscriptionId, before, after } = change;
    if (change.hadSuccess && before >= FAILING_AFTER_FAILED_DELIVERIES) {
      events.push(
        about(subscriptionId, 'webhook.subscription_recovered', { failedDeliveriesBefore: before }),
      );
    }
    const streakBefore = change.hadSuccess ? 0 : before;
    if (change.disabledReason) {
      events.push(
        about(subscriptionId, 'webhook.subscription_disabled', {
          reason: change.disabledReason,
          disabledAt: new Date().toISOString(),
          consecutiveFailures: after,
        }),
      );
    } else if (
      streakBefore < FAILING_AFTER_FAILED_DELIVERIES &&
      after >= FAILING_AFTER_FAILED_DELIVERIES
    ) {
      events.push(
        about(subscriptionId, 'webhook.subscription_failing', {
          consecutiveFailures: after,
          disableAfter: DISABLE_AFTER_FAILED_DELIVERIES,
        }),
      );
    }
  }
  return events;
}
