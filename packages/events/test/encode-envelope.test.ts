import {
  encodeEventEnvelope,
  eventDefinition,
  InvalidEventError,
  TypedEventEnvelope,
} from '../src';

const fields = {
  id: 'evt_0193a1b2c3d4e5f60718293a4b5c6d7e',
  type: 'client.linked',
  createdAt: '2025-05-20T16:30:00.000Z',
  data: structuredClone(eventDefinition('client.linked').example),
};

describe('encodeEventEnvelope', () => {
  it('builds the envelope receivers get, in the documented field order', () => {
    const body = encodeEventEnvelope(fields);
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['id', 'type', 'createdAt', 'data']);
    expect(TypedEventEnvelope.parse(JSON.parse(body))).toEqual(fields);
  });

  it('refuses data off its type schema, naming the field', () => {
    const bad = { ...fields, data: { ...fields.data, attribution: 'partial' } };
    expect(() => encodeEventEnvelope(bad)).toThrow(InvalidEventError);
    expect(() => encodeEventEnvelope(bad)).toThrow(/attribution/);
  });

  it('refuses a type the catalogue does not have', () => {
    expect(() => encodeEventEnvelope({ ...fields, type: 'client.teleported' })).toThrow(
      /client\.teleported event does not match the event catalogue/,
    );
  });

  it('drops fields the schema does not declare, so nothing undocumented goes out', () => {
    const body = encodeEventEnvelope({ ...fields, data: { ...fields.data, internalNote: 'x' } });
    expect(JSON.parse(body)).toEqual(fields);
  });
});
