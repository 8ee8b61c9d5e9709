import { signatureHeaders } from '@referral/webhook-signature';
import type { Logger } from '@referral/logger';
import type { DispatcherMetrics } from '../metrics';
import type { SecretCipher } from '../subscriptions/secret-cipher';
import type { AttemptOutcome } from './attempt-outcome';
import type { DeliveryStore } from './delivery-store';
import type { AttemptVerdict, DeliveryContext } from './delivery-write';
import type { HttpSender } from './http-sender';
import type { RetryPolicy } from './retry-policy';
import { endAttemptSpan, startAttemptSpan, traceLogFields } from '../tracing';

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
    const { store, sender, cipher } = this.deps;
    const ctx = await store.load(deliveryId);
    if (!ctx || ctx.status !== 'pending') return { kind: 'done' };
    // Every line about a delivery names it (no child logger: this is the hot path).
    const ids = {
      eventId: ctx.eventId,
      deliveryId: ctx.id,
      subscriptionId: ctx.subscriptionId,
      ...traceLogFields(),
    };
    const log = this.deps.logger;

    if (ctx.subscriptionDeleted || ctx.subscriptionStatus === 'disabled') {
      const skipped = ctx.subscriptionDeleted ? 'cancelled' : 'parked';
      await store.record({ delivery: ctx, skipped });
      log.info(
        ids,
        `delivery ${skipped}: subscription ${ctx.subscriptionDeleted ? 'deleted' : 'disabled'}`,
      );
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
    // No trace context goes to the receiver: a third party, with no use for our trace ids.
    const span = startAttemptSpan({
      url: ctx.url,
      deliveryId: ctx.id,
      eventId: ctx.eventId,
      eventType: ctx.eventType,
      subscriptionId: ctx.subscriptionId,
      attemptNumber: ctx.attemptCount + 1,
    });
    const outcome = await sender.send(ctx.url, ctx.payload, headers);
    endAttemptSpan(span, outcome);
    const { metrics } = this.deps;
    metrics.attempts.inc({ result: outcome.succeeded ? 'ok' : (outcome.errorKind ?? 'unknown') });
    metrics.attemptSeconds.observe(outcome.durationMs / 1000);

    const verdict = this.verdict(ctx, outcome);
    const recorded = await store.record({
      delivery: ctx,
      attempt: { startedAt, outcome, requestHeaders: headers },
      verdict,
    });
    const attemptLog = {
      ...ids,
      attempt: recorded.attemptNumber,
      statusCode: outcome.statusCode,
      errorKind: outcome.errorKind,
      durationMs: outcome.durationMs,
    };
    if (verdict.status !== 'pending') {
      metrics.deliveries.inc({ status: verdict.status === 'gone' ? 'failed' : verdict.status });
    }
    if (recorded.subscriptionDisabled) {
      metrics.subscriptionsDisabled.inc();
      // The operators' signal: a subscription stopped receiving.
      log.error(
        { ...ids, event: 'webhook.subscription_disabled', tenantId: ctx.tenantId },
        verdict.status === 'gone'
          ? 'subscription disabled: the endpoint answered 410 Gone'
          : 'subscription disabled after consecutive failed deliveries',
      );
    }
    switch (verdict.status) {
      case 'succeeded':
        log.debug(attemptLog, 'delivery succeeded');
        return { kind: 'done' };
      case 'pending': {
        const retryInMs = verdict.nextAttemptAt.getTime() - Date.now();
        log.info({ ...attemptLog, retryInMs }, 'delivery attempt failed; retry scheduled');
        // Its delay runs from the moment it was chosen, not from after the write.
        return { kind: 'retry', at: verdict.nextAttemptAt };
      }
      case 'gone':
        log.warn(attemptLog, 'delivery failed: the endpoint is gone (410)');
        return { kind: 'done' };
      case 'failed':
        log.warn(attemptLog, 'delivery failed: retries exhausted');
        return { kind: 'done' };
    }
  }

  /**
   * What comes after an attempt: 2xx succeeds; 410 Gone disables the
   * subscription at once; an address the policy blocks is not worth a retry;
   * anything else is retried while the policy has retries left.
   */
  private verdict(ctx: DeliveryContext, outcome: AttemptOutcome): AttemptVerdict {
    if (outcome.succeeded) return { status: 'succeeded' };
    if (outcome.statusCode === 410) return { status: 'gone' };
    if (outcome.errorKind === 'blocked_address') return { status: 'failed' };
    // The retry that would follow this attempt: 1 after the first attempt, 9 (none) after the ninth.
    const delayMs = this.deps.retryPolicy.delayBeforeRetry(
      ctx.roundAttempts + 1,
      outcome.retryAfterMs,
    );
    return delayMs === undefined
      ? { status: 'failed' }
      : { status: 'pending', nextAttemptAt: new Date(Date.now() + delayMs) };
  }
}
