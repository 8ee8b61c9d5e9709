import { signatureHeaders } from '@referral/webhook-signature';
import type { Logger } from '@referral/logger';
import type { DispatcherMetrics } from '../metrics';
import type { SecretCipher } from '../subscriptions/secret-cipher';
import type { DeliveryStore } from './delivery-store';
import type { HttpSender } from './http-sender';
import type { RetryPolicy } from './retry-policy';

export const USER_AGENT = 'ReferralWebhooks/0.1';

/** What the worker must do with the job after one run: `at` is next_attempt_at. */
export type DeliveryResult = { kind: 'done' } | { kind: 'retry'; at: Date };

/**
 * One run of one delivery: re-read the row (the truth), return early unless it
 * is due, sign, POST, record the attempt and decide what comes next.
 */
export class DeliveryProcessor {
  constructor(
    private readonly deps: {
      store: DeliveryStore;
      sender: HttpSender;
      cipher: SecretCipher;
      retryPolicy: RetryPolicy;
      logger: Logger;
      metrics: DispatcherMetrics;
    },
  ) {}

  async process(deliveryId: string): Promise<DeliveryResult> {
    const { store, sender, cipher, retryPolicy } = this.deps;
    const ctx = await store.load(deliveryId);
    if (!ctx || ctx.status !== 'pending') return { kind: 'done' };
    // Every line about a delivery names it (no child logger: this is the hot path).
    const ids = { eventId: ctx.eventId, deliveryId: ctx.id, subscriptionId: ctx.subscriptionId };
    const log = this.deps.logger;

    if (ctx.subscriptionDeleted) {
      await store.setStatus(ctx.id, 'cancelled');
      log.info(ids, 'delivery cancelled: subscription deleted');
      return { kind: 'done' };
    }
    if (ctx.subscriptionStatus === 'disabled') {
      await store.setStatus(ctx.id, 'parked');
      log.info(ids, 'delivery parked: subscription disabled');
      return { kind: 'done' };
    }
    // A job that runs early (a reconciler re-add, a stalled job) waits for the
    // time Postgres scheduled: no attempt starts before next_attempt_at.
    if (ctx.nextAttemptAt && ctx.nextAttemptAt.getTime() > Date.now()) {
      return { kind: 'retry', at: ctx.nextAttemptAt };
    }

    const startedAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      ...signatureHeaders({
        id: ctx.eventId,
        payload: ctx.payload,
        secrets: ctx.encryptedSecrets.map((s) => cipher.decryptCached(s)),
        timestamp: startedAt,
      }),
    };
    const outcome = await sender.send(ctx.url, ctx.payload, headers);
    const { metrics } = this.deps;
    metrics.attempts.inc({ result: outcome.succeeded ? 'ok' : (outcome.errorKind ?? 'unknown') });
    metrics.attemptSeconds.observe(outcome.durationMs / 1000);

    // The retry that would follow this attempt: 1 after the first attempt, 9 (none) after the ninth.
    // Its delay runs from the moment it is chosen (next_attempt_at), not from after the write.
    const retry = ctx.roundAttempts + 1;
    const delayMs = outcome.succeeded
      ? undefined
      : retryPolicy.delayBeforeRetry(retry, outcome.retryAfterMs);
    const verdict = outcome.succeeded
      ? ({ status: 'succeeded' } as const)
      : delayMs !== undefined
        ? ({ status: 'pending', nextAttemptAt: new Date(Date.now() + delayMs) } as const)
        : ({ status: 'failed' } as const);

    const recorded = await store.record(
      { deliveryId: ctx.id, startedAt, outcome, requestHeaders: headers },
      verdict,
    );
    const attemptLog = {
      ...ids,
      attempt: recorded.attemptNumber,
      statusCode: outcome.statusCode,
      errorKind: outcome.errorKind,
      durationMs: outcome.durationMs,
    };
    if (verdict.status !== 'pending') metrics.deliveries.inc({ status: verdict.status });
    if (verdict.status === 'succeeded') {
      log.debug(attemptLog, 'delivery succeeded');
      return { kind: 'done' };
    }
    if (verdict.status === 'pending') {
      log.info({ ...attemptLog, retryInMs: delayMs }, 'delivery attempt failed; retry scheduled');
      return { kind: 'retry', at: verdict.nextAttemptAt };
    }
    log.warn(attemptLog, 'delivery failed: retries exhausted');
    if (recorded.subscriptionDisabled) {
      metrics.subscriptionsDisabled.inc();
      // The operators' signal: a subscription stopped receiving.
      log.error(
        { ...ids, event: 'webhook.subscription_disabled', tenantId: ctx.tenantId },
        'subscription disabled after consecutive failed deliveries',
      );
    }
    return { kind: 'done' };
  }
}
