import path from 'node:path';
import type { Pool } from '@referral/db';
import type { Redis } from 'ioredis';
import { runApiEvents } from './api-events';
import { createApiPartners, type ApiPartner } from './api-partners';
import { startApi, type ApiService } from './api-service';
import { BENCH_SECRET_KEY, type BenchConfig } from './bench-config';
import { startChild } from './child-process';
import { ownCpuMs, processCpuMs, redisCpuMs, softirqMs } from './cpu-usage';
import { describePlan, type LoadPlan } from './load';
import type { BareApiReply, BareApiRequest } from './messages';
import { round } from './phase-result';
import type { CpuParts, phaseRunner } from './phase-runner';
import { postgresCpuCounter } from './postgres-cpu';
import type { BenchReceiver } from './receiver';
import { compareRequestPaths, type RequestPathResult } from './request-path';
import { cpuProfileArgs } from './results-dir';
import type { Teardown } from './teardown';

export interface RequestPathResults {
  api: RequestPathResult;
  bare: RequestPathResult;
  /** API requests/s ÷ bare requests/s. */
  ratio: number;
}

export interface ApiPhaseContext {
  config: BenchConfig;
  stores: { databaseUrl: string; redisUrl: string; redisPrefix: string };
  pool: Pool;
  redis: Redis;
  receiver: BenchReceiver;
  teardown: Teardown;
  onCrash: (error: Error) => void;
  measure: ReturnType<typeof phaseRunner>;
  /** The engine worker that delivers the API's events; stopped before the request path. */
  worker: { cpu: CpuParts; stop(): Promise<unknown> };
}

/**
 * Through the API (phases 6–7 of the README): the API process as `npm start` runs it, partners made
 * for the bench; events by HTTP (phase `apiBurst`, delivered by the engine
 * worker); then, with the worker stopped, the API's request path against a
 * bare Express + pg server. The API is stopped at the end, which writes its
 * CPU profile (BENCH_CPU_PROF=true).
 */
export async function runApiPhases(
  ctx: ApiPhaseContext,
): Promise<{ requestPath: RequestPathResults; cpuProfile?: string }> {
  const { config } = ctx;
  const profile = config.cpuProfile ? cpuProfileArgs('api') : undefined;
  const api = await startBenchApi(ctx, profile?.execArgv ?? []);
  const apiCpu: CpuParts = { api: () => processCpuMs(api.pid) };

  process.stdout.write(`Through the API: ${config.api.partners} partners… `);
  const partners = await createApiPartners(ctx.pool, config.api.partners);
  console.log('made');
  const events = {
    apiUrl: api.url,
    partners,
    pool: ctx.pool,
    receiver: ctx.receiver,
    drainTimeoutMs: config.drainTimeoutMs,
  };
  const burst: LoadPlan = {
    kind: 'burst',
    events: config.api.events,
    concurrency: config.api.concurrency,
  };
  const warmup: LoadPlan = { ...burst, events: config.warmupEvents };
  const parts = { ...ctx.worker.cpu, ...apiCpu };
  if (config.warmupEvents > 0) {
    await ctx.measure('', 'API warm-up', describePlan(warmup), parts, (name) =>
      runApiEvents(events, name, warmup),
    );
  }
  await ctx.measure('apiBurst', 'Through the API, burst', describePlan(burst), parts, (name) =>
    runApiEvents(events, name, burst),
  );
  await ctx.worker.stop();

  const requestPath = await measureRequestPaths(ctx, api, partners);
  await api.stop();
  return { requestPath, ...(profile && { cpuProfile: profile.file }) };
}

async function startBenchApi(ctx: ApiPhaseContext, execArgv: string[]) {
  const api = await startApi(ctx.stores, {
    env: {
      // The engine worker decrypts the secrets of the subscriptions the API makes.
      WEBHOOK_SECRET_ENCRYPTION_KEY: BENCH_SECRET_KEY.toString('base64'),
      // The receiver is http on 127.0.0.1.
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    },
    execArgv,
  });
  ctx.teardown.push('stopping the API', () => api.stop());
  return api;
}

/**
 * The API's `GET /v1/webhooks/subscriptions` against the bare server's, in
 * turns (`compareRequestPaths`); both servers are up, one idle, meanwhile.
 */
async function measureRequestPaths(
  ctx: ApiPhaseContext,
  api: ApiService,
  partners: ApiPartner[],
): Promise<RequestPathResults> {
  const { child, ready } = await startChild<BareApiRequest, BareApiReply>(
    'bare-api',
    path.join(__dirname, 'bare-api-process.js'),
    {
      env: { DATABASE_URL: ctx.stores.databaseUrl },
      execArgv: ctx.config.cpuProfile ? cpuProfileArgs('bare-api').execArgv : [],
      onCrash: ctx.onCrash,
    },
  );
  ctx.teardown.push('stopping the bare HTTP server', () => child.stop());
  const database = new URL(ctx.stores.databaseUrl).pathname.slice(1);
  const common: CpuParts = {
    producer: ownCpuMs,
    redis: () => redisCpuMs(ctx.redis),
    postgres: postgresCpuCounter(database),
    softirq: softirqMs,
  };
  const [apiResult, bare] = await compareRequestPaths(
    [
      {
        name: 'API',
        url: api.url,
        parts: { ...common, server: () => processCpuMs(api.pid) },
      },
      {
        name: 'Bare Express + pg',
        url: ready.url,
        parts: {
          ...common,
          server: async () => (await child.ask({ type: 'usage' }, 'usage')).cpuMs,
        },
      },
    ],
    partners,
    { connections: ctx.config.api.concurrency, seconds: ctx.config.api.seconds },
  );
  await child.stop();
  return {
    api: apiResult!,
    bare: bare!,
    ratio: round(apiResult!.requestsPerSecond / bare!.requestsPerSecond, 3),
  };
}
