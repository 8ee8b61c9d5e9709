import { randomUUID } from 'node:crypto';
import { countRows, createHarness, ADMIN_TOKEN, type Harness } from './helpers/harness';
import { apiClient, fields } from './helpers/api-client';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('admin authentication', () => {
  it.each([
    ['no token', null, 'Bearer'],
    ['a wrong token', 'x'.repeat(ADMIN_TOKEN.length), 'Bearer error="invalid_token"'],
    ['a shorter token', 'test', 'Bearer error="invalid_token"'],
  ])('refuses %s with 401', async (_label, token, challenge) => {
    const res = await h.admin.post('/admin/partners', { name: 'Acme' }, { token });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(challenge);
    expect(fields(res)).toEqual(['Authorization']);
  });

  it("refuses a partner's API key", async () => {
    const { apiKey } = await h.newPartner();
    const res = await h.admin.get('/admin/subscriptions/disabled', { token: apiKey });
    expect(res.status).toBe(401);
  });
});

describe('partners', () => {
  it('creates a partner whose API key then works on the partner API', async () => {
    const res = await h.admin.post('/admin/partners', { name: '  Acme Accounting ' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: res.body.partnerId,
      partnerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      apiKey: expect.stringMatching(/^rpk_/),
      name: 'Acme Accounting',
      referralFeePercent: 10,
      linkRequestTtlDays: 7,
      branding: {},
      mailDomains: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const partner = apiClient(h.url, res.body.apiKey);
    expect((await partner.get('/v1/webhooks/subscriptions')).status).toBe(200);
  });

  it('refuses an empty name, and creates nothing', async () => {
    const before = await countRows(h.pool, 'partners');
    const res = await h.admin.post('/admin/partners', { name: '   ' });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['name']);
    expect(await countRows(h.pool, 'partners')).toBe(before);
  });
});

describe('partner settings', () => {
  const branding = { logoUrl: 'https://cdn.example.com/acme.svg', primaryColor: '#0a3d62' };

  it('takes a fee, a link-request TTL and branding at creation, and changes them later', async () => {
    const created = await h.admin.post('/admin/partners', {
      name: 'Ledgerly',
      referralFeePercent: 12.5,
      linkRequestTtlDays: 14,
      branding,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      referralFeePercent: 12.5,
      linkRequestTtlDays: 14,
      branding,
    });
    const id = created.body.partnerId;

    const patched = await h.admin.patch(`/admin/partners/${id}`, {
      referralFeePercent: 15,
      branding: { accentColor: '#FFAA00' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Ledgerly',
      referralFeePercent: 15,
      linkRequestTtlDays: 14,
      branding: { accentColor: '#FFAA00' },
    });
    expect((await h.admin.get(`/admin/partners/${id}`)).body).toEqual(patched.body);
  });

  it.each([
    ['a TTL of 0 days', { linkRequestTtlDays: 0 }, 'linkRequestTtlDays'],
    ['a TTL of 31 days', { linkRequestTtlDays: 31 }, 'linkRequestTtlDays'],
    ['a fee over 100 %', { referralFeePercent: 100.5 }, 'referralFeePercent'],
    ['a colour that is not hex', { branding: { primaryColor: 'blue' } }, 'branding.primaryColor'],
    [
      'a logo that is not a web URL',
      { branding: { logoUrl: 'ftp://x/y.png' } },
      'branding.logoUrl',
    ],
  ])('refuses %s with 400 naming the field, and changes nothing', async (_l, settings, field) => {
    const before = await countRows(h.pool, 'partners');
    const created = await h.admin.post('/admin/partners', { name: 'Bad', ...settings });
    expect(created.status).toBe(400);
    expect(fields(created)).toEqual([field]);
    expect(await countRows(h.pool, 'partners')).toBe(before);

    const { partnerId } = await h.newPartner();
    const patched = await h.admin.patch(`/admin/partners/${partnerId}`, settings);
    expect(patched.status).toBe(400);
    expect(fields(patched)).toEqual([field]);
    expect((await h.admin.get(`/admin/partners/${partnerId}`)).body).toMatchObject({
      referralFeePercent: 10,
      linkRequestTtlDays: 7,
      branding: {},
      mailDomains: [],
    });
  });

  it('answers 404 for a partner that does not exist, and 400 for an empty change', async () => {
    const missing = randomUUID();
    expect((await h.admin.get(`/admin/partners/${missing}`)).status).toBe(404);
    expect((await h.admin.patch(`/admin/partners/${missing}`, { name: 'X' })).status).toBe(404);
    const { partnerId } = await h.newPartner();
    expect((await h.admin.patch(`/admin/partners/${partnerId}`, {})).status).toBe(400);
  });
});

describe('disabled subscriptions', () => {
  it('lists them across partners with their tenant, and re-enables any of them', async () => {
    const a = await h.newPartner('A');
    const b = await h.newPartner('B');
    const body = { url: 'https://hooks.example.com/x', eventTypes: ['*'] };
    const subA = (await a.api.post('/v1/webhooks/subscriptions', body)).body;
    const subB = (await b.api.post('/v1/webhooks/subscriptions', body)).body;
    await a.api.post('/v1/webhooks/subscriptions', body); // stays enabled
    await h.pool.query(
      `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now(),
         disabled_reason = 'failures' WHERE id = ANY($1)`,
      [[subA.id, subB.id]],
    );

    const list = await h.admin.get('/admin/subscriptions/disabled');
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ id: subB.id, tenantId: b.partnerId, status: 'disabled' }),
      expect.objectContaining({ id: subA.id, tenantId: a.partnerId, status: 'disabled' }),
    ]);
    const page = await h.admin.get('/admin/subscriptions/disabled?limit=1');
    expect(page.body.data).toHaveLength(1);
    const next = await h.admin.get(
      `/admin/subscriptions/disabled?limit=1&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.data[0].id).toBe(subA.id);

    const enabled = await h.admin.post(`/admin/subscriptions/${subA.id}/enable`, { replay: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({
      subscription: { id: subA.id, status: 'enabled' },
      replayed: 0,
    });
    const after = await h.admin.get('/admin/subscriptions/disabled');
    expect(after.body.data.map((s: { id: string }) => s.id)).toEqual([subB.id]);
    expect((await h.admin.post('/admin/subscriptions/sub_nope/enable')).status).toBe(404);
  });
});

describe('publishing events', () => {
  it('stores a valid event for the partner and answers 202 with its id', async () => {
    const { partnerId } = await h.newPartner();
    const res = await h.admin.post('/admin/events', {
      partnerId,
      type: 'webhook.test',
      data: { subscriptionId: 'sub_1', message: 'hi', extra: 'dropped' },
    });
    expect(res.status).toBe(202);
    const { rows } = await h.pool.query<{ tenant_id: string; type: string; payload: string }>(
      'SELECT tenant_id, type, payload FROM webhook_events WHERE id = $1',
      [res.body.eventId],
    );
    expect(rows[0]).toMatchObject({ tenant_id: partnerId, type: 'webhook.test' });
    expect(JSON.parse(rows[0]!.payload).data).toEqual({ subscriptionId: 'sub_1', message: 'hi' });
  });

  describe('refuses, storing nothing', () => {
    let before: number;
    beforeEach(async () => {
      before = await countRows(h.pool, 'webhook_events');
    });
    afterEach(async () => {
      expect(await countRows(h.pool, 'webhook_events')).toBe(before);
    });

    it('data that does not match its type, naming data.<path>', async () => {
      const { partnerId } = await h.newPartner();
      const res = await h.admin.post('/admin/events', {
        partnerId,
        type: 'webhook.test',
        data: { subscriptionId: '', message: 42 },
      });
      expect(res.status).toBe(400);
      expect(fields(res).sort()).toEqual(['data.message', 'data.subscriptionId']);
    });

    it('an unknown type, a bad partner id and data that is not an object', async () => {
      const res = await h.admin.post('/admin/events', {
        partnerId: 'p1',
        type: 'case.exploded',
        data: [],
      });
      expect(res.status).toBe(400);
      expect(fields(res).sort()).toEqual(['data', 'partnerId', 'type']);
    });

    it('a partner that does not exist, with 404 naming partnerId', async () => {
      const res = await h.admin.post('/admin/events', {
        partnerId: randomUUID(),
        type: 'webhook.test',
        data: { subscriptionId: 'sub_1', message: 'hi' },
      });
      expect(res.status).toBe(404);
      expect(fields(res)).toEqual(['partnerId']);
    });
  });
});
