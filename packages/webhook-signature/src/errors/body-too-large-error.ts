/** The middleware read more than `maxBodyBytes` from the request stream and stopped. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';

  constructor(readonly limitBytes: number) {
    super(`Webhook body exceeds the ${limitBytes}-byte limit of verifyWebhookMiddleware.`);
  }
}
