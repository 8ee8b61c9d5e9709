export type RawBodyUnavailableReason = 'parsed' | 'consumed';

/**
 * The middleware cannot see the exact bytes that were signed. Signatures cover
 * the raw body; JSON parsed and re-serialised by the app (key order, spacing,
 * unicode escapes) no longer matches, so guessing would fail silently.
 */
export class RawBodyUnavailableError extends Error {
  override name = 'RawBodyUnavailableError';

  constructor(readonly reason: RawBodyUnavailableReason) {
    super(
      (reason === 'parsed'
        ? 'The request body was already parsed into an object (express.json() or another body ' +
          'parser ran before verifyWebhookMiddleware).'
        : 'The request body stream was already read by another middleware, and req.body holds ' +
          'neither a Buffer nor a string.') +
        ' Webhook signatures cover the raw bytes, which re-serialised JSON does not reproduce.' +
        ' Mount verifyWebhookMiddleware on the webhook route before express.json(), or use' +
        " express.raw({ type: 'application/json' }) for that route.",
    );
  }
}
