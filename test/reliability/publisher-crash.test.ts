import { spawn } from 'node:child_process';
import net from 'node:net';
import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { engineClient, type EngineClient } from '../support/engine-client';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { REPO_ROOT, startService, type ServiceProcess } from '../support/service-process';

/**
 * A publisher killed after its commit and before its enqueue: it publishes
 * through a Redis that accepts connections and never answers, so its enqueue
 * hangs (bounded at 2 s) with the event and its delivery already committed;
 * it is SIGKILLed right then. A dispatcher on the real Redis must make the
 * delivery anyway.
 */
const PUBLISHER = `
const { createPool } = require('@referral/db');
const { createLogger } = require('@referral/logger');
const { plainEnvelope } = require('@referral/testing');
const { createWebhookEngine } = require('@referral/webhooks');
const pool = createPool(process.env.DATABASE_URL);
const engine = createWebhookEngine({
  pool,
  redisUrl: process.env.REDIS_URL,
  prefix: process.env.REDIS_PREFIX,
  logger: createLogger({ name: 'publisher', level: 'silent', format: 'json' }),
  secretEncryptionKey: Buffer.alloc(32, 1),
  allowHttp: true,
  allowPrivateUrls: true,
  encodeEnvelope: plainEnvelope,
});
// It stays alive afterwards (its pool and Redis client hold it) until it is killed.
void engine.outbox.publish({ tenantId: process.env.TENANT_ID, type: 'case.created', data: {} });
`;

let platform: PlatformEnv;
let client: EngineClient;
let receiver: Receiver;
let blackHole: net.Server;
let dispatcher: ServiceProcess | undefined;

beforeAll(async () => {
  platform = await createPlatformEnv();
  client = engineClient(platform);
  receiver = await startReceiver();
  blackHole = net.createServer(() => undefined);
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await dispatcher?.stop('SIGKILL');
  blackHole.close();
  await receiver.close();
  await client.close();
  await platform.cleanup();
});

it('a publisher killed between its commit and its enqueue loses nothing: the reconciler makes the delivery', async () => {
  const sub = await client.subscribe({ url: receiver.url, eventTypes: ['*'] });
  const { port } = blackHole.address() as net.AddressInfo;
  const publisher = spawn(process.execPath, ['-e', PUBLISHER], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: platform.env.DATABASE_URL!,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_PREFIX: platform.env.REDIS_PREFIX!,
      TENANT_ID: client.tenantId,
    },
    stdio: 'inherit',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    publisher.on('exit', (_code, signal) => resolve(signal)),
  );
  // Committed: the event and its delivery are in Postgres, the enqueue still hangs.
  await waitFor(async () => (await client.statusCounts(sub.id)).pending === 1, {
    what: 'the committed delivery',
  });
  publisher.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(await client.engine.queues.delivery.getJobCounts('waiting', 'delayed')).toMatchObject({
    waiting: 0,
    delayed: 0,
  });

  // Past the reconciler's grace period (a job lock), as if we had waited it out.
  await client.pool.query(
    `UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 minute' WHERE subscription_id = $1`,
    [sub.id],
  );
  dispatcher = startService('dispatcher', platform.env);
  await waitFor(async () => (await client.statusCounts(sub.id)).succeeded === 1, {
    what: 'the delivery, made by the reconciler',
    timeoutMs: 30_000,
  });
  expect(receiver.requests).toHaveLength(1);
});
