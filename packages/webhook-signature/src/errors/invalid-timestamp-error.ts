import { WebhookVerificationError } from './webhook-verification-error';

export type InvalidTimestampReason = 'unparseable' | 'too_old' | 'too_new';

/**
 * The `webhook-timestamp` header is not unix seconds, or lies outside the
 * tolerance window. Old timestamps are how replayed requests show up; new ones
 * usually mean the receiver's clock is wrong.
 */
export class InvalidTimestampError extends WebhookVerificationError {
  override name = 'InvalidTimestampError';

  constructor(
    readonly reason: InvalidTimestampReason,
    message: string,
  ) {
    super(message);
  }
}
