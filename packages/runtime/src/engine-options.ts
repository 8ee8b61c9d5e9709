import { encodeEventEnvelope } from '@referral/events';
import type { ServiceContext } from './run-service';

/** The webhook engine's options from a service's config, the same for every service. */
export function webhookEngineOptions({ config, logger, pool }: ServiceContext) {
  return {
    pool,
    redisUrl: config.redis.url,
    prefix: config.redis.prefix,
    logger,
    secretEncryptionKey: config.webhooks.secretEncryptionKey,
    allowHttp: config.webhooks.allowHttp,
    allowPrivateUrls: config.webhooks.allowPrivateUrls,
    encodeEnvelope: encodeEventEnvelope,
  };
}
