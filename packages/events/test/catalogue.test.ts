import {
  EventEnvelope,
  EventType,
  TypedEventEnvelope,
  catalogueAsJson,
  eventCatalogue,
  eventDefinition,
  eventEnvelopeSchemaFor,
  eventTypes,
  exampleEnvelope,
  isEventType,
  parseEventData,
} from '../src';

const designMinimum = [
  'client.link_requested',
  'client.link_expired',
  'client.linked',
  'client.link_archived',
  'client.onboarding_completed',
  'case.created',
  'case.status_changed',
  'case.contract_required',
  'payout.created',
  'transaction.stage_changed',
  'client.kyc_submitted',
  'client.kyc_verified',
  'client.kyc_rejected',
  'webhook.test',
  // The operational events of the engine (DESIGN §3.7).
  'webhook.subscription_failing',
  'webhook.subscription_disabled',
  'webhook.delivery_exhausted',
  'webhook.subscription_recovered',
];
/** Beyond the design's minimum: a partner hears of every decision on its links. */
const additions = ['client.link_rejected', 'client.link_restored'];

describe('the event catalogue', () => {
  it('lists every event type of the design exactly once', () => {
    const types = eventCatalogue.map((entry) => entry.type);
    expect(new Set(types).size).toBe(types.length);
    expect([...types].sort()).toEqual([...designMinimum, ...additions].sort());
    expect(eventTypes).toEqual(types);
    expect(EventType.options).toEqual(types);
  });

  it('names types <resource>.<snake_case> and describes each in one line', () => {
    for (const entry of eventCatalogue) {
      expect(entry.type).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(entry.description).toMatch(/^[A-Z].{10,120}\.$/);
      expect(entry.description).not.toContain('\n');
    }
  });

  it('recognises known event types only', () => {
    expect(isEventType('client.linked')).toBe(true);
    expect(isEventType('client.deleted')).toBe(false);
    expect(isEventType('*')).toBe(false);
    expect(isEventType(42)).toBe(false);
    expect(eventDefinition('case.created').type).toBe('case.created');
    expect(() => eventDefinition('nope' as EventType)).toThrow(/Unknown event type: nope/);
  });

  describe.each(eventTypes)('%s', (type) => {
    const entry = eventDefinition(type);

    it('has an example that its own schema accepts unchanged', () => {
      const parsed = entry.dataSchema.safeParse(entry.example);
      expect(parsed.error?.issues).toBeUndefined();
      // Equality proves the example carries no field the schema would strip.
      expect(parsed.data).toEqual(entry.example);
      expect(parseEventData(type, entry.example).success).toBe(true);
    });

    it('has an example envelope that every envelope schema accepts', () => {
      const envelope = exampleEnvelope(type);
      expect(envelope).toMatchObject({ type, data: entry.example });
      expect(envelope.id).toMatch(/^evt_/);
      expect(EventEnvelope.parse(envelope)).toEqual(envelope);
      expect(eventEnvelopeSchemaFor(type).parse(envelope)).toEqual(envelope);
      expect(TypedEventEnvelope.parse(envelope)).toEqual(envelope);
      // The envelope is exactly what goes on the wire.
      expect(EventEnvelope.parse(JSON.parse(JSON.stringify(envelope)))).toEqual(envelope);
    });

    it('gives example envelopes that are copies, not the catalogue itself', () => {
      const envelope = exampleEnvelope(type);
      (envelope.data as Record<string, unknown>).extra = 1;
      expect(exampleEnvelope(type).data).not.toHaveProperty('extra');
    });

    it('generates an open JSON Schema for its data that names every example field', () => {
      const json = catalogueAsJson().find((e) => e.type === type);
      expect(json).toBeDefined();
      expect(json?.description).toBe(entry.description);
      expect(json?.example).toEqual(entry.example);
      const schema = json?.schema as {
        type: string;
        properties: Record<string, unknown>;
        required: string[];
      };
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(entry.example).sort());
      expect([...schema.required].sort()).toEqual(Object.keys(entry.example).sort());
      expect(JSON.stringify(json)).not.toContain('"additionalProperties":false');
    });
  });

  it('serves the whole catalogue as JSON in catalogue order', () => {
    const json = catalogueAsJson();
    expect(json.map((e) => e.type)).toEqual(eventTypes);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('ids in example envelopes differ between types', () => {
    const ids = eventTypes.map((type) => exampleEnvelope(type).id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
