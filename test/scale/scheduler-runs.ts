import { Redis } from 'ioredis';

export interface SchedulerRuns {
  /** The period slots (ms) whose job completed, in order, each once. */
  completedSlots: number[];
  /** Completions per job id: more than one would be the same period run twice. */
  completionsPerJob: Map<string, number>;
  /** Jobs that started and never completed (held by a process killed mid-run). */
  unfinished: string[];
}

/**
 * The runs of one BullMQ job scheduler, from its queue's event stream: each
 * period's job is `repeat:<scheduler>:<slot ms>`, and every job that starts or
 * completes, on whichever dispatcher, leaves an `active` or `completed` event.
 */
export async function schedulerRuns(options: {
  redisUrl: string;
  prefix: string;
  queue: string;
  scheduler: string;
}): Promise<SchedulerRuns> {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const entries = await redis.xrange(`${options.prefix}:${options.queue}:events`, '-', '+');
    const jobPrefix = `repeat:${options.scheduler}:`;
    const started = new Set<string>();
    const completionsPerJob = new Map<string, number>();
    for (const [, fields] of entries) {
      const event: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) event[fields[i]!] = fields[i + 1]!;
      if (!event.jobId?.startsWith(jobPrefix)) continue;
      if (event.event === 'active') started.add(event.jobId);
      if (event.event === 'completed') {
        completionsPerJob.set(event.jobId, (completionsPerJob.get(event.jobId) ?? 0) + 1);
      }
    }
    const completedSlots = [...completionsPerJob.keys()]
      .map((id) => Number(id.slice(jobPrefix.length)))
      .sort((a, b) => a - b);
    const unfinished = [...started].filter((id) => !completionsPerJob.has(id));
    return { completedSlots, completionsPerJob, unfinished };
  } finally {
    redis.disconnect();
  }
}
