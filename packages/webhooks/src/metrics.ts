import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobProducer } from './job-producer';

const QUEUE_STATES = ['waiting', 'active', 'delayed'] as const;

/**
 * The dispatcher's Prometheus metrics. Labels stay low-cardinality on
 * purpose: no subscription or tenant ids (the logs carry those).
 */
export function createDispatcherMetrics(queues: JobProducer, registry = new Registry()) {
  const queueDepth = new Gauge({
    name: 'webhook_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const queue = queues.delivery;
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) {
        this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
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
