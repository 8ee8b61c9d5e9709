import os from 'node:os';
import { Queue } from 'bullmq';
import { createPool, type Pool } from '@referral/db';
import { encodeEventEnvelope } from '@referral/events';
import { createLogger } from '@referral/logger';
import { createTestDatabase, createTestRedis } from '@referral/testing';
import { createWebhookEngine } from '@referral/webhooks';
import type { Redis } from 'ioredis';
import { runApiPhases } from './api-phases';
import { runBare } from './bare-pipeline';
import { BARE_QUEUE, type BareJob } from './bare-queue';
import { BENCH_SECRET_KEY, type BenchConfig } from './bench-config';
import { stampEventCommits } from './commit-stamps';
import { backgroundCpuPercent, ownCpuMs, redisCpuMs, softirqMs } from './cpu-usage';
import { describeFanOut, runFanOut } from './fan-out-phase';
import { FAIRNESS_DELIVERY_TIMEOUT_MS, runFairnessPhases } from './fairness-phase';
import { runFullPath, type FullPathContext } from './full-path';
import { describePlan, type LoadPlan } from './load';
import { round, type PhaseResult } from './phase-result';
import { phaseRunner } from './phase-runner';
import { postgresCpuCounter } from './postgres-cpu';
import { startReceiver } from './receiver';
import { measureQueuedMemory } from './redis-memory';
import type { BenchResults } from './bench-results';
import { summariseCpuProfile } from './cpu-profile-summary';
import { postgresStorage } from './storage';
import { issueTargets } from './targets';
import type { Teardown } from './teardown';
import { workerCpu, workerStarter } from './worker-process';

const PACED_MAX_IN_FLIGHT = 200;

/**
 * The whole run: throwaway database and key prefix, the receiver, then the
 * full path (engine worker), its storage, fairness beside a hung receiver
 * (its own engine worker), the API (API process and engine
 * worker), and the bare baseline (bare worker); one worker process at a
 * time. Everything built is registered with `teardown`.
 */
export async function runScenario(
  config: BenchConfig,
  teardown: Teardown,
  onCrash: (error: Error) => void,
): Promise<BenchResults> {
  // createTestDatabase/createTestRedis read these; the defaults are this machine's servers.
  process.env.DATABASE_URL = config.databaseUrl;
  process.env.REDIS_URL = config.redisUrl;

  const db = await createTestDatabase();
  teardown.push('dropping the bench database', () => db.drop());
  const redis = await createTestRedis();
  teardown.push('deleting the bench Redis keys', () => redis.cleanup());
  const receiver = await startReceiver(onCrash);
  teardown.push('stopping the receiver', () => receiver.stop());

  const pool = createPool(db.url);
  teardown.push('closing the pool', () => pool.end());
  const commits = stampEventCommits(pool);
  const engine = createWebhookEngine({
    pool,
    redisUrl: redis.url,
    prefix: redis.prefix,
    logger: createLogger({ name: 'bench', level: 'silent', format: 'json' }),
    secretEncryptionKey: BENCH_SECRET_KEY,
    allowHttp: true,
    allowPrivateUrls: true,
    encodeEnvelope: encodeEventEnvelope,
  });
  teardown.push('closing the engine', () => engine.close());

  const stores = { databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix };
  const database = new URL(db.url).pathname.slice(1);
  const startWorker = workerStarter({
    ...stores,
    config,
    receiverUrl: receiver.url,
    teardown,
    onCrash,
  });
  const burst: LoadPlan = {
    kind: 'burst',
    events: config.events,
    concurrency: config.producerConcurrency,
  };
  const warmup: LoadPlan = { ...burst, events: config.warmupEvents };
  const paced: LoadPlan = {
    kind: 'paced',
    rate: config.rate,
    seconds: config.pacedSeconds,
    maxInFlight: PACED_MAX_IN_FLIGHT,
  };
  const phases: Record<string, PhaseResult> = {};
  const measure = phaseRunner({
    always: {
      producer: ownCpuMs,
      receiver: () => receiver.cpuMs(),
      redis: () => redisCpuMs(engine.redis),
      postgres: postgresCpuCounter(database),
      softirq: softirqMs,
    },
    phases,
  });

  // Other work on the machine skews every figure; measure it while we are idle.
  const backgroundCpu = await backgroundCpuPercent();

  // 1–4. The full path, its storage, and one event to many subscriptions.
  let worker = await startWorker('engine-worker');
  const full: FullPathContext = {
    engine,
    pool,
    commits,
    receiver,
    tenants: config.tenants,
    drainTimeoutMs: config.drainTimeoutMs,
  };
  if (config.warmupEvents > 0) {
    await measure('', 'Full path warm-up', describePlan(warmup), workerCpu(worker), (name) =>
      runFullPath(full, name, warmup),
    );
  }
  await measure('fullBurst', 'Full path, burst', describePlan(burst), workerCpu(worker), (name) =>
    runFullPath(full, name, burst),
  );
  const postgres = await postgresStorage(pool);
  await measure(
    'fullPaced',
    `Full path, paced ${config.rate}/s`,
    describePlan(paced),
    workerCpu(worker),
    (name) => runFullPath(full, name, paced),
  );
  await measure(
    'fanOut',
    `Fan-out to ${config.fanOut.subscriptions} subscriptions`,
    describeFanOut(config.fanOut),
    workerCpu(worker),
    (name) => runFanOut(full, name, config.fanOut),
  );
  await worker.stop();

  // 5. Fairness: a hung receiver beside a healthy one, on a worker whose
  // timeout outlasts the phase (so the hung receiver keeps its cap held).
  const fairness = config.fairness.enabled
    ? await (async () => {
        const hung = await startReceiver(onCrash, { hold: true });
        teardown.push('stopping the hung receiver', () => hung.stop());
        const fairWorker = await startWorker('engine-worker', {
          BENCH_DELIVERY_TIMEOUT_MS: String(FAIRNESS_DELIVERY_TIMEOUT_MS),
        });
        const measured = await runFairnessPhases(
          { ...full, hung, measure, worker: workerCpu(fairWorker) },
          config.fairness.events,
        );
        await fairWorker.stop();
        await hung.stop();
        return measured;
      })()
    : undefined;

  // 6. What queued work weighs in Redis, then a new worker drains it.
  process.stdout.write(`Redis: ${config.queuedEvents} events queued with no worker… `);
  const queued = await measureQueuedMemory(
    { ...full, redis: engine.redis, prefix: redis.prefix, concurrency: config.producerConcurrency },
    config.queuedEvents,
    async () => {
      worker = await startWorker('engine-worker');
    },
  );
  console.log(`${queued.bytesPerDelivery} bytes per delivery, drained in ${queued.drainSeconds} s`);

  // 7–8. Through the API, delivered by this worker (stopped before the request path).
  const api = config.api.enabled
    ? await runApiPhases({
        config,
        stores,
        pool,
        redis: engine.redis,
        receiver,
        teardown,
        onCrash,
        measure,
        worker: { cpu: workerCpu(worker), stop: () => worker.stop() },
      })
    : undefined;
  await worker.stop();

  // 9. The bare baseline, to the same receiver.
  const queue = new Queue<BareJob>(BARE_QUEUE.name, {
    connection: engine.redis,
    prefix: redis.prefix,
  });
  teardown.push('closing the bare queue', () => queue.close());
  const bareWorker = await startWorker('bare-worker');
  const bare = { queue, receiver, drainTimeoutMs: config.drainTimeoutMs };
  const bareCpu = workerCpu(bareWorker);
  if (config.warmupEvents > 0) {
    await measure('', 'Bare warm-up', describePlan(warmup), bareCpu, (name) =>
      runBare(bare, name, warmup),
    );
  }
  await measure('bareBurst', 'Bare BullMQ + undici, burst', describePlan(burst), bareCpu, (name) =>
    runBare(bare, name, burst),
  );
  if (config.barePaced) {
    await measure(
      'barePaced',
      `Bare BullMQ + undici, paced ${config.rate}/s`,
      describePlan(paced),
      bareCpu,
      (name) => runBare(bare, name, paced),
    );
  }
  await bareWorker.stop();

  // And again after: work that started on the machine mid-run shows here.
  const backgroundCpuAfter = await backgroundCpuPercent();
  const bareBurst = phases.bareBurst!.deliveriesPerSecond;
  const results: Omit<BenchResults, 'targets'> = {
    finishedAt: new Date().toISOString(),
    machine: await describeMachine(pool, engine.redis),
    config: {
      ...config,
      databaseUrl: redact(config.databaseUrl),
      redisUrl: redact(config.redisUrl),
    },
    backgroundCpuPercent: round(backgroundCpu, 1),
    backgroundCpuPercentAfter: round(backgroundCpuAfter, 1),
    receiverClockOffsetMs: round(await receiver.clockOffsetMs(), 3),
    phases,
    fullToBareThroughputRatio: round(phases.fullBurst!.deliveriesPerSecond / bareBurst, 3),
    ...(phases.apiBurst && {
      apiToBareThroughputRatio: round(phases.apiBurst.deliveriesPerSecond / bareBurst, 3),
    }),
    storage: { postgres, redis: queued },
    ...(fairness && { fairness }),
    ...(api && { requestPath: api.requestPath }),
    ...(api?.cpuProfile && {
      apiCpuProfile: { file: api.cpuProfile, summary: summariseCpuProfile(api.cpuProfile) },
    }),
  };
  return { ...results, targets: issueTargets(results, config.rate) };
}

async function describeMachine(pool: Pool, redis: Redis) {
  const { rows } = await pool.query<{ version: string; sync: string }>(
    `SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync`,
  );
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    postgres: rows[0]?.version ?? 'unknown',
    postgresSynchronousCommit: rows[0]?.sync ?? 'unknown',
    redis: /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown',
  };
}

/** A URL without its password, for the results file. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
