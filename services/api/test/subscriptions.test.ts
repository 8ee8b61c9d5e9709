import { createHarness, type Harness } from './helpers/harness';
import { fields, type ApiClient } from './helpers/api-client';

const SUBS = '/v1/webhooks/subscriptions';
let h: Harness;
let api: ApiClient;

beforeAll(async () => {
  h = await createHarness();
  ({ api } = await h.newPartner());
});
afterAll(() => h.close());

const valid = { url: 'https://hooks.example.com/referrals', eventTypes: ['client.linked'] };

describe('creating a subscription', () => {
  it('answers 201 with the subscription and its secret, and a Location', async () => {
    const res = await api.post(SUBS, { ...valid, description: 'CRM sync' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      url: valid.url,
      eventTypes: ['client.linked'],
      description: 'CRM sync',
      status: 'enabled',
      consecutiveFailures: 0,
    });
    expect(res.body.id).toMatch(/^sub_/);
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.headers.get('location')).toBe(`${SUBS}/${res.body.id}`);
  });

  it('shows the secret only at creation: reading and listing never do', async () => {
    const created = await api.post(SUBS, valid);
    const one = await api.get(`${SUBS}/${created.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(
      Object.fromEntries(Object.entries(created.body).filter(([key]) => key !== 'secret')),
    );
    const list = await api.get(SUBS);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    expect(list.body.data.every((s: object) => !('secret' in s))).toBe(true);
  });

  it('accepts * for every event type', async () => {
    const res = await api.post(SUBS, { url: valid.url, eventTypes: ['*'] });
    expect(res.status).toBe(201);
    expect(res.body.eventTypes).toEqual(['*']);
  });
});

describe('reading, changing and deleting', () => {
  it('lists newest first in pages joined by nextCursor', async () => {
    const { api: own } = await h.newPartner();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await own.post(SUBS, valid)).body.id);
    const first = await own.get(`${SUBS}?limit=2`);
    expect(first.body.data.map((s: { id: string }) => s.id)).toEqual([ids[4], ids[3]]);
    const second = await own.get(`${SUBS}?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const last = await own.get(`${SUBS}?limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body).toEqual({
      data: [expect.objectContaining({ id: ids[0] })],
      nextCursor: null,
    });
  });

  it('rejects a cursor it did not issue instead of starting over', async () => {
    const { api: own } = await h.newPartner();
    const res = await own.get(`${SUBS}?cursor=not-a-cursor`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'cursor', message: 'is not a cursor this API returned' },
    ]);
  });

  it('refuses a page size out of range, naming limit', async () => {
    const res = await api.get(`${SUBS}?limit=1000`);
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['limit']);
  });

  it('PATCH changes only the fields sent, with the same validation', async () => {
    const created = (await api.post(SUBS, { ...valid, description: 'keep me' })).body;
    const res = await api.patch(`${SUBS}/${created.id}`, { eventTypes: ['payout.created', '*'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      url: valid.url,
      description: 'keep me',
      eventTypes: ['payout.created', '*'],
    });
    const bad = await api.patch(`${SUBS}/${created.id}`, { url: 'ftp://x', eventTypes: ['nope'] });
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(['eventTypes.0', 'url']);
    expect((await api.get(`${SUBS}/${created.id}`)).body.url).toBe(valid.url);
    const empty = await api.patch(`${SUBS}/${created.id}`, {});
    expect(empty.status).toBe(400);
    expect(fields(empty)).toEqual(['body']);
  });

  it('DELETE answers 204, after which the subscription is gone', async () => {
    const created = (await api.post(SUBS, valid)).body;
    const res = await api.delete(`${SUBS}/${created.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await api.get(`${SUBS}/${created.id}`)).status).toBe(404);
    expect((await api.delete(`${SUBS}/${created.id}`)).status).toBe(404);
  });

  it('an unknown id is a 404 problem naming id', async () => {
    const res = await api.get(`${SUBS}/sub_doesnotexist`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, errors: [{ field: 'id' }] });
  });
});

describe('secret rotation and re-enabling', () => {
  it('rotate-secret returns a new secret and when the old one stops signing', async () => {
    const created = (await api.post(SUBS, valid)).body;
    const before = Date.now();
    const res = await api.post(`${SUBS}/${created.id}/rotate-secret`);
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.secret).not.toBe(created.secret);
    const expires = Date.parse(res.body.previousSecretExpiresAt);
    expect(expires - before).toBeGreaterThanOrEqual(24 * 3600 * 1000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(24 * 3600 * 1000 + 60_000);
  });

  it('enable re-enables a disabled subscription and resets its failures', async () => {
    const created = (await api.post(SUBS, valid)).body;
    // Arrange a disabled subscription directly: disabling itself is the engine's business.
    await h.pool.query(
      `UPDATE webhook_subscriptions SET status = 'disabled', consecutive_failures = 8,
         disabled_reason = 'too many failures', disabled_at = now() WHERE id = $1`,
      [created.id],
    );
    const res = await api.post(`${SUBS}/${created.id}/enable`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      replayed: 0,
      subscription: { id: created.id, status: 'enabled', consecutiveFailures: 0, disabledAt: null },
    });
    const bad = await api.post(`${SUBS}/${created.id}/enable`, { replay: 'yes' });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['replay']);
  });
});
