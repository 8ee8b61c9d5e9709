import { z } from 'zod';
import { eventCatalogue } from '@referral/events';
import { apiClient, type ApiClient } from './helpers/api-client';
import { createHarness, type Harness } from './helpers/harness';

let h: Harness;
let api: ApiClient;
beforeAll(async () => {
  h = await createHarness();
  ({ api } = await h.newPartner());
});
afterAll(() => h.close());

interface EventTypeDoc {
  type: string;
  description: string;
  schema: { type?: string; properties?: Record<string, unknown>; required?: string[] };
  example: Record<string, unknown>;
}

describe('GET /v1/webhooks/event-types', () => {
  let served: EventTypeDoc[];
  beforeAll(async () => {
    const res = await api.get('/v1/webhooks/event-types');
    expect(res.status).toBe(200);
    served = res.body.data;
  });

  it('lists every type of the event catalogue, once, in its order', () => {
    expect(served.map((e) => e.type)).toEqual(eventCatalogue.map((e) => e.type));
  });

  describe.each(eventCatalogue.map((entry) => [entry.type, entry] as const))(
    '%s',
    (type, entry) => {
      const doc = () => served.find((e) => e.type === type)!;

      it('carries the catalogue’s description and example', () => {
        expect(doc().description).toBe(entry.description);
        expect(doc().example).toEqual(JSON.parse(JSON.stringify(entry.example)));
      });

      it('carries a JSON Schema of the data: its fields, which are required, and it accepts the example', () => {
        const { schema } = doc();
        const shape = entry.dataSchema.shape as Record<string, z.ZodType>;
        const required = Object.keys(shape).filter(
          (key) => !shape[key]!.safeParse(undefined).success,
        );
        expect(schema.type).toBe('object');
        expect(Object.keys(schema.properties ?? {}).sort()).toEqual(Object.keys(shape).sort());
        expect([...(schema.required ?? [])].sort()).toEqual(required.sort());

        // Read back as a validator, the schema accepts the example and refuses it
        // without a required field: it describes the data, it is not just well-formed.
        const validator = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema);
        expect(validator.safeParse(doc().example).success).toBe(true);
        const incomplete = { ...doc().example };
        delete incomplete[required[0]!];
        expect(validator.safeParse(incomplete).success).toBe(false);
      });
    },
  );

  it('is for partners: no API key, no catalogue', async () => {
    const res = await apiClient(h.url).get('/v1/webhooks/event-types');
    expect(res.status).toBe(401);
  });
});
