import { WebhookVerificationError } from './webhook-verification-error';

/** One or more of `webhook-id`, `webhook-timestamp`, `webhook-signature` is absent or empty. */
export class MissingHeadersError extends WebhookVerificationError {
  override name = 'MissingHeadersError';

  constructor(readonly missing: readonly string[]) {
    super(
      `Missing required webhook header${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}. ` +
        'Pass the request headers unchanged (a proxy may have stripped them).',
    );
  }
}
