import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '@referral/logger';

/** Periodic work that is safe to run concurrently and more than once. */
export interface ScheduledTask {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export const SCHEDULED_QUEUE = 'scheduled-tasks';

/**
 * Periodic tasks as BullMQ job schedulers: one job per period however many
 * dispatchers run. The tasks themselves must tolerate overlap (a slow run
 * and the next one) because a scheduler guarantees timing, not exclusion.
 * Redis may lose the schedulers (a flush); each check puts back any missing.
 */
export function createScheduledTasks(options: {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  tasks: ScheduledTask[];
}) {
  const { prefix, logger, tasks } = options;
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (err) => logger.debug({ err }, 'redis connection error'));
  const queue = new Queue(SCHEDULED_QUEUE, { connection, prefix });
  const worker = new Worker(
    SCHEDULED_QUEUE,
    async (job) => {
      const task = tasks.find((t) => t.name === job.name);
      if (!task) throw new Error(`no scheduled task named ${job.name}`);
      const result = await task.run();
      logger.debug({ task: task.name, result }, 'scheduled task ran');
      return result;
    },
    { connection, prefix, concurrency: 1, autorun: false },
  );
  worker.on('failed', (job, err) =>
    logger.error({ err, task: job?.name }, 'scheduled task failed; it runs again next period'),
  );

  /** Create the schedulers Redis does not have. */
  const ensureSchedulers = async () => {
    for (const task of tasks) {
      if (await queue.getJobScheduler(task.name)) continue;
      await queue.upsertJobScheduler(
        task.name,
        { every: task.everyMs },
        { name: task.name, opts: { removeOnComplete: true, removeOnFail: true } },
      );
    }
  };

  let timer: NodeJS.Timeout | undefined;
  return {
    async start(checkEveryMs: number): Promise<void> {
      await ensureSchedulers();
      void worker.run();
      timer = setInterval(() => {
        ensureSchedulers().catch((err: unknown) =>
          logger.warn({ err }, 'could not check the task schedulers'),
        );
      }, checkEveryMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await worker.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
