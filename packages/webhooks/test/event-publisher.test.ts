import { createLogger } from '@referral/logger';
import { createWebhookEngine, type EnvelopeEncoder, type WebhookEngine } from '../src';
import { createHarness, type Harness } from './harness';

let h: Harness;
let strict: WebhookEngine;

class RefusedEvent extends Error {
  override readonly name = 'RefusedEvent';
}

// Stands in for a catalogue: only `case.created` with a caseId is allowed.
const onlyCasesCreated: EnvelopeEncoder = (fields) => {
  const data = fields.data as { caseId?: unknown };
  if (fields.type !== 'case.created' || typeof data.caseId !== 'string') {
    throw new RefusedEvent(fields.type);
  }
  return JSON.stringify({ ...fields, data: { caseId: data.caseId } });
};

beforeAll(async () => {
  h = await createHarness();
  strict = createWebhookEngine({
    ...h.engine.options,
    logger: createLogger({ name: 'test', level: 'silent', format: 'json' }),
    encodeEnvelope: onlyCasesCreated,
  });
});
afterAll(async () => {
  await strict.close();
  await h.close();
});

async function storedPayloads(tenantId: string): Promise<string[]> {
  const { rows } = await h.pool.query<{ payload: string }>(
    `SELECT payload FROM webhook_events WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
  return rows.map((r) => r.payload);
}

describe('the event publisher', () => {
  it('stores the body the encoder builds, byte for byte, with the id and time it gave', async () => {
    const tenant = h.newTenant();
    const event = await strict.outbox.publish({
      tenantId: tenant,
      type: 'case.created',
      data: { caseId: 'case_1', undocumented: true },
    });
    expect(JSON.parse(event.payload)).toEqual({
      id: event.id,
      type: 'case.created',
      createdAt: event.createdAt,
      data: { caseId: 'case_1' },
    });
    expect(await storedPayloads(tenant)).toEqual([event.payload]);
  });

  it('a refused event fails alone: events published in the same tick are still stored', async () => {
    const tenant = h.newTenant();
    const [good, bad] = await Promise.allSettled([
      strict.outbox.publish({ tenantId: tenant, type: 'case.created', data: { caseId: 'c' } }),
      strict.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} }),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(RefusedEvent) });
    expect(good.status).toBe('fulfilled');
    expect(await storedPayloads(tenant)).toHaveLength(1);
  });

  it('a refused event rolls back the transaction that emitted it', async () => {
    const tenant = h.newTenant();
    await expect(
      strict.outbox.inTransaction(async (tx, emit) => {
        await emit({ tenantId: tenant, type: 'case.created', data: { caseId: 'c' } });
        await tx.query(`SELECT 1`);
        await emit({ tenantId: tenant, type: 'payout.created', data: {} });
      }),
    ).rejects.toBeInstanceOf(RefusedEvent);
    expect(await storedPayloads(tenant)).toEqual([]);
  });
});
