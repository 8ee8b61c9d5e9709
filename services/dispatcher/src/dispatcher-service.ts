import { createDispatcher, createWebhookEngine } from '@referral/webhooks';
import type { ServiceContext, StopFn } from '@referral/runtime';

/**
 * The dispatcher's composition: the webhook engine's workers (fan-out,
 * delivery) and the reconciler. Any number of replicas may run on one Redis
 * and one Postgres.
 */
export async function startDispatcher({ config, logger, pool }: ServiceContext): Promise<StopFn> {
  const engine = createWebhookEngine({
    pool,
    redisUrl: config.redis.url,
    prefix: config.redis.prefix,
    logger,
    secretEncryptionKey: config.webhooks.secretEncryptionKey,
    allowHttp: config.webhooks.allowHttp,
    allowPrivateUrls: config.webhooks.allowPrivateUrls,
  });
  const dispatcher = createDispatcher(engine, {
    retryBaseMs: config.webhooks.retryBaseMs,
    timeoutMs: config.webhooks.timeoutMs,
    deliveryConcurrency: config.webhooks.deliveryConcurrency,
    fanOutConcurrency: config.webhooks.fanOutConcurrency,
    reconcileIntervalMs: config.webhooks.reconcileIntervalMs,
  });
  dispatcher.start();
  // Catch up at once on whatever was left while no dispatcher ran.
  void dispatcher.reconciler
    .sweep()
    .catch((err: unknown) => logger.warn({ err }, 'start-up reconcile failed'));
  logger.info(
    {
      deliveryConcurrency: config.webhooks.deliveryConcurrency,
      retryBaseMs: config.webhooks.retryBaseMs,
      timeoutMs: config.webhooks.timeoutMs,
    },
    'dispatcher started',
  );

  return async () => {
    await dispatcher.stop();
    await engine.close();
  };
}
