import { z } from 'zod';
import {
  EventType,
  eventDefinition,
  eventTypes,
  isEventType,
  type EventDataSchemaMap,
} from './event-types';
import { InvalidEventError } from './invalid-event-error';
import { IsoDateTime } from './primitives';

/** Event ids are `evt_…`; receivers deduplicate on them (the `webhook-id` header). */
export const EventId = z
  .string()
  .regex(/^evt_[A-Za-z0-9_-]+$/, 'expected an event id starting with evt_')
  .max(255);
export type EventId = z.infer<typeof EventId>;

/**
 * The JSON body POSTed to receivers, for any event type. `data` is only known
 * to be an object here: use `TypedEventEnvelope` or `parseEventData` to check it.
 * Delivery is at least once and unordered; `createdAt` lets receivers order.
 */
export const EventEnvelope = z.object({
  id: EventId,
  type: EventType,
  createdAt: IsoDateTime.describe('When the event happened (UTC)'),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

type EnvelopeSchemaMap = {
  [T in EventType]: ReturnType<
    typeof EventEnvelope.extend<{ type: z.ZodLiteral<T>; data: EventDataSchemaMap[T] }>
  >;
};

// Built once: zod compiles a schema on first use, so reuse beats rebuilding.
const envelopeSchemas = Object.fromEntries(
  eventTypes.map((type) => [
    type,
    EventEnvelope.extend({ type: z.literal(type), data: eventDefinition(type).dataSchema }),
  ]),
) as EnvelopeSchemaMap;

/** The envelope schema of one event type: `type` is the literal, `data` is checked. */
export function eventEnvelopeSchemaFor<T extends EventType>(type: T): EnvelopeSchemaMap[T] {
  return envelopeSchemas[type];
}

/** A fully typed envelope: `EventEnvelopeOf<'client.linked'>['data']['linkId']`. */
export type EventEnvelopeOf<T extends EventType> = z.infer<EnvelopeSchemaMap[T]>;

type AnyEnvelopeSchema = EnvelopeSchemaMap[EventType];

/**
 * Any known event, with `data` checked against its type. Its type is a union
 * discriminated by `type`, so `switch (event.type)` narrows `event.data`.
 */
export const TypedEventEnvelope = z.discriminatedUnion(
  'type',
  eventTypes.map((type) => envelopeSchemas[type]) as [AnyEnvelopeSchema, ...AnyEnvelopeSchema[]],
);
export type TypedEventEnvelope = z.infer<typeof TypedEventEnvelope>;

/** What the outbox knows of a new event when it stores it. */
export interface NewEnvelopeFields {
  id: string;
  type: string;
  createdAt: string;
  data: unknown;
}

/**
 * The one place an envelope is built: the exact JSON body a receiver gets,
 * stored, signed and sent byte for byte. `type` must be in the catalogue and
 * `data` must match its schema, or it throws `InvalidEventError`; fields the
 * schema does not declare are dropped, so nothing undocumented goes out.
 */
export function encodeEventEnvelope(fields: NewEnvelopeFields): string {
  if (!isEventType(fields.type)) throw new InvalidEventError(fields.type, 'unknown event type');
  const envelope = eventEnvelopeSchemaFor(fields.type).safeParse(fields);
  if (!envelope.success) {
    throw new InvalidEventError(fields.type, z.prettifyError(envelope.error));
  }
  return JSON.stringify(envelope.data);
}

export const EXAMPLE_CREATED_AT = '2025-05-20T16:30:00.000Z';

/**
 * The documented example of an event type as a full envelope. Id and time are
 * fixed so docs are stable; ids differ per type so receivers' dedup keeps them apart.
 */
export function exampleEnvelope<T extends EventType>(type: T): EventEnvelopeOf<T> {
  const envelope = {
    id: `evt_example_${type.replace('.', '_')}`,
    type,
    createdAt: EXAMPLE_CREATED_AT,
    data: structuredClone(eventDefinition(type).example),
  };
  return envelope as EventEnvelopeOf<T>;
}
