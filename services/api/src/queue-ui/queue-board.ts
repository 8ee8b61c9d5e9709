import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, RequestHandler } from 'express';
import type { WebhookEngine } from '@referral/webhooks';
import { HttpProblem } from '../http/problem';

/** Where the API serves Bull Board. */
export const QUEUE_UI_PATH = '/admin/queues';

/**
 * Bull Board over the engine's queues, read-only: Postgres is the truth, and
 * a job removed, retried or promoted from the board would act behind the
 * rows' backs. Operators act through the admin API (redeliver, replay,
 * recover), which keeps the rows and the jobs together. Authentication is
 * mounted in front of it (`app.ts`).
 */
export function queueBoard(queues: WebhookEngine['queues']['all']): Express {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_UI_PATH);
  createBullBoard({
    queues: queues.map(
      (queue) => new BullMQAdapter(queue, { readOnlyMode: true, allowRetries: false }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Webhook queues' } },
  });
  const board = serverAdapter.getRouter() as Express;
  board.disable('x-powered-by');
  return board;
}

/**
 * The board's page runs only its own scripts (a JSON config block, no inline
 * script, no eval) and styles itself inline. It also links Google Fonts:
 * `style-src` leaves them out, so an operator's browser never calls a third
 * party from behind the admin token (the system fonts serve).
 */
const QUEUE_UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Only reads reach the board. Its write routes refuse read-only queues
 * themselves; refusing every other method here also means that a page
 * elsewhere cannot make a signed-in browser, which resends Basic
 * credentials on its own, change anything (no CSRF surface).
 */
export const readOnlyQueueUi: RequestHandler = (req, res, next) => {
  res.set({
    'cache-control': 'no-store',
    'content-security-policy': QUEUE_UI_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  });
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  throw new HttpProblem({
    status: 405,
    title: 'Method Not Allowed',
    detail: 'The queue UI is read-only; act on deliveries through the admin API.',
    errors: [{ field: 'method', message: `${req.method} is not allowed; GET only` }],
    headers: { allow: 'GET, HEAD' },
  });
};
