/**
 * Child process: the engine's consumer side, wired as the dispatcher service
 * wires it (fan-out and delivery workers, reconciler), on the bench's database
 * and Redis prefix. Says `ready` once its workers are connected.
 */
import { createPool } from '@referral/db';
import { encodeEventEnvelope } from '@referral/events';
import { createLogger } from '@referral/logger';
import { createDispatcher, createWebhookEngine } from '@referral/webhooks';
import { BENCH_SECRET_KEY, parseWorkerEnv } from './bench-config';
import { serveParent, tellParent } from './child-process';
import { ownCpuMs } from './cpu-usage';
import type { WorkerReply, WorkerRequest } from './messages';

async function main() {
  const env = parseWorkerEnv(process.env);
  const pool = createPool(env.DATABASE_URL);
  const engine = createWebhookEngine({
    pool,
    redisUrl: env.REDIS_URL,
    prefix: env.REDIS_PREFIX,
    logger: createLogger({ name: 'bench-dispatcher', level: env.LOG_LEVEL, format: 'json' }),
    secretEncryptionKey: BENCH_SECRET_KEY,
    allowHttp: true,
    allowPrivateUrls: true,
    encodeEnvelope: encodeEventEnvelope,
  });
  const dispatcher = createDispatcher(engine, {
    // Production defaults, except a short retry so a failed attempt cannot
    // stall a phase for a minute (failed attempts are counted and reported);
    // the cap per subscription is the default, WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION's.
    retryBaseMs: 1_000,
    timeoutMs: env.BENCH_DELIVERY_TIMEOUT_MS,
    deliveryConcurrency: env.BENCH_DELIVERY_CONCURRENCY,
    reconcileIntervalMs: 10_000,
  });

  serveParent<WorkerRequest>(async (message) => {
    if (message.type === 'usage')
      return tellParent<WorkerReply>({ type: 'usage', cpuMs: ownCpuMs() });
    await dispatcher.stop();
    await engine.close();
    await pool.end();
    process.exit(0);
  });
  dispatcher.start();
  await Promise.all(dispatcher.workers.map((w) => w.waitUntilReady()));
  tellParent<WorkerReply>({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error('engine worker failed to start:', error);
  process.exit(1);
});
