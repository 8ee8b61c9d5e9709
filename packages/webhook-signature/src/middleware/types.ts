// Structural request/response types: the middleware works with Express,
// Connect or plain node:http without depending on any of them. Only the parts
// actually used are required, so an Express Request or an IncomingMessage fits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifiedWebhook } from '../verify';

export type WebhookRequest = Pick<
  IncomingMessage,
  'headers' | 'readableEnded' | 'on' | 'removeListener' | 'resume'
> & {
  body?: unknown;
  webhook?: VerifiedWebhook;
};

export type WebhookResponse = Pick<
  ServerResponse,
  'statusCode' | 'headersSent' | 'setHeader' | 'end'
>;

export type NextFunction = (error?: unknown) => void;

// Types `req.webhook` in Express handlers. Merging into the global `Express`
// namespace is how Express's own typings accept extensions, and it needs no
// import of express (harmless when express is not installed).
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's extension point is a namespace
  namespace Express {
    interface Request {
      webhook?: VerifiedWebhook;
    }
  }
}
