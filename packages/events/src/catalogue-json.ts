import { z } from 'zod';
import { eventCatalogue } from './catalogue';

/**
 * The catalogue for `GET /v1/webhooks/event-types`: each type with its
 * description, the JSON Schema (draft 2020-12) of its `data`, and an example.
 * Refinements (cross-field invariants) are not expressible there and are omitted.
 * The input view leaves objects open (no `additionalProperties: false`): we may
 * add fields to an event, and a receiver validating with this schema must not break.
 */
export function catalogueAsJson() {
  return eventCatalogue.map((entry) => ({
    type: entry.type,
    description: entry.description,
    schema: z.toJSONSchema(entry.dataSchema, { io: 'input' }),
    example: structuredClone(entry.example) as Record<string, unknown>,
  }));
}

export type CatalogueJsonEntry = ReturnType<typeof catalogueAsJson>[number];
