import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { exampleEnvelope } from '@referral/events';
import { waitFor } from '@referral/testing';
import { freePort } from '../support/free-port';
import { callApi } from '../support/platform-api';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * What the README promises a new user: start the platform, take the demo
 * partner's key, subscribe a receiver with curl-like calls, send a test event,
 * and watch it arrive at a receiver that verifies it with the public
 * `standardwebhooks` package.
 */
let platform: PlatformEnv;
let api: ServiceProcess;
let dispatcher: ServiceProcess;
let baseUrl: string;
let receiverServer: http.Server;
const verified: { id: string; type: string; data: unknown }[] = [];
const rejected: string[] = [];
let secret = '';

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  platform = await createPlatformEnv({
    PORT: String(port),
    CREATE_DEMO_PARTNER: 'true',
    PUBLIC_BASE_URL: baseUrl,
  });
  api = startService('api', platform.env);
  dispatcher = startService('dispatcher', platform.env);

  receiverServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const payload = new Webhook(secret).verify(
          Buffer.concat(chunks).toString('utf8'),
          req.headers as Record<string, string>,
        );
        verified.push(payload as (typeof verified)[number]);
        res.writeHead(204).end();
      } catch (error) {
        rejected.push(String(error));
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiverServer.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await Promise.all([api?.stop(), dispatcher?.stop()]);
  await new Promise((resolve) => receiverServer.close(resolve));
  await platform.cleanup();
});

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(baseUrl, method, path, token, body);

it('a new user gets a demo partner, subscribes, sends a test event and verifies it with standardwebhooks', async () => {
  const [, partnerId] = await api.waitForOutput(/Partner GUID:\s+([0-9a-f-]{36})/);
  const [, apiKey] = await api.waitForOutput(/API key:\s+(rpk_\S+)/);
  await dispatcher.waitForOutput(/dispatcher started/);
  expect(api.output()).toContain('/v1/webhooks/subscriptions');

  const receiverUrl = `http://127.0.0.1:${(receiverServer.address() as { port: number }).port}/webhooks`;
  const created = await call('POST', '/v1/webhooks/subscriptions', apiKey!, {
    url: receiverUrl,
    eventTypes: ['*'],
  });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_/);
  secret = created.body.secret;

  const test = await call('POST', `/v1/webhooks/subscriptions/${created.body.id}/test`, apiKey!);
  expect(test.status).toBe(202);
  await waitFor(() => verified.length === 1, { what: 'the verified test event' });
  expect(verified[0]).toMatchObject({ id: test.body.eventId, type: 'webhook.test' });
  expect(rejected).toEqual([]);

  const deliveries = await waitFor(async () => {
    const list = await call(
      'GET',
      `/v1/webhooks/subscriptions/${created.body.id}/deliveries`,
      apiKey!,
    );
    return list.body.data[0]?.status === 'succeeded' ? list.body.data : undefined;
  });
  const detail = await call('GET', `/v1/webhooks/deliveries/${deliveries[0].id}`, apiKey!);
  expect(detail.body.attempts).toHaveLength(1);
  expect(detail.body.attempts[0]).toMatchObject({
    attemptNumber: 1,
    statusCode: 204,
    succeeded: true,
  });

  // An operator emits a catalogue event for the partner: it arrives verified too.
  const example = exampleEnvelope('client.linked');
  const emitted = await call('POST', '/admin/events', 'dev-admin-token', {
    partnerId,
    type: 'client.linked',
    data: example.data,
  });
  expect(emitted.status).toBe(202);
  await waitFor(() => verified.length === 2, { what: 'the verified client.linked event' });
  expect(verified[1]).toMatchObject({
    id: emitted.body.eventId,
    type: 'client.linked',
    data: example.data,
  });
});
