/**
 * Child process: the request path's baseline. A bare Express server on a pg
 * pool (the API's own pool settings, `createPool`) answering the partner
 * route `GET /v1/webhooks/subscriptions` as the API does: hash the bearer
 * key, one SELECT for the partner, the same page query, the same JSON. No
 * request id or log line, no rate limit, no validation layer.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { createPool, type Pool } from '@referral/db';
import { parseBareApiEnv } from './bench-config';
import { serveParent, tellParent } from './child-process';
import { sleep } from './clock';
import { ownCpuMs } from './cpu-usage';
import type { BareApiReply, BareApiRequest } from './messages';

const PAGE_SIZE = 50;

const PARTNER_BY_KEY = `SELECT id, name, referral_fee_percent, link_request_ttl_days, branding, created_at, updated_at
  FROM partners WHERE api_key_hash = $1`;

const SUBSCRIPTION_PAGE = `SELECT id, tenant_id, url, event_types, description, status,
    disabled_reason, disabled_at, consecutive_failures, created_at, updated_at
  FROM webhook_subscriptions
  WHERE tenant_id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR id < $2)
  ORDER BY id DESC LIMIT $3`;

interface SubscriptionRow {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  status: string;
  disabled_reason: string | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

/** The API's `listSubscriptions`, bare: key → partner → one page. */
async function listSubscriptions(pool: Pool, req: Request, res: Response) {
  const token = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get('authorization') ?? '')?.[1];
  const hash = token && createHash('sha256').update(token, 'utf8').digest();
  const partner = hash && (await pool.query<{ id: string }>(PARTNER_BY_KEY, [hash])).rows[0];
  if (!partner) {
    res.status(401).json({ status: 401, title: 'Unauthorized' });
    return;
  }
  const { rows } = await pool.query<SubscriptionRow>(SUBSCRIPTION_PAGE, [
    partner.id,
    null,
    PAGE_SIZE + 1,
  ]);
  res.json({
    data: rows.slice(0, PAGE_SIZE).map((row) => ({
      id: row.id,
      url: row.url,
      eventTypes: row.event_types,
      description: row.description,
      status: row.status,
      disabledReason: row.disabled_reason,
      disabledAt: row.disabled_at?.toISOString() ?? null,
      consecutiveFailures: row.consecutive_failures,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    })),
    // Every bench partner has fewer subscriptions than a page.
    nextCursor: null,
  });
}

async function main() {
  const env = parseBareApiEnv(process.env);
  const pool = createPool(env.DATABASE_URL);
  const app = express();
  app.disable('x-powered-by');
  // Handlers still running when autocannon drops its sockets at the end of
  // a measure finish before the pool ends: their queries need it.
  let inFlight = 0;
  app.get('/v1/webhooks/subscriptions', async (req, res) => {
    inFlight += 1;
    try {
      await listSubscriptions(pool, req, res);
    } finally {
      inFlight -= 1;
    }
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  serveParent<BareApiRequest>(async (message) => {
    if (message.type === 'usage')
      return tellParent<BareApiReply>({ type: 'usage', cpuMs: ownCpuMs() });
    server.close();
    while (inFlight > 0) await sleep(10);
    await pool.end();
    process.exit(0);
  });
  const { port } = server.address() as AddressInfo;
  tellParent<BareApiReply>({ type: 'ready', url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  console.error('bare API failed to start:', error);
  process.exit(1);
});
