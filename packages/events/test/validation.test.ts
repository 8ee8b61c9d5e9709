import {
  EventEnvelope,
  TypedEventEnvelope,
  eventDefinition,
  eventEnvelopeSchemaFor,
  exampleEnvelope,
  parseEventData,
  type EventType,
} from '../src';

/** The paths of a failed parse, as dotted strings. */
function failurePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function exampleData(type: EventType): Record<string, unknown> {
  return structuredClone(eventDefinition(type).example) as Record<string, unknown>;
}

describe('event data validation', () => {
  it('rejects a missing field and names it', () => {
    const data = exampleData('client.linked');
    delete data.linkId;
    expect(failurePaths(parseEventData('client.linked', data))).toEqual(['linkId']);
  });

  it('rejects a value outside an enum and names the field', () => {
    const data = { ...exampleData('client.linked'), attribution: 'partial' };
    expect(failurePaths(parseEventData('client.linked', data))).toEqual(['attribution']);
  });

  it('names nested fields by their full path', () => {
    const data = exampleData('case.created');
    data.debtor = { name: 'Jane Roe', type: 'robot', country: 'de' };
    expect(failurePaths(parseEventData('case.created', data)).sort()).toEqual([
      'debtor.country',
      'debtor.type',
    ]);
  });

  it('rejects an empty list of missing contracts', () => {
    const data = { ...exampleData('case.contract_required'), missing: [] };
    expect(failurePaths(parseEventData('case.contract_required', data))).toEqual(['missing']);
  });

  it('rejects fractional money, lowercase currencies and malformed references', () => {
    const data = {
      ...exampleData('payout.created'),
      paymentAmountMinor: 12.5,
      currency: 'eur',
      caseReference: 'CASE-1',
    };
    expect(failurePaths(parseEventData('payout.created', data)).sort()).toEqual([
      'caseReference',
      'currency',
      'paymentAmountMinor',
    ]);
  });

  it('rejects timestamps that are not ISO 8601', () => {
    const data = { ...exampleData('client.link_expired'), expiredAt: '21/03/2025 09:26' };
    expect(failurePaths(parseEventData('client.link_expired', data))).toEqual(['expiredAt']);
  });

  it('treats an unknown event type as a failure on `type`', () => {
    const result = parseEventData('client.deleted' as EventType, {});
    expect(failurePaths(result)).toEqual(['type']);
  });

  it('requires a payout to carry either a fee or the reason for none', () => {
    const withFee = exampleData('payout.created');
    expect(parseEventData('payout.created', { ...withFee, noFeeReason: 'no_link' }).success).toBe(
      false,
    );
    const neither = { ...withFee, referralFee: null };
    expect(failurePaths(parseEventData('payout.created', neither))).toEqual(['noFeeReason']);
    const noFee = { ...withFee, referralFee: null, noFeeReason: 'case_before_link' };
    expect(parseEventData('payout.created', noFee).success).toBe(true);
    expect(
      failurePaths(parseEventData('payout.created', { ...noFee, noFeeReason: 'bad_luck' })),
    ).toEqual(['noFeeReason']);
  });

  it('requires the reporting stage to follow from the stage', () => {
    const data = { ...exampleData('transaction.stage_changed'), reportingStage: 'recognized_paid' };
    expect(failurePaths(parseEventData('transaction.stage_changed', data))).toEqual([
      'reportingStage',
    ]);
    const first = {
      ...data,
      previousStage: null,
      stage: 'pending',
      reportingStage: 'unrecognized',
    };
    expect(parseEventData('transaction.stage_changed', first).success).toBe(true);
  });
});

describe('the envelope', () => {
  const good = exampleEnvelope('client.linked');

  it('requires an evt_ id, a known type and a UTC ISO timestamp', () => {
    const bad = { ...good, id: 'msg_1', type: 'client.deleted', createdAt: '2025-05-20 16:30' };
    expect(failurePaths(EventEnvelope.safeParse(bad)).sort()).toEqual(['createdAt', 'id', 'type']);
  });

  it('requires data to be an object', () => {
    expect(failurePaths(EventEnvelope.safeParse({ ...good, data: 'x' }))).toEqual(['data']);
  });

  it('checks data against the type when parsed as a typed envelope', () => {
    const mismatched = { ...good, data: exampleData('webhook.test') };
    expect(EventEnvelope.safeParse(mismatched).success).toBe(true);
    expect(failurePaths(TypedEventEnvelope.safeParse(mismatched))).toContain('data.clientId');
    expect(failurePaths(eventEnvelopeSchemaFor('client.linked').safeParse(mismatched))).toContain(
      'data.linkId',
    );
  });

  it('rejects an envelope of another type in a per-type schema', () => {
    const other = exampleEnvelope('webhook.test');
    expect(failurePaths(eventEnvelopeSchemaFor('client.linked').safeParse(other))).toContain(
      'type',
    );
  });
});
