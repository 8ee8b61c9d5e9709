import { plainEnvelope, startReceiver, waitFor, type Receiver } from '@referral/testing';
import { appendEvent, QUEUES } from '../src';
import { createHarness, deliveryRows, type Harness } from './harness';

// No OpenTelemetry SDK is registered in this process: tracing is off, as in
// every process started without OTEL_EXPORTER_OTLP_ENDPOINT.
let h: Harness;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

async function receiverFor(tenant: string) {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const sub = await h.subscribe(tenant, { url: receiver.url, eventTypes: ['*'] });
  return { receiver, sub };
}

it('with tracing off, a delivery job carries its ids and no trace context', async () => {
  const tenant = h.newTenant();
  const { sub } = await receiverFor(tenant);
  await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
  const [delivery] = await deliveryRows(h.pool, sub.id);
  const job = await h.engine.queues.delivery.getJob(delivery!.id);
  expect(job?.data).toEqual({ deliveryId: delivery!.id, subscriptionId: sub.id });
});

it('a job whose trace context is malformed is delivered all the same', async () => {
  const tenant = h.newTenant();
  const { receiver, sub } = await receiverFor(tenant);
  // Committed, then enqueued by hand with a trace field no propagator wrote.
  const appended = await appendEvent(h.pool, plainEnvelope, {
    tenantId: tenant,
    type: 'case.created',
    data: {},
  });
  const [delivery] = appended.deliveries;
  await h.engine.queues.delivery.add(
    QUEUES.delivery.job,
    { deliveryId: delivery!.id, subscriptionId: sub.id, trace: { traceparent: 42 } },
    { jobId: delivery!.id, removeOnComplete: true, removeOnFail: true },
  );
  h.startDispatcher();
  await waitFor(async () => (await deliveryRows(h.pool, sub.id))[0]?.status === 'succeeded', {
    what: 'the delivery',
  });
  expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([appended.events[0]!.id]);
});
