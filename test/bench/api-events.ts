import type { Pool as PgPool } from '@referral/db';
import { Pool } from 'undici';
import { subscribeThroughApi, type ApiPartner } from './api-partners';
import { now } from './clock';
import { failedAttempts, stageLatencies, waitForSucceeded } from './delivery-rows';
import { eventsOf, runLoad, type LoadPlan } from './load';
import { summarise, summariseLatency, type PhaseResult } from './phase-result';
import type { BenchReceiver } from './receiver';

export interface ApiEventsContext {
  apiUrl: string;
  partners: ApiPartner[];
  pool: PgPool;
  receiver: BenchReceiver;
  drainTimeoutMs: number;
}

/**
 * Events made by HTTP requests to the API process: `POST
 * /v1/webhooks/subscriptions/{id}/test` (the cheapest partner route that
 * emits an event: auth, one read of the subscription, the outbox publish),
 * each request with the next partner's key, so the load spreads over every
 * key and subscription. Each phase subscribes every partner anew. Latency
 * runs from the request sent to the receipt.
 */
export async function runApiEvents(
  ctx: ApiEventsContext,
  name: string,
  plan: LoadPlan,
): Promise<PhaseResult> {
  const subscriptionIds = await subscribeThroughApi(ctx.apiUrl, ctx.partners, ctx.receiver.url);
  await ctx.receiver.collect();
  const inFlight = plan.kind === 'burst' ? plan.concurrency : plan.maxInFlight;
  const http = new Pool(ctx.apiUrl, { connections: inFlight, pipelining: 1 });
  const requestedAt = new Map<string, number>();
  const responseMs: number[] = [];
  let sent = 0;
  try {
    const run = await runLoad(plan, async () => {
      const n = sent++ % ctx.partners.length;
      const started = now();
      const response = await http.request({
        method: 'POST',
        path: `/v1/webhooks/subscriptions/${subscriptionIds[n]}/test`,
        headers: { authorization: `Bearer ${ctx.partners[n]!.apiKey}` },
      });
      const body = (await response.body.json()) as { eventId?: string };
      responseMs.push(now() - started);
      if (response.statusCode !== 202 || !body.eventId) {
        throw new Error(`${name}: the API answered ${response.statusCode} ${JSON.stringify(body)}`);
      }
      requestedAt.set(body.eventId, started);
    });

    const expected = eventsOf(plan);
    await ctx.receiver.waitForReceipts(
      expected,
      ctx.drainTimeoutMs,
      `${name}: ${expected} receipts`,
    );
    await waitForSucceeded(
      ctx.pool,
      subscriptionIds,
      expected,
      ctx.drainTimeoutMs,
      `${name}: ${expected} deliveries succeeded`,
    );
    const response = summariseLatency(responseMs);
    return summarise({
      name,
      plan,
      run,
      startedAt: requestedAt,
      receipts: await ctx.receiver.collect(),
      details: {
        responseP50Ms: response.p50,
        responseP99Ms: response.p99,
        failedAttempts: await failedAttempts(ctx.pool, subscriptionIds),
        ...(await stageLatencies(ctx.pool, subscriptionIds)),
      },
    });
  } finally {
    await http.close();
  }
}
