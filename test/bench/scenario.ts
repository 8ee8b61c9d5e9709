import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { createPool, type Pool } from '@referral/db';
import { encodeEventEnvelope } from '@referral/events';
import { createLogger } from '@referral/logger';
import { createTestDatabase, createTestRedis } from '@referral/testing';
import { createWebhookEngine } from '@referral/webhooks';
import type { Redis } from 'ioredis';
import { runBare } from './bare-pipeline';
import { BARE_QUEUE, type BareJob } from './bare-queue';
import { BENCH_SECRET_KEY, type BenchConfig } from './bench-config';
import { startChild, type Child } from './child-process';
import { stampEventCommits } from './commit-stamps';
import {
  backgroundCpuPercent,
  cpuPerDelivery,
  machineCpuMs,
  ownCpuMs,
  redisCpuMs,
  type CpuSample,
} from './cpu-usage';
import { runFullPath } from './full-path';
import { describePlan, type LoadPlan } from './load';
import type { WorkerReply, WorkerRequest } from './messages';
import { round, type PhaseResult } from './phase-result';
import { startReceiver, type BenchReceiver } from './receiver';
import { target, type BenchResults } from './report';
import type { Teardown } from './teardown';

export const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');
const PACED_MAX_IN_FLIGHT = 200;

type Worker = Child<WorkerRequest, WorkerReply>;

/**
 * The whole run: throwaway database and key prefix, the receiver, then the
 * full path (engine worker) and the bare baseline (bare worker), one worker
 * process at a time. Everything built is registered with `teardown`.
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

  const startWorker = async (name: 'engine-worker' | 'bare-worker'): Promise<Worker> => {
    const { child } = await startChild<WorkerRequest, WorkerReply>(
      name,
      path.join(__dirname, `${name}.js`),
      {
        env: {
          DATABASE_URL: db.url,
          REDIS_URL: redis.url,
          REDIS_PREFIX: redis.prefix,
          BENCH_DELIVERY_CONCURRENCY: String(config.deliveryConcurrency),
          BENCH_FANOUT_CONCURRENCY: String(config.fanOutConcurrency),
          BENCH_RECEIVER_URL: receiver.url,
          LOG_LEVEL: 'silent',
        },
        execArgv: config.cpuProfile
          ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profiles')}`]
          : [],
        onCrash,
      },
    );
    teardown.push(`stopping the ${name}`, () => child.stop());
    return child;
  };

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
  const measure = phaseRunner({ receiver, redis: engine.redis, phases });

  // Other work on the machine skews every figure; measure it while we are idle.
  const backgroundCpu = await backgroundCpuPercent();

  // 1–2. The full path.
  const engineWorker = await startWorker('engine-worker');
  const full = { engine, pool, commits, receiver, drainTimeoutMs: config.drainTimeoutMs };
  if (config.warmupEvents > 0) {
    await measure(engineWorker, '', 'Full path warm-up', warmup, (name) =>
      runFullPath(full, name, warmup),
    );
  }
  await measure(engineWorker, 'fullBurst', 'Full path, burst', burst, (name) =>
    runFullPath(full, name, burst),
  );
  await measure(engineWorker, 'fullPaced', `Full path, paced ${config.rate}/s`, paced, (name) =>
    runFullPath(full, name, paced),
  );
  await engineWorker.stop();

  // 3. The bare baseline, to the same receiver.
  const queue = new Queue<BareJob>(BARE_QUEUE.name, {
    connection: engine.redis,
    prefix: redis.prefix,
  });
  teardown.push('closing the bare queue', () => queue.close());
  const bareWorker = await startWorker('bare-worker');
  const bare = { queue, receiver, drainTimeoutMs: config.drainTimeoutMs };
  if (config.warmupEvents > 0) {
    await measure(bareWorker, '', 'Bare warm-up', warmup, (name) => runBare(bare, name, warmup));
  }
  await measure(bareWorker, 'bareBurst', 'Bare BullMQ + undici, burst', burst, (name) =>
    runBare(bare, name, burst),
  );
  if (config.barePaced) {
    await measure(
      bareWorker,
      'barePaced',
      `Bare BullMQ + undici, paced ${config.rate}/s`,
      paced,
      (name) => runBare(bare, name, paced),
    );
  }
  await bareWorker.stop();

  const fullBurst = phases.fullBurst!;
  const ratio = fullBurst.deliveriesPerSecond / phases.bareBurst!.deliveriesPerSecond;
  return {
    finishedAt: new Date().toISOString(),
    machine: await describeMachine(pool, engine.redis),
    config: {
      ...config,
      databaseUrl: redact(config.databaseUrl),
      redisUrl: redact(config.redisUrl),
    },
    backgroundCpuPercent: round(backgroundCpu, 1),
    receiverClockOffsetMs: round(await receiver.clockOffsetMs(), 3),
    phases,
    fullToBareThroughputRatio: round(ratio, 3),
    targets: {
      throughput: target(
        'Full path throughput',
        fullBurst.deliveriesPerSecond,
        'deliveries/s',
        '>=',
        5_000,
      ),
      ratio: target('Full/bare throughput ratio', ratio, '', '>=', 0.5),
      pacedP99: target(
        `Full path p99 at ${config.rate} events/s`,
        phases.fullPaced!.latencyMs.p99,
        'ms',
        '<=',
        25,
      ),
    },
  };
}

/** Runs one phase, prints a progress line, adds CPU per delivery, keeps the result under `key`. */
function phaseRunner(ctx: {
  receiver: BenchReceiver;
  redis: Redis;
  phases: Record<string, PhaseResult>;
}) {
  const sample = async (worker: Worker): Promise<CpuSample> => ({
    producer: ownCpuMs(),
    worker: (await worker.ask({ type: 'usage' }, 'usage')).cpuMs,
    receiver: await ctx.receiver.cpuMs(),
    redis: await redisCpuMs(ctx.redis),
    machine: machineCpuMs(),
  });
  return async (
    worker: Worker,
    key: string,
    name: string,
    plan: LoadPlan,
    run: (name: string) => Promise<PhaseResult>,
  ) => {
    process.stdout.write(`${name}: ${describePlan(plan)}… `);
    const before = await sample(worker);
    const result = await run(name);
    const cpu = cpuPerDelivery(before, await sample(worker), result.delivered);
    result.cpuMsPerDelivery = Object.fromEntries(
      Object.entries(cpu).map(([k, v]) => [k, round(v, 3)]),
    );
    console.log(
      `${result.deliveriesPerSecond.toFixed(0)} deliveries/s, p99 ${result.latencyMs.p99.toFixed(1)} ms, ` +
        `${cpu.total.toFixed(2)} CPU ms per delivery (${(result.elapsedMs / 1000).toFixed(1)} s)`,
    );
    if (key) ctx.phases[key] = result;
  };
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
