import { QUEUES } from '@referral/webhooks';
import { QUEUE_UI_PATH } from '../src';
import { apiClient } from './helpers/api-client';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness';

let h: Harness;
let deliveryId: string;
const QUEUE = QUEUES.delivery.name;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function get(path: string, authorization?: string) {
  return fetch(`${h.url}${QUEUE_UI_PATH}${path}`, {
    headers: authorization ? { authorization } : {},
  });
}

/** The problem JSON of a refusal. */
async function problem(res: Response) {
  return (await res.json()) as { errors: { field: string; message: string }[] };
}

beforeAll(async () => {
  h = await createHarness();
  const { apiKey } = await h.newPartner();
  const api = apiClient(h.url, apiKey);
  const sub = await api.post('/v1/webhooks/subscriptions', {
    url: 'https://receiver.example/hooks',
    eventTypes: ['*'],
  });
  // No dispatcher runs: the test event's delivery job waits in the queue.
  const sent = await api.post(`/v1/webhooks/subscriptions/${sub.body.id}/test`);
  expect(sent.status).toBe(202);
  const deliveries = await api.get(`/v1/webhooks/subscriptions/${sub.body.id}/deliveries`);
  deliveryId = deliveries.body.data[0].id as string;
});
afterAll(() => h.close());

// The page, an API call it makes, and one of its static files: all behind the token.
const paths = ['', '/', `/queue/${QUEUE}`, '/api/queues', '/static/favicon-32x32.png'];

it.each(paths)(
  '%s without credentials: 401 with a Basic challenge, so a browser prompts',
  async (path) => {
    const res = await get(path);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Queue UI", charset="UTF-8"');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await problem(res)).errors).toEqual([
      { field: 'Authorization', message: 'required: the admin token' },
    ]);
  },
);

it.each(paths)('%p with a wrong token, as Basic or Bearer: 401', async (path) => {
  for (const [authorization, message] of [
    [basic('admin', 'not-the-admin-token'), 'the admin token is not valid'],
    ['Bearer not-the-admin-token', 'the admin token is not valid'],
    // The token as the user name is not the password.
    [basic(ADMIN_TOKEN, ''), 'the admin token is not valid'],
    // No colon: no password at all.
    [`Basic ${Buffer.from(ADMIN_TOKEN).toString('base64')}`, 'required: the admin token'],
  ]) {
    const res = await get(path, authorization);
    expect(res.status).toBe(401);
    expect((await problem(res)).errors[0]!.message).toBe(message);
  }
});

it.each(paths)('%p with the admin token, as Basic (any user) or Bearer: 200', async (path) => {
  for (const authorization of [
    basic('ops', ADMIN_TOKEN),
    basic('', ADMIN_TOKEN),
    `Bearer ${ADMIN_TOKEN}`,
  ]) {
    const res = await get(path, authorization);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    await res.arrayBuffer();
  }
});

it('the token in the query string lets nobody in', async () => {
  const res = await fetch(`${h.url}${QUEUE_UI_PATH}/api/queues?token=${ADMIN_TOKEN}`);
  expect(res.status).toBe(401);
});

it('lists the delivery queue with its waiting job', async () => {
  const res = await get(
    '/api/queues?activeQueue=' + QUEUE + '&status=waiting&page=1',
    `Bearer ${ADMIN_TOKEN}`,
  );
  const body = (await res.json()) as {
    queues: {
      name: string;
      readOnlyMode: boolean;
      counts: Record<string, number>;
      jobs: { id: string }[];
    }[];
  };
  expect(body.queues.map((q) => q.name)).toEqual([QUEUE]);
  const [queue] = body.queues;
  expect(queue!.readOnlyMode).toBe(true);
  expect(queue!.counts.waiting).toBe(1);
  expect(queue!.jobs.map((j) => j.id)).toEqual([deliveryId]);
  const page = await get('/', basic('ops', ADMIN_TOKEN));
  const html = await page.text();
  expect(html).toContain('<base href="/admin/queues/"');
  expect(html).toContain('Webhook queues');
});

it('is read-only: writes are refused before the board, even with the token', async () => {
  for (const [method, path] of [
    ['PUT', `/api/queues/${QUEUE}/pause`],
    ['PUT', `/api/queues/${QUEUE}/clean/waiting`],
    ['PUT', `/api/queues/${QUEUE}/${deliveryId}/promote`],
    ['POST', `/api/queues/${QUEUE}/add`],
    ['DELETE', `/api/queues/${QUEUE}`],
  ] as const) {
    const res = await fetch(`${h.url}${QUEUE_UI_PATH}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect((await problem(res)).errors[0]!.field).toBe('method');
  }
  expect(await h.engine.queues.delivery.getWaitingCount()).toBe(1);
  expect(await h.engine.queues.delivery.isPaused()).toBe(false);
});
