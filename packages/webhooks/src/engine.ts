import { Redis } from 'ioredis';
import type { Worker } from 'bullmq';
import type { Pool } from '@referral/db';
import type { Logger } from '@referral/logger';
import { WebhookDashboard } from './dashboard/webhook-dashboard';
import { DeliveryService } from './deliveries/delivery-service';
import { DeliveryProcessor } from './sending/delivery-processor';
import { DeliveryStore } from './sending/delivery-store';
import { HttpSender, type ResolveHost } from './sending/http-sender';
import { exponentialRetryPolicy } from './sending/retry-policy';
import { EventPublisher } from './outbox/event-publisher';
import type { EnvelopeEncoder } from './outbox/event-store';
import { JobProducer } from './job-producer';
import { createDispatcherMetrics } from './metrics';
import { deliveryLockDurationMs } from './queue-catalogue';
import { Reconciler } from './reconciler';
import { SecretCipher } from './subscriptions/secret-cipher';
import { SubscriptionService } from './subscriptions/subscription-service';
import { createDeliveryWorker } from './workers/delivery-worker';
import { PauseWhileDatabaseDown } from './workers/pause-while-database-down';

export interface WebhookEngineOptions {
  pool: Pool;
  redisUrl: string;
  /** BullMQ key prefix; tests give each file its own. */
  prefix: string;
  logger: Logger;
  secretEncryptionKey: Buffer;
  allowHttp: boolean;
  allowPrivateUrls: boolean;
  /**
   * Builds each event's body and refuses events outside the catalogue; the
   * platform passes `encodeEventEnvelope` of `@referral/events`.
   */
  encodeEnvelope: EnvelopeEncoder;
}

export interface DispatcherOptions {
  retryBaseMs: number;
  timeoutMs: number;
  deliveryConcurrency: number;
  /** Deliveries in flight per subscription in each dispatcher (fairness between receivers). */
  maxInFlightPerSubscription?: number;
  reconcileIntervalMs: number;
  /** How delivery resolves host names; defaults to the system resolver. */
  resolveHost?: ResolveHost;
}

export const DEFAULT_MAX_IN_FLIGHT_PER_SUBSCRIPTION = 10;
/** While Postgres is down, how often the paused dispatcher asks whether it is back. */
const DATABASE_PROBE_EVERY_MS = 1_000;

/**
 * The engine's producer side, for the API: subscriptions, deliveries, and
 * publishing events. Holds one Redis connection that fails fast when Redis is
 * down (the outbox keeps the event; the relay enqueues it later).
 */
export function createWebhookEngine(options: WebhookEngineOptions) {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', (err) => options.logger.debug({ err }, 'redis connection error'));
  const queues = new JobProducer(redis, options.prefix, options.logger);
  const cipher = new SecretCipher(options.secretEncryptionKey);
  const urlPolicy = { allowHttp: options.allowHttp, allowPrivateUrls: options.allowPrivateUrls };
  const outbox = new EventPublisher(options.pool, queues, options.encodeEnvelope);
  const subscriptions = new SubscriptionService({
    pool: options.pool,
    cipher,
    queues,
    outbox,
    urlPolicy,
  });

  return {
    options,
    queues,
    redis,
    cipher,
    subscriptions,
    deliveries: new DeliveryService(options.pool, queues),
    /** The partner dashboard's Webhooks view: subscription health and the delivery log. */
    dashboard: new WebhookDashboard(options.pool),
    outbox,
    /** Why a subscription URL is refused, or undefined (the subscriptions enforce it too). */
    urlProblem: (url: string) => subscriptions.urlProblem(url),
    async close() {
      await queues.close();
      redis.disconnect();
    },
  };
}

export type WebhookEngine = ReturnType<typeof createWebhookEngine>;

/**
 * The consumer side, for the dispatcher: the delivery worker and the
 * reconciler. `stop` lets in-flight deliveries finish before it resolves.
 */
export function createDispatcher(engine: WebhookEngine, options: DispatcherOptions) {
  const { pool, logger, prefix, redisUrl } = engine.options;
  const workerRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  workerRedis.on('error', (err) => logger.debug({ err }, 'redis connection error'));
  const sender = new HttpSender({
    timeoutMs: options.timeoutMs,
    allowPrivateUrls: engine.options.allowPrivateUrls,
    ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}),
  });
  const metrics = createDispatcherMetrics(engine.queues, pool);
  const processor = new DeliveryProcessor({
    store: new DeliveryStore(pool, engine.outbox),
    sender,
    cipher: engine.cipher,
    retryPolicy: exponentialRetryPolicy(options.retryBaseMs),
    logger,
    metrics,
  });
  const delivery = createDeliveryWorker(processor, engine.queues.delivery, {
    connection: workerRedis,
    prefix,
    concurrency: options.deliveryConcurrency,
    timeoutMs: options.timeoutMs,
    maxInFlightPerSubscription:
      options.maxInFlightPerSubscription ?? DEFAULT_MAX_IN_FLIGHT_PER_SUBSCRIPTION,
    onError: (err) => logger.warn({ err }, 'could not wake a waiting delivery'),
    onProcessError: (err) => databaseDown.noticeError(err),
  });
  const databaseDown = new PauseWhileDatabaseDown({
    probe: () => pool.query('SELECT 1'),
    // Not waiting for the jobs in flight: this runs inside one of them.
    pause: () => void delivery.worker.pause(true),
    resume: () => delivery.worker.resume(),
    logger,
    probeEveryMs: DATABASE_PROBE_EVERY_MS,
  });
  metrics.observeWaitingForSlot(() => delivery.slots.waiting);
  const workers: Worker[] = [delivery.worker];
  for (const worker of workers) {
    worker.on('error', (err) => logger.error({ err, queue: worker.name }, 'worker error'));
    worker.on('failed', (job, err) =>
      logger.error({ err, queue: worker.name, jobId: job?.id }, 'job failed; it will be retried'),
    );
  }
  // Overdue by more than a job lock means no worker holds it: Redis lost it.
  const reconciler = new Reconciler(
    pool,
    engine.queues,
    logger,
    deliveryLockDurationMs(options.timeoutMs),
    metrics,
  );

  let stopping: Promise<void> | undefined;
  return {
    processor,
    reconciler,
    /** Prometheus metrics; serve `metrics.registry.metrics()`. */
    metrics,
    workers,
    start() {
      for (const worker of workers) void worker.run();
      reconciler.start(options.reconcileIntervalMs);
    },
    /** Stop taking jobs, wait for the ones in flight, then release connections. */
    stop(): Promise<void> {
      stopping ??= (async () => {
        databaseDown.stop();
        await reconciler.stop();
        await Promise.all(workers.map((w) => w.close()));
        // With Redis down they stay parked; their safety net wakes them later.
        if (engine.redis.status === 'ready') {
          const woken = await delivery.slots.wakeAllParked();
          if (woken) logger.info({ woken }, 'parked deliveries handed back to the queue');
        }
        await sender.close();
        workerRedis.disconnect();
      })();
      return stopping;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
