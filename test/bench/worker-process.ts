import path from 'node:path';
import type { BenchConfig } from './bench-config';
import { startChild, type Child } from './child-process';
import type { WorkerReply, WorkerRequest } from './messages';
import type { CpuParts } from './phase-runner';
import { cpuProfileArgs } from './results-dir';
import type { Teardown } from './teardown';

export type WorkerName = 'engine-worker' | 'bare-worker';
export type Worker = Child<WorkerRequest, WorkerReply>;

/**
 * Starts a worker process (`engine-worker.ts` or `bare-worker.ts`) on the
 * bench's stores, profiled if asked, and registers its stop with `teardown`.
 * `env` adds to or overrides its settings (`BENCH_DELIVERY_TIMEOUT_MS`).
 */
export function workerStarter(ctx: {
  config: BenchConfig;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  receiverUrl: string;
  teardown: Teardown;
  onCrash: (error: Error) => void;
}) {
  return async (name: WorkerName, env: Record<string, string> = {}): Promise<Worker> => {
    const { child } = await startChild<WorkerRequest, WorkerReply>(
      name,
      path.join(__dirname, `${name}.js`),
      {
        env: {
          DATABASE_URL: ctx.databaseUrl,
          REDIS_URL: ctx.redisUrl,
          REDIS_PREFIX: ctx.redisPrefix,
          BENCH_DELIVERY_CONCURRENCY: String(ctx.config.deliveryConcurrency),
          BENCH_RECEIVER_URL: ctx.receiverUrl,
          LOG_LEVEL: 'silent',
          ...env,
        },
        execArgv: ctx.config.cpuProfile ? cpuProfileArgs(name).execArgv : [],
        onCrash: ctx.onCrash,
      },
    );
    ctx.teardown.push(`stopping the ${name}`, () => child.stop());
    return child;
  };
}

/** The worker's CPU time, as a part of a phase's CPU figures. */
export function workerCpu(worker: Worker): CpuParts {
  return { worker: async () => (await worker.ask({ type: 'usage' }, 'usage')).cpuMs };
}
