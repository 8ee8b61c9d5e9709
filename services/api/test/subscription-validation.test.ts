import { countRows, createHarness, type Harness } from './helpers/harness';
import { apiClient, fields, type ApiClient } from './helpers/api-client';

const SUBS = '/v1/webhooks/subscriptions';
let h: Harness;
let api: ApiClient;

beforeAll(async () => {
  h = await createHarness();
  ({ api } = await h.newPartner());
});
afterAll(() => h.close());

const valid = { url: 'https://hooks.example.com/referrals', eventTypes: ['client.linked'] };

describe('invalid subscriptions are refused with problem JSON naming the fields, and nothing is stored', () => {
  let before: number;
  beforeEach(async () => {
    before = await countRows(h.pool, 'webhook_subscriptions');
  });
  afterEach(async () => {
    expect(await countRows(h.pool, 'webhook_subscriptions')).toBe(before);
  });

  it.each([
    ['ftp://files.example.com/hook', 'must use http or https'],
    ['http://user:pass@hooks.example.com/x', 'must not contain credentials'],
    ['not a url', 'must be an absolute URL'],
  ])('url %s', async (url, message) => {
    const res = await api.post(SUBS, { ...valid, url });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/validation-error', status: 400 });
    expect(res.body.errors).toEqual([{ field: 'url', message }]);
  });

  describe('when private URLs are not allowed', () => {
    let strict: ApiClient;
    beforeAll(async () => {
      const app = await h.startApp({ engine: { allowPrivateUrls: false } });
      strict = apiClient(app.url, (await h.newPartner()).apiKey);
    });

    it.each([
      'http://127.0.0.1:8080/hook',
      'https://10.1.2.3/hook',
      'https://localhost/hook',
      'https://[::1]/x',
    ])('url %s', async (url) => {
      const res = await strict.post(SUBS, { ...valid, url });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'url', message: 'must not point to a private or loopback address' },
      ]);
    });
  });

  it('an unknown event type, named by its index', async () => {
    const res = await api.post(SUBS, {
      ...valid,
      eventTypes: ['client.linked', 'client.exploded'],
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['eventTypes.1']);
    expect(res.body.errors[0].message).toMatch(/unknown event type/);
  });

  it('an empty eventTypes list', async () => {
    const res = await api.post(SUBS, { ...valid, eventTypes: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'eventTypes', message: 'must list at least one event type, or *' },
    ]);
  });

  it('missing fields and unknown fields, all in one answer', async () => {
    const res = await api.post(SUBS, { eventType: 'client.linked' });
    expect(res.status).toBe(400);
    expect(fields(res).sort()).toEqual(['eventType', 'eventTypes', 'url']);
  });

  it('malformed JSON', async () => {
    const res = await api.request('POST', SUBS, { raw: '{"url": "https://x.example.com",' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: '/problems/malformed-json', status: 400 });
    expect(fields(res)).toEqual(['body']);
  });

  it('a body over 256 kB', async () => {
    const res = await api.post(SUBS, { ...valid, description: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(fields(res)).toEqual(['body']);
  });

  it('a body that is not JSON', async () => {
    const res = await api.request('POST', SUBS, {
      raw: 'url=https://x.example.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(fields(res)).toEqual(['body']);
  });
});
