import type { PoolClient } from '@referral/db';
import type { EventData, EventType } from '@referral/events';

/** An event for one partner's webhooks: a catalogue type, and data of that type. */
export interface PartnerEvent<T extends EventType = EventType> {
  /** The partner whose subscriptions hear it. */
  tenantId: string;
  type: T;
  data: EventData<T>;
}

export function partnerEvent<T extends EventType>(
  partnerId: string,
  type: T,
  data: EventData<T>,
): PartnerEvent<T> {
  return { tenantId: partnerId, type, data };
}

/** Appends an event to the running transaction; it commits, and only then goes out, with it. */
export type Emit = <T extends EventType>(event: PartnerEvent<T>) => Promise<unknown>;

/**
 * What domain commands need of the outside world's outbox: run work in one
 * transaction and append catalogue events to it (no event without the state
 * change, no state change without the event). The webhook engine's publisher
 * is one; the domain never sees how events are stored or delivered.
 */
export interface Outbox {
  inTransaction<R>(work: (tx: PoolClient, emit: Emit) => Promise<R>): Promise<R>;
}
