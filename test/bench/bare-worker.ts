/**
 * Child process: the baseline's consumer. A BullMQ worker with the engine's
 * concurrency and lock settings POSTs each job's body with undici, through an
 * agent configured like the engine's HttpSender. No Postgres, no signing.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';
import { BARE_QUEUE, BareJob, DELIVERY_TIMEOUT_MS, LOCK_DURATION_MS } from './bare-queue';
import { parseWorkerEnv } from './bench-config';
import { serveParent, tellParent } from './child-process';
import { ownCpuMs } from './cpu-usage';
import type { WorkerReply, WorkerRequest } from './messages';

async function main() {
  const env = parseWorkerEnv(process.env);
  const url = env.BENCH_RECEIVER_URL;
  if (!url) throw new Error('BENCH_RECEIVER_URL is required');
  const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const agent = new Agent({
    connections: 64,
    keepAliveTimeout: 10_000,
    headersTimeout: DELIVERY_TIMEOUT_MS,
    bodyTimeout: DELIVERY_TIMEOUT_MS,
    connect: { timeout: DELIVERY_TIMEOUT_MS },
  });

  const worker = new Worker<BareJob>(
    BARE_QUEUE.name,
    async (job) => {
      const { id, body } = BareJob.parse(job.data);
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': id },
        body,
        dispatcher: agent,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.body.text();
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw new Error(`receiver answered ${response.statusCode}`);
      }
    },
    {
      connection,
      prefix: env.REDIS_PREFIX,
      concurrency: env.BENCH_DELIVERY_CONCURRENCY,
      lockDuration: LOCK_DURATION_MS,
      stalledInterval: LOCK_DURATION_MS,
      maxStalledCount: 100,
      autorun: false,
    },
  );
  worker.on('error', (error) => console.error('bare worker error:', error));

  serveParent<WorkerRequest>(async (message) => {
    if (message.type === 'usage')
      return tellParent<WorkerReply>({ type: 'usage', cpuMs: ownCpuMs() });
    await worker.close();
    await agent.close();
    connection.disconnect();
    process.exit(0);
  });
  void worker.run();
  await worker.waitUntilReady();
  tellParent<WorkerReply>({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error('bare worker failed to start:', error);
  process.exit(1);
});
