import { z } from 'zod';
import { eventCatalogue, type CatalogueEntry } from './catalogue';

/** Every event type name, in catalogue order. */
export const eventTypes: readonly CatalogueEntry['type'][] = Object.freeze(
  eventCatalogue.map((entry) => entry.type),
);

export const EventType = z.enum(eventTypes);
export type EventType = z.infer<typeof EventType>;

/** The catalogue entry of one event type. */
export type EventDefinitionOf<T extends EventType> = Extract<CatalogueEntry, { type: T }>;

/** Event type → zod schema of its `data`. */
export type EventDataSchemaMap = { [T in EventType]: EventDefinitionOf<T>['dataSchema'] };

/** Event type → TypeScript type of its `data`: `EventDataMap['client.linked']`. */
export type EventDataMap = { [T in EventType]: z.infer<EventDataSchemaMap[T]> };

/** The `data` of one event type: `EventData<'client.linked'>`. */
export type EventData<T extends EventType> = EventDataMap[T];

const definitions = new Map<string, CatalogueEntry>(eventCatalogue.map((e) => [e.type, e]));

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && definitions.has(value);
}

/** The catalogue entry (description, schema, example) of an event type. */
export function eventDefinition<T extends EventType>(type: T): EventDefinitionOf<T> {
  const definition = definitions.get(type);
  if (!definition) throw new TypeError(`Unknown event type: ${String(type)}`);
  return definition as EventDefinitionOf<T>;
}

const TypeField = z.object({ type: EventType });

/**
 * Validate an event's `data` against its type's schema. An unknown type is a
 * failed result too (issue on `type`), so callers can pass unchecked input.
 */
export function parseEventData<T extends EventType>(
  type: T,
  data: unknown,
): z.ZodSafeParseResult<EventData<T>> {
  const known = TypeField.safeParse({ type });
  if (!known.success) {
    return { success: false, error: known.error as z.ZodError as z.ZodError<EventData<T>> };
  }
  return eventDefinition(type).dataSchema.safeParse(data) as z.ZodSafeParseResult<EventData<T>>;
}
