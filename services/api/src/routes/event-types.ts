import { z } from 'zod';
import { catalogueAsJson } from '@referral/events';
import type { RouteRegistry } from '../http/route-registry';
import { named } from '../openapi/json-schema';

const EventTypeDoc = named(
  z.object({
    type: z.string(),
    description: z.string(),
    schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the event’s `data`'),
    example: z.record(z.string(), z.unknown()).describe('An example `data`'),
  }),
  'EventType',
);

/** The event catalogue, for partners writing receivers. */
export function eventTypeRoutes(routes: RouteRegistry): void {
  // The catalogue is fixed at build time: convert it once.
  const catalogue = { data: catalogueAsJson() };
  routes.partner(
    {
      method: 'get',
      path: '/v1/webhooks/event-types',
      operationId: 'listEventTypes',
      summary: 'Every event type, with the schema of its data and an example',
      tags: ['Event types'],
      responses: {
        200: { description: 'The catalogue', schema: z.object({ data: z.array(EventTypeDoc) }) },
      },
    },
    () => ({ status: 200, body: catalogue }),
  );
}
