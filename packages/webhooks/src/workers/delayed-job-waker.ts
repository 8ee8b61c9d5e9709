import type { Redis } from 'ioredis';

/** setTimeout's ceiling; a later wake-up is left to Redis. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Wakes a worker of the queue the moment a delayed job falls due.
 *
 * An idle BullMQ worker waits for the next delayed job in a BZPOPMIN on the
 * queue's marker key, with the time left as its timeout. Redis expires blocking
 * timeouts only when its event loop wakes: at the latest on its server cron,
 * every 1000 / hz ms (100 ms at the default hz 10). On a quiet queue a due job
 * therefore started 0–100 ms late. A base marker (what BullMQ adds itself when
 * a job is waiting), written at the due time, unblocks a worker at once. The
 * worker then promotes only the delayed jobs that are due, so a wake-up can
 * never start a job early, and a needless one costs one round trip. A wake-up
 * lost with this process only costs the old lateness: Redis's timeout remains.
 */
export class DelayedJobWaker {
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly redis: Redis,
    private readonly markerKey: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Wake a worker at `timestamp` (epoch ms, the delayed job's own), never before. */
  wakeAt(timestamp: number): void {
    if (this.timers.has(timestamp)) return;
    const waitMs = timestamp - Date.now();
    if (waitMs > MAX_TIMER_MS) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timestamp);
        // A timer may fire a millisecond before the wall clock Redis compares with.
        if (Date.now() < timestamp) return this.wakeAt(timestamp);
        this.redis.zadd(this.markerKey, 0, '0').catch(this.onError);
      },
      Math.max(waitMs, 0),
    );
    timer.unref();
    this.timers.set(timestamp, timer);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
