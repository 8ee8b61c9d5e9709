import { expireDueLinkRequests } from '@referral/domain';
import { createDispatcher, createWebhookEngine, PartitionRetention } from '@referral/webhooks';
import {
  startOpsServer,
  webhookEngineOptions,
  type ServiceContext,
  type StopFn,
} from '@referral/runtime';
import { createScheduledTasks } from './scheduled-tasks';
import { startWelcomeEmailSending } from './welcome-email-sending';

/**
 * The dispatcher's composition: the webhook engine's delivery worker, the
 * reconciler, scheduled tasks (link-request expiry, webhook retention), the
 * welcome emails' sender, and the ops port: /metrics, /healthz, /readyz. Any
 * number of replicas may run on one Redis and one Postgres.
 */
export async function startDispatcher(ctx: ServiceContext): Promise<StopFn> {
  const { config, logger, pool } = ctx;
  const engine = createWebhookEngine(webhookEngineOptions(ctx));
  const dispatcher = createDispatcher(engine, {
    retryBaseMs: config.webhooks.retryBaseMs,
    timeoutMs: config.webhooks.timeoutMs,
    deliveryConcurrency: config.webhooks.deliveryConcurrency,
    maxInFlightPerSubscription: config.webhooks.maxInFlightPerSubscription,
    reconcileIntervalMs: config.webhooks.reconcileIntervalMs,
  });
  const ops = await startOpsServer({
    host: config.http.host,
    port: config.dispatcher.port,
    registry: dispatcher.metrics.registry,
    readiness: { postgres: () => pool.query('SELECT 1'), redis: () => engine.redis.ping() },
  });
  const retention = new PartitionRetention(pool, logger, {
    succeededDays: config.webhooks.retention.succeededDays,
    failedDays: config.webhooks.retention.failedDays,
  });
  const scheduled = createScheduledTasks({
    redisUrl: config.redis.url,
    prefix: config.redis.prefix,
    logger,
    tasks: [
      {
        name: 'expire-link-requests',
        everyMs: config.clients.linkExpirySweepMs,
        run: () => expireDueLinkRequests(engine.outbox),
      },
      {
        // Creates the coming weeks' partitions and drops those past the horizons.
        name: 'webhook-retention',
        everyMs: config.webhooks.retention.sweepMs,
        run: () => retention.run(),
      },
    ],
  });
  dispatcher.start();
  const stopMail = startWelcomeEmailSending(ctx, dispatcher.metrics.registry);
  await scheduled.start(config.webhooks.reconcileIntervalMs);
  // Catch up at once on whatever was left while no dispatcher ran.
  void dispatcher.reconciler
    .sweep()
    .catch((err: unknown) => logger.warn({ err }, 'start-up reconcile failed'));
  logger.info(
    {
      deliveryConcurrency: config.webhooks.deliveryConcurrency,
      retryBaseMs: config.webhooks.retryBaseMs,
      timeoutMs: config.webhooks.timeoutMs,
      metrics: `${ops.url}/metrics`,
    },
    'dispatcher started',
  );

  return async () => {
    await scheduled.stop();
    await stopMail();
    await dispatcher.stop();
    await ops.close();
    await engine.close();
  };
}
