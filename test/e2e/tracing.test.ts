import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { engineClient } from '../support/engine-client';
import { freePort } from '../support/free-port';
import {
  SPAN_KIND,
  startOtlpCollector,
  STATUS_ERROR,
  type OtlpCollector,
  type ReceivedSpan,
} from '../support/otlp-collector';
import { callApi } from '../support/platform-api';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * Tracing across the real processes: the API and the dispatcher export their
 * spans over OTLP/HTTP to a collector on loopback, and one trace runs from
 * the API request that emits an event, through its delivery job, to each
 * delivery attempt.
 */
let platform: PlatformEnv;
let collector: OtlpCollector;
let baseUrl: string;
const processes: ServiceProcess[] = [];
const receivers: Receiver[] = [];

beforeAll(async () => {
  collector = await startOtlpCollector();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  platform = await createPlatformEnv({ PORT: String(port), PUBLIC_BASE_URL: baseUrl });
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await Promise.all(receivers.map((r) => r.close()));
  await collector.close();
  await platform.cleanup();
});

async function startPlatform(env: Record<string, string>, dispatcherEnv = {}) {
  const api = startService('api', { ...platform.env, ...env });
  const dispatcher = startService('dispatcher', { ...platform.env, ...env, ...dispatcherEnv });
  processes.push(api, dispatcher);
  await api.waitForOutput(/api started/);
  await dispatcher.waitForOutput(/dispatcher started/);
  return { api, dispatcher };
}

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(baseUrl, method, path, token, body);

/** A partner, and a subscription of its to client.linked at a new receiver. */
async function partnerWithReceiver(reply: Receiver['reply']) {
  const partner = await call('POST', '/admin/partners', 'dev-admin-token', {
    name: 'Tracing Partner',
  });
  expect(partner.status).toBe(201);
  const receiver = await startReceiver(reply);
  receivers.push(receiver);
  const subscription = await call('POST', '/v1/webhooks/subscriptions', partner.body.apiKey, {
    url: receiver.url,
    eventTypes: ['client.linked'],
  });
  expect(subscription.status).toBe(201);
  return {
    apiKey: partner.body.apiKey as string,
    subscriptionId: subscription.body.id as string,
    secret: subscription.body.secret as string,
    receiver,
  };
}

const DISPATCHER = 'webhook-dispatcher';

let seq = 0;
function newCompany() {
  seq += 1;
  const n = `${process.pid}${seq}${Math.floor(Math.random() * 1e6)}`;
  return {
    externalTenantId: `tenant-${n}`,
    companyName: `Traced Company ${n} GmbH`,
    registrationNumber: `HRB ${n}`,
    country: 'DE',
    contactEmail: `finance-${n}@example.com`,
  };
}

const spansWhere = (test: (s: ReceivedSpan) => boolean) => collector.spans.filter(test);
const attemptsOf = (subscriptionId: string) =>
  spansWhere(
    (s) =>
      s.kind === SPAN_KIND.client && s.attributes['webhook.subscription.id'] === subscriptionId,
  ).sort(
    (a, b) => Number(a.attributes['webhook.attempt']) - Number(b.attributes['webhook.attempt']),
  );
const spanById = (spanId: string) => collector.spans.find((s) => s.spanId === spanId);

describe('with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let partner: Awaited<ReturnType<typeof partnerWithReceiver>>;
  let services: Awaited<ReturnType<typeof startPlatform>>;

  beforeAll(async () => {
    services = await startPlatform(
      { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' },
      // The process's name is the default service name; OTEL_SERVICE_NAME overrides it.
      { OTEL_SERVICE_NAME: DISPATCHER },
    );
    expect(services.api.output()).toMatch(
      /"serviceName":"api".*tracing: spans exported over OTLP\/HTTP/,
    );
    expect(services.dispatcher.output()).toMatch(
      /"serviceName":"webhook-dispatcher".*tracing: spans exported over OTLP\/HTTP/,
    );
    // The receiver refuses the first attempt and takes the next ones.
    partner = await partnerWithReceiver((_, index) => ({ status: index === 0 ? 500 : 204 }));
  });

  it('one trace runs from the API request that emits an event, through its job, to each attempt', async () => {
    const company = newCompany();
    const created = await call('POST', '/v1/clients', partner.apiKey, company);
    expect(created.status).toBe(202);

    const [failed, succeeded] = await waitFor(
      () => {
        const attempts = attemptsOf(partner.subscriptionId);
        return attempts.length === 2 && attempts.every((a) => spanById(a.parentSpanId))
          ? attempts
          : undefined;
      },
      { what: 'two attempt spans and their job spans' },
    );

    // The attempts: one POST each, the first an error (500), the second not.
    for (const attempt of [failed!, succeeded!]) {
      expect(attempt).toMatchObject({ service: DISPATCHER, name: 'POST' });
      expect(attempt.attributes).toMatchObject({
        'http.request.method': 'POST',
        'server.address': '127.0.0.1',
        'webhook.event.type': 'client.linked',
        'webhook.subscription.id': partner.subscriptionId,
      });
      expect(attempt.attributes).not.toHaveProperty('url.full');
    }
    expect(failed!.attributes).toMatchObject({
      'webhook.attempt': 1,
      'http.response.status_code': 500,
      'error.type': '500',
      'webhook.error.kind': 'http_status',
    });
    expect(failed!.statusCode).toBe(STATUS_ERROR);
    expect(succeeded!.attributes).toMatchObject({
      'webhook.attempt': 2,
      'http.response.status_code': 204,
    });
    expect(succeeded!.statusCode).not.toBe(STATUS_ERROR);
    const deliveryId = failed!.attributes['webhook.delivery.id'];
    expect(succeeded!.attributes['webhook.delivery.id']).toBe(deliveryId);

    // Each attempt is a child of its own run of the delivery job: the retry
    // is the same job, moved to the delayed set with its data, trace included.
    const jobs = [failed!, succeeded!].map((a) => spanById(a.parentSpanId)!);
    expect(jobs[0]!.spanId).not.toBe(jobs[1]!.spanId);
    for (const job of jobs) {
      expect(job).toMatchObject({
        service: DISPATCHER,
        name: 'process webhook-delivery',
        kind: SPAN_KIND.consumer,
      });
      expect(job.attributes).toMatchObject({
        'messaging.destination.name': 'webhook-delivery',
        'messaging.message.id': deliveryId,
        'webhook.delivery.id': deliveryId,
        'webhook.subscription.id': partner.subscriptionId,
      });
    }
    expect(jobs.map((j) => j.attributes['webhook.job.result'])).toEqual([
      'retry_scheduled',
      'done',
    ]);
    expect(jobs[0]!.parentSpanId).toBe(jobs[1]!.parentSpanId);

    // Both runs continue the event's publish span in the API, whose parent is
    // the request's server span: the root of the trace.
    const publish = await waitFor(() => spanById(jobs[0]!.parentSpanId), { what: 'publish span' });
    expect(publish).toMatchObject({
      service: 'api',
      name: 'publish client.linked',
      kind: SPAN_KIND.producer,
    });
    expect(publish.attributes).toMatchObject({
      'webhook.event.type': 'client.linked',
      'webhook.delivery.count': 1,
      'webhook.enqueued': true,
    });
    expect(failed!.attributes['webhook.event.id']).toBe(publish.attributes['webhook.event.id']);
    const request = await waitFor(() => spanById(publish.parentSpanId), { what: 'server span' });
    expect(request).toMatchObject({
      service: 'api',
      name: 'POST /v1/clients',
      kind: SPAN_KIND.server,
      parentSpanId: '',
    });
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/clients',
      'http.response.status_code': 202,
    });

    const chain = [request, publish, ...jobs, failed!, succeeded!];
    expect(new Set(chain.map((s) => s.traceId)).size).toBe(1);
    // Anything else in the trace is a run of the same job that made no attempt
    // (one that found its retry not yet due).
    const others = collector.spans.filter(
      (s) => s.traceId === request.traceId && !chain.includes(s),
    );
    for (const other of others) {
      expect(other).toMatchObject({
        name: 'process webhook-delivery',
        parentSpanId: publish.spanId,
      });
      expect(other.attributes['webhook.job.result']).not.toBe('done');
    }

    // Log lines name their trace: the request's, and the failed attempt's.
    expect(services.api.output()).toMatch(
      new RegExp(`"traceId":"${request.traceId}".*"path":"/v1/clients"`),
    );
    expect(services.dispatcher.output()).toMatch(
      new RegExp(`"traceId":"${request.traceId}".*retry scheduled`),
    );

    // Receivers are third parties: no trace context goes to them.
    expect(partner.receiver.requests).toHaveLength(2);
    for (const req of partner.receiver.requests) {
      expect(req.headers).not.toHaveProperty('traceparent');
      expect(req.headers).not.toHaveProperty('tracestate');
    }
    // No secret, key or payload in any span.
    const exported = JSON.stringify(collector.spans);
    for (const secret of [partner.apiKey, partner.secret, company.companyName, 'whsec_', 'rpk_']) {
      expect(exported).not.toContain(secret);
    }
  });

  it('an event published on its own, and a redelivery, trace back to their requests', async () => {
    const test = await call(
      'POST',
      `/v1/webhooks/subscriptions/${partner.subscriptionId}/test`,
      partner.apiKey,
    );
    expect(test.status).toBe(202);
    const testAttempt = await waitFor(
      () =>
        attemptsOf(partner.subscriptionId).find(
          (a) => a.attributes['webhook.event.type'] === 'webhook.test' && spanById(a.parentSpanId),
        ),
      { what: 'the test event attempt and its job' },
    );
    const job = spanById(testAttempt.parentSpanId)!;
    const publish = await waitFor(() => spanById(job.parentSpanId), { what: 'publish span' });
    expect(publish).toMatchObject({ service: 'api', name: 'publish webhook.test' });
    const request = await waitFor(() => spanById(publish.parentSpanId), { what: 'server span' });
    expect(request).toMatchObject({
      service: 'api',
      name: 'POST /v1/webhooks/subscriptions/:id/test',
      parentSpanId: '',
    });
    expect(new Set([request, publish, job, testAttempt].map((s) => s.traceId)).size).toBe(1);

    // A redelivery enqueues the job from its own request: its trace, no publish span.
    const deliveryId = String(testAttempt.attributes['webhook.delivery.id']);
    const redelivered = await call(
      'POST',
      `/v1/webhooks/deliveries/${deliveryId}/redeliver`,
      partner.apiKey,
    );
    expect(redelivered.status).toBe(202);
    const again = await waitFor(
      () =>
        attemptsOf(partner.subscriptionId).find(
          (a) =>
            a.attributes['webhook.delivery.id'] === deliveryId &&
            a.attributes['webhook.attempt'] === 2 &&
            spanById(a.parentSpanId),
        ),
      { what: 'the redelivered attempt and its job' },
    );
    const redeliveryJob = spanById(again.parentSpanId)!;
    const redeliveryRequest = await waitFor(() => spanById(redeliveryJob.parentSpanId), {
      what: 'the redeliver request span',
    });
    expect(redeliveryRequest).toMatchObject({
      service: 'api',
      name: 'POST /v1/webhooks/deliveries/:id/redeliver',
      kind: SPAN_KIND.server,
    });
    expect(again.traceId).toBe(redeliveryRequest.traceId);
    expect(again.traceId).not.toBe(request.traceId);
  });

  afterAll(async () => {
    // A graceful stop exports what is still buffered and exits 0.
    const running = processes.splice(0);
    const exits = await Promise.all(running.map((p) => p.stop('SIGTERM')));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
  });
});

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('no SDK starts, no job carries a trace context, nothing is exported, delivery works', async () => {
    const exportsBefore = collector.requests;
    const { api, dispatcher } = await startPlatform({
      // Read by the exporter once tracing is on; alone it turns nothing on.
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.endpoint}/v1/traces`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      // The failed attempt's retry waits in the delayed set, where its job can be read.
      WEBHOOK_RETRY_BASE_MS: '60000',
    });
    const partner = await partnerWithReceiver(() => ({ status: 500 }));
    expect((await call('POST', '/v1/clients', partner.apiKey, newCompany())).status).toBe(202);
    await waitFor(() => partner.receiver.requests.length === 1, { what: 'the first attempt' });

    const client = engineClient(platform);
    try {
      const job = await waitFor(
        async () => {
          for (const delayed of await client.engine.queues.delivery.getDelayed()) {
            if (delayed.data.subscriptionId === partner.subscriptionId) return delayed;
          }
          return undefined;
        },
        { what: 'the delayed retry job' },
      );
      expect(job.data).toEqual({
        deliveryId: job.id,
        subscriptionId: partner.subscriptionId,
      });
    } finally {
      await client.close();
    }

    const exits = await Promise.all([api.stop('SIGTERM'), dispatcher.stop('SIGTERM')]);
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    processes.splice(0);
    // A started SDK would have flushed its spans at the stop; none came.
    expect(collector.requests).toBe(exportsBefore);
    for (const output of [api.output(), dispatcher.output()]) {
      expect(output).not.toMatch(/tracing:|opentelemetry/);
    }
  });
});
