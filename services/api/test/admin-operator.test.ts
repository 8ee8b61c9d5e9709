import { randomUUID } from 'node:crypto';
import { countRows, createHarness, type Harness } from './helpers/harness';
import { fields, type Json } from './helpers/api-client';

/** What the operator CLI reads and does: every partner's subscriptions, partners, test events. */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const body = { url: 'https://hooks.example.com/in', eventTypes: ['*'] };
const ids = (res: { body: Json }) => (res.body.data as { id: string }[]).map((s) => s.id);

async function disable(...subscriptionIds: string[]) {
  await h.pool.query(
    `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now(),
       disabled_reason = 'consecutive_failures' WHERE id = ANY($1)`,
    [subscriptionIds],
  );
}

describe('GET /admin/subscriptions', () => {
  let a: Awaited<ReturnType<Harness['newPartner']>>;
  let b: Awaited<ReturnType<Harness['newPartner']>>;
  const sub: Record<string, string> = {};
  beforeAll(async () => {
    a = await h.newPartner('A');
    b = await h.newPartner('B');
    for (const [name, partner] of [
      ['a1', a],
      ['a2', a],
      ['b1', b],
      ['gone', b],
    ] as const) {
      sub[name] = (await partner.api.post('/v1/webhooks/subscriptions', body)).body.id;
    }
    await disable(sub.a1!);
    await b.api.delete(`/v1/webhooks/subscriptions/${sub.gone}`);
  });

  it('lists every partner’s subscriptions, newest first, naming the partner; deleted ones not', async () => {
    const res = await h.admin.get('/admin/subscriptions');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([sub.b1, sub.a2, sub.a1]);
    expect(res.body.data[0]).toMatchObject({ tenantId: b.partnerId, url: body.url });
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters by partner and by status, and pages', async () => {
    expect(ids(await h.admin.get(`/admin/subscriptions?partnerId=${a.partnerId}`))).toEqual([
      sub.a2,
      sub.a1,
    ]);
    expect(ids(await h.admin.get('/admin/subscriptions?status=disabled'))).toEqual([sub.a1]);
    expect(
      ids(await h.admin.get(`/admin/subscriptions?status=enabled&partnerId=${a.partnerId}`)),
    ).toEqual([sub.a2]);
    const first = await h.admin.get('/admin/subscriptions?limit=2');
    expect(ids(first)).toEqual([sub.b1, sub.a2]);
    const second = await h.admin.get(
      `/admin/subscriptions?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(ids(second)).toEqual([sub.a1]);
  });

  it('answers 404 naming partnerId for a partner that does not exist', async () => {
    const res = await h.admin.get(`/admin/subscriptions?partnerId=${randomUUID()}`);
    expect(res.status).toBe(404);
    expect(fields(res)).toEqual(['partnerId']);
  });

  it('answers 400 naming each malformed filter', async () => {
    const res = await h.admin.get('/admin/subscriptions?partnerId=acme&status=broken&limit=0');
    expect(res.status).toBe(400);
    expect(fields(res).sort()).toEqual(['limit', 'partnerId', 'status']);
  });

  it('is for operators only', async () => {
    expect((await h.admin.get('/admin/subscriptions', { token: a.apiKey })).status).toBe(401);
  });
});

describe('GET /admin/subscriptions/:id', () => {
  it('reads any partner’s subscription with its partner, never its secret', async () => {
    const { partnerId, api } = await h.newPartner();
    const created = (await api.post('/v1/webhooks/subscriptions', body)).body;
    const res = await h.admin.get(`/admin/subscriptions/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, tenantId: partnerId, status: 'enabled' });
    expect(res.body).not.toHaveProperty('secret');
  });

  it('answers 404 for one that does not exist or was deleted', async () => {
    const { api } = await h.newPartner();
    const created = (await api.post('/v1/webhooks/subscriptions', body)).body;
    await api.delete(`/v1/webhooks/subscriptions/${created.id}`);
    for (const id of ['sub_nope', created.id]) {
      const res = await h.admin.get(`/admin/subscriptions/${id}`);
      expect(res.status).toBe(404);
      expect(fields(res)).toEqual(['id']);
    }
  });
});

describe('POST /admin/subscriptions/:id/test', () => {
  it('sends webhook.test as the subscription’s partner, to that subscription only', async () => {
    const { partnerId, api } = await h.newPartner();
    const target = (await api.post('/v1/webhooks/subscriptions', body)).body;
    const sibling = (await api.post('/v1/webhooks/subscriptions', body)).body;

    const res = await h.admin.post(`/admin/subscriptions/${target.id}/test`);
    expect(res.status).toBe(202);
    const { rows } = await h.pool.query<{
      tenant_id: string;
      type: string;
      subscription_id: string;
    }>(
      `SELECT e.tenant_id, e.type, d.subscription_id FROM webhook_events e
       JOIN webhook_deliveries d ON d.event_id = e.id WHERE e.id = $1`,
      [res.body.eventId],
    );
    expect(rows).toEqual([
      { tenant_id: partnerId, type: 'webhook.test', subscription_id: target.id },
    ]);
    expect(rows.some((r) => r.subscription_id === sibling.id)).toBe(false);
  });

  it('refuses a disabled subscription with 409 and an unknown one with 404, storing nothing', async () => {
    const { api } = await h.newPartner();
    const created = (await api.post('/v1/webhooks/subscriptions', body)).body;
    await disable(created.id);
    const before = await countRows(h.pool, 'webhook_events');

    const refused = await h.admin.post(`/admin/subscriptions/${created.id}/test`);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/subscription-disabled');
    expect((await h.admin.post('/admin/subscriptions/sub_nope/test')).status).toBe(404);
    expect(await countRows(h.pool, 'webhook_events')).toBe(before);
  });
});

describe('GET /admin/partners', () => {
  it('lists every partner by name, a page at a time', async () => {
    const names = ['Zeta Books', 'Alpha Ledger', 'Mu Invoicing'];
    const made = [];
    for (const name of names) made.push(await h.newPartner(name));

    const all: { id: string; name: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Json } = await h.admin.get(
        `/admin/partners?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      all.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);

    // In the database's collation, which is the order operators read.
    const { rows } = await h.pool.query<{ id: string }>(
      'SELECT id FROM partners ORDER BY name, id',
    );
    expect(all.map((p) => p.id)).toEqual(rows.map((r) => r.id));
    for (const partner of made) {
      expect(all).toContainEqual(
        expect.objectContaining({ id: partner.partnerId, referralFeePercent: 10 }),
      );
    }
    expect(all[0]).not.toHaveProperty('apiKey');
  });

  it('refuses a cursor another list returned, and a limit out of range', async () => {
    const { api } = await h.newPartner();
    await api.post('/v1/webhooks/subscriptions', body);
    await api.post('/v1/webhooks/subscriptions', body);
    const other = await api.get('/v1/webhooks/subscriptions?limit=1');
    const res = await h.admin.get(`/admin/partners?cursor=${other.body.nextCursor}&limit=101`);
    expect(res.status).toBe(400);
    expect(fields(res).sort()).toEqual(['cursor', 'limit']);
  });
});
