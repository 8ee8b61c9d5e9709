import type { EventData, EventType } from '@referral/events';
import type { EventPublisher, NewEvent, StoredEvent } from '@referral/webhooks';

/** What domain commands need of the outbox: a transaction whose events commit with it. */
export type Outbox = Pick<EventPublisher, 'inTransaction'>;

/** An event for one partner's webhooks, its data typed by the catalogue. */
export function partnerEvent<T extends EventType>(
  partnerId: string,
  type: T,
  data: EventData<T>,
): NewEvent {
  return { tenantId: partnerId, type, data };
}

/** How a command inside `outbox.inTransaction` adds an event to its transaction. */
export type Emit = (event: NewEvent) => Promise<StoredEvent>;
