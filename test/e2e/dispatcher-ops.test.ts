import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { engineClient, type EngineClient } from '../support/engine-client';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService } from '../support/service-process';

let platform: PlatformEnv;
let client: EngineClient;
const receivers: Receiver[] = [];

beforeAll(async () => {
  platform = await createPlatformEnv({ WEBHOOK_RETRY_BASE_MS: '60000' });
  client = engineClient(platform);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await client.close();
  await platform.cleanup();
});

it('the dispatcher serves Prometheus metrics of its deliveries, and a health probe', async () => {
  const ok = await startReceiver(() => ({ status: 200 }));
  const broken = await startReceiver(() => ({ status: 503 }));
  receivers.push(ok, broken);
  const subscribe = (url: string) => client.subscribe({ url, eventTypes: ['case.created'] });
  const good = await subscribe(ok.url);
  const bad = await subscribe(broken.url);
  const dispatcher = startService('dispatcher', platform.env);
  try {
    const [, base] = await dispatcher.waitForOutput(/"metrics":"(http:[^"]+)\/metrics"/);
    await client.engine.outbox.publish({
      tenantId: client.tenantId,
      type: 'case.created',
      data: {},
    });
    await waitFor(async () => (await client.statusCounts(good.id)).succeeded === 1);
    await waitFor(() => broken.requests.length === 1);

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^webhook_delivery_attempts_total\{result="ok"\} 1$/m);
    expect(text).toMatch(/^webhook_delivery_attempts_total\{result="http_status"\} 1$/m);
    expect(text).toMatch(/^webhook_deliveries_finished_total\{status="succeeded"\} 1$/m);
    expect(text).toMatch(/^webhook_delivery_attempt_duration_seconds_count 2$/m);
    // The failed attempt waits a minute for its retry, in BullMQ's delayed set.
    expect(text).toMatch(/^webhook_queue_jobs\{queue="webhook-delivery",state="delayed"\} 1$/m);
    expect(await client.statusCounts(bad.id)).toEqual({ pending: 1 });

    const health = await fetch(`${base}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  } finally {
    await dispatcher.stop('SIGTERM');
  }
});
