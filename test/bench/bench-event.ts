import { encodeEventEnvelope, eventDefinition } from '@referral/events';

/** Every bench event is the catalogue's example of this type: a realistic body size. */
export const EVENT_TYPE = 'transaction.stage_changed';
export const EVENT_DATA = eventDefinition(EVENT_TYPE).example;

/** The body the engine would send for this event, built as the outbox builds it. */
export function envelope(id: string): string {
  return encodeEventEnvelope({
    id,
    type: EVENT_TYPE,
    createdAt: new Date().toISOString(),
    data: EVENT_DATA,
  });
}
