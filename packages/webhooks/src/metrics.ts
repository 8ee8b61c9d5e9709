import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { Queryable } from '@referral/db';
import { readBacklog, PARKED_COUNT_CAP, type Backlog } from './backlog';
import type { JobProducer } from './job-producer';
import { oldestWaitingSeconds } from './queue-age';

const QUEUE_STATES = ['waiting', 'active', 'delayed'] as const;
/** A scrape must not hang on Redis or Postgres. */
const READ_TIMEOUT_MS = 2_000;

/**
 * The dispatcher's Prometheus metrics. Labels stay low-cardinality on
 * purpose: no subscription or tenant ids (the logs carry those).
 *
 * The gauges read Redis and Postgres at scrape time, through small indexes
 * and one job. What they read is shared by every replica, so every replica
 * reports the same value: aggregate them with max, never sum. When Redis or
 * Postgres does not answer within 2 s, the gauges that read it are NaN in
 * that scrape (unknown, not 0) and the rest are served as usual.
 */
export function createDispatcherMetrics(
  queues: JobProducer,
  db: Queryable,
  registry = new Registry(),
) {
  const backlog = shared(() => readBacklog(db));
  const perQueue = (read: (queue: Queue) => Promise<number>) =>
    async function collect(this: Gauge) {
      const values = await settled(() => Promise.all(queues.all.map(read)));
      queues.all.forEach((q, i) => this.set({ queue: q.name }, values?.[i] ?? NaN));
    };
  const fromBacklog = (pick: (b: Backlog) => number) =>
    async function collect(this: Gauge) {
      const read = await settled(backlog);
      this.set(read ? pick(read) : NaN);
    };

  const queueDepth = new Gauge({
    name: 'webhook_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const counts = await settled(() =>
        Promise.all(
          queues.all.map(async (q) => [q.name, await q.getJobCounts(...QUEUE_STATES)] as const),
        ),
      );
      for (const [queue, count] of counts ?? queues.all.map((q) => [q.name, undefined] as const)) {
        for (const state of QUEUE_STATES)
          this.set({ queue, state }, count ? (count[state] ?? 0) : NaN);
      }
    },
  });
  new Gauge({
    name: 'webhook_queue_oldest_waiting_seconds',
    help:
      'Seconds the next job of each queue (the head of its wait list) has waited: since it was added or, ' +
      'for a delivery back from a retry, since it became due. 0 when none waits',
    labelNames: ['queue'],
    registers: [registry],
    collect: perQueue((queue) => oldestWaitingSeconds(queue, db)),
  });
  new Gauge({
    name: 'webhook_outbox_lag_seconds',
    help:
      'Seconds since the oldest pending delivery became due (0 when none is): committed in Postgres, not yet ' +
      'attempted. There is no relay step (the event insert writes its deliveries; their jobs are added after ' +
      'the commit), so this grows when jobs wait in the queue or for their subscription cap, or were never ' +
      'enqueued (Redis refused them; the reconciler adds those once overdue by a job lock)',
    registers: [registry],
    collect: fromBacklog((b) => b.outboxLagSeconds),
  });
  new Gauge({
    name: 'webhook_disabled_subscriptions',
    help: 'Subscriptions disabled now (not deleted): 8 failed deliveries in a row, or a 410',
    registers: [registry],
    collect: fromBacklog((b) => b.disabledSubscriptions),
  });
  new Gauge({
    name: 'webhook_parked_deliveries',
    help: `Deliveries parked for a disabled subscription, waiting for a re-enable with replay (counted up to ${PARKED_COUNT_CAP})`,
    registers: [registry],
    collect: fromBacklog((b) => b.parkedDeliveries),
  });
  let waitingForSlot = () => 0;
  new Gauge({
    name: 'webhook_deliveries_waiting_for_slot',
    help: 'Deliveries parked in this dispatcher because their subscription has its cap in flight',
    registers: [registry],
    collect() {
      this.set(waitingForSlot());
    },
  });
  return {
    registry,
    queueDepth,
    /** Where the waiting-for-slot gauge reads from (the delivery worker's slots). */
    observeWaitingForSlot(read: () => number) {
      waitingForSlot = read;
    },
    attempts: new Counter({
      name: 'webhook_delivery_attempts_total',
      help: 'Delivery attempts by result: ok, or the error kind (http_status, timeout, …)',
      labelNames: ['result'],
      registers: [registry],
    }),
    attemptSeconds: new Histogram({
      name: 'webhook_delivery_attempt_duration_seconds',
      help: 'Time from sending a delivery to its answer (or the deadline)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'webhook_deliveries_finished_total',
      help: 'Deliveries that reached an end: succeeded, or failed after the last retry',
      labelNames: ['status'],
      registers: [registry],
    }),
    subscriptionsDisabled: new Counter({
      name: 'webhook_subscriptions_disabled_total',
      help: 'Subscriptions disabled after consecutive failed deliveries',
      registers: [registry],
    }),
    reconciled: new Counter({
      name: 'webhook_reconciler_requeued_total',
      help: 'Work the reconciler re-enqueued from Postgres: overdue deliveries; orphaned_jobs counts job hashes it deleted first',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}

export type DispatcherMetrics = ReturnType<typeof createDispatcherMetrics>;

/** Concurrent callers (the gauges of one scrape) share one read. */
function shared<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () =>
    (running ??= read().finally(() => {
      running = undefined;
    }));
}

/** The read's value, or undefined when it failed or took longer than a scrape may. */
async function settled<T>(read: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, READ_TIMEOUT_MS, undefined);
  });
  try {
    return await Promise.race([read(), timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
