import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPool, type Pool } from '@referral/db';
import { encodeEventEnvelope } from '@referral/events';
import {
  createReferralDomain,
  ensureFxRates,
  PartnerService,
  type ReferralDomain,
} from '@referral/domain';
import { createLogger, type Logger } from '@referral/logger';
import {
  createTestDatabase,
  createTestRedis,
  startReceiver,
  waitFor,
  type Receiver,
  type TestDatabase,
  type TestRedis,
} from '@referral/testing';
import {
  createDispatcher,
  createWebhookEngine,
  type Dispatcher,
  type WebhookEngine,
  type WebhookEngineOptions,
} from '@referral/webhooks';
import { createApp, hostedPageUrls, type AppDeps } from '../../src';
import { apiClient, type ApiClient } from './api-client';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
const SECRET_KEY = Buffer.alloc(32, 5);
export const PAGE_TOKEN_KEY = Buffer.alloc(32, 6);

export interface Harness {
  pool: Pool;
  engine: WebhookEngine;
  partners: PartnerService;
  /** The referral domain of the first app, its URLs pointing at `url`. */
  domain: ReferralDomain;
  logger: Logger;
  /** The app under test, on 127.0.0.1. */
  url: string;
  admin: ApiClient;
  /** A new partner and a client holding its API key. */
  newPartner(name?: string): Promise<{ partnerId: string; apiKey: string; api: ApiClient }>;
  /** Another app on the same database: other engine options or app deps. */
  startApp(options?: {
    engine?: Partial<WebhookEngineOptions>;
    app?: Partial<AppDeps>;
  }): Promise<{ url: string; engine: WebhookEngine; domain: ReferralDomain }>;
  startDispatcher(): Dispatcher;
  receiver(reply?: Receiver['reply']): Promise<Receiver>;
  close(): Promise<void>;
}

/** One test file's world: its own database and Redis prefix, the app listening on port 0. */
export async function createHarness(): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase();
  const redis: TestRedis = await createTestRedis();
  const pool = trackedPool(db.url);
  await ensureFxRates(pool);
  const logger = createLogger({
    name: 'api-test',
    level: process.env.LOG_LEVEL ?? 'silent',
    format: 'json',
  });
  const partners = new PartnerService(pool);
  // Stopped in this order: dispatchers use the engines, servers and receivers serve them.
  const closers = {
    dispatchers: [] as (() => Promise<void>)[],
    servers: [] as (() => Promise<void>)[],
    engines: [] as (() => Promise<void>)[],
  };

  const makeEngine = (overrides: Partial<WebhookEngineOptions> = {}) => {
    const engine = createWebhookEngine({
      pool,
      redisUrl: redis.url,
      prefix: redis.prefix,
      logger,
      secretEncryptionKey: SECRET_KEY,
      allowHttp: true,
      allowPrivateUrls: true,
      encodeEnvelope: encodeEventEnvelope,
      ...overrides,
    });
    closers.engines.push(() => engine.close());
    return engine;
  };
  // Listen first: the hosted pages' URLs need the port.
  const startApp = async (engine: WebhookEngine, app: Partial<AppDeps> = {}) => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    closers.servers.push(() => closeServer(server));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const domain = createReferralDomain({
      pool,
      outbox: engine.outbox,
      partners,
      pageTokenKey: PAGE_TOKEN_KEY,
      urls: hostedPageUrls(url),
    });
    server.on(
      'request',
      createApp({
        pool,
        engine,
        partners,
        domain,
        adminToken: ADMIN_TOKEN,
        logger,
        checkResponses: true,
        ...app,
      }),
    );
    return { url, domain };
  };

  const engine = makeEngine();
  const { url, domain } = await startApp(engine);
  return {
    pool,
    engine,
    partners,
    domain,
    logger,
    url,
    admin: apiClient(url, ADMIN_TOKEN),
    async newPartner(name = 'Partner') {
      const { partner, apiKey } = await partners.create(name);
      return { partnerId: partner.id, apiKey, api: apiClient(url, apiKey) };
    },
    async startApp(options = {}) {
      const other = options.engine ? makeEngine(options.engine) : engine;
      return { ...(await startApp(other, options.app)), engine: other };
    },
    startDispatcher() {
      const dispatcher = createDispatcher(engine, {
        retryBaseMs: 20,
        timeoutMs: 1000,
        deliveryConcurrency: 10,
        reconcileIntervalMs: 60000,
      });
      dispatcher.start();
      closers.dispatchers.push(() => dispatcher.stop());
      return dispatcher;
    },
    async receiver(reply) {
      const receiver = await startReceiver(reply);
      closers.servers.push(() => receiver.close());
      return receiver;
    },
    async close() {
      for (const group of [closers.dispatchers, closers.servers, closers.engines]) {
        await Promise.all(group.map((close) => close()));
      }
      await endPool(pool);
      await redis.cleanup();
      await db.drop();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A pool that remembers its open clients, for `endPool`. */
export function trackedPool(url: string): Pool {
  const pool = createPool(url);
  const open = new Set<unknown>();
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => open.delete(client));
  openClients.set(pool, open);
  return pool;
}

const openClients = new WeakMap<Pool, Set<unknown>>();

/**
 * pool.end() resolves before its sockets have closed; dropping the database
 * WITH (FORCE) then kills a closing client, which throws an unhandled 'error'.
 * Wait until every client is really gone.
 */
export async function endPool(pool: Pool): Promise<void> {
  await pool.end();
  const open = openClients.get(pool);
  if (open) await waitFor(() => open.size === 0, { what: 'postgres clients to close' });
}

export async function countRows(pool: Pool, table: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return rows[0]!.n;
}
