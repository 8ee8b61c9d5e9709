import { waitFor } from '@referral/testing';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let platform: PlatformEnv;
let postgres: TcpProxy;
let redis: TcpProxy;

/** The same URL through a proxy on another port. */
function through(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.port = String(proxy.port);
  return parsed.toString();
}

beforeAll(async () => {
  platform = await createPlatformEnv();
  postgres = await startTcpProxy(Number(new URL(platform.db.url).port || 5432));
  redis = await startTcpProxy(Number(new URL(platform.redis.url).port || 6379));
});
afterAll(async () => {
  await postgres.close();
  await redis.close();
  await platform.cleanup();
});

async function ready(base: string) {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as unknown };
}

/** Both services: their ops port answers /readyz 200, then 503 naming what is cut, then 200 again. */
describe.each([
  ['dispatcher', /"metrics":"(http:[^"]+)\/metrics"/],
  ['api', /"metrics":"(http:[^"]+)\/metrics"/],
] as const)('%s /readyz on its ops port', (name, opsUrl) => {
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    service = startService(name, {
      ...platform.env,
      DATABASE_URL: through(platform.db.url, postgres),
      REDIS_URL: through(platform.redis.url, redis),
    });
    [, base] = (await service.waitForOutput(opsUrl)) as [string, string];
  });
  afterAll(async () => {
    await postgres.restore().catch(() => undefined);
    await redis.restore().catch(() => undefined);
    await service.stop('SIGTERM');
  });

  it('is ready while Postgres and Redis answer', async () => {
    expect(await ready(base)).toEqual({
      status: 200,
      body: { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } },
    });
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it.each([
    ['redis', () => redis],
    ['postgres', () => postgres],
  ] as const)(
    'is not ready while %s is unreachable, and ready again once it is back',
    async (dep, proxy) => {
      await proxy().cut();
      try {
        const down = await waitFor(
          async () => {
            const r = await ready(base);
            return r.status === 503 ? r : undefined;
          },
          { what: `${name} to notice ${dep} is gone`, timeoutMs: 20_000 },
        );
        expect(down.body).toEqual({
          status: 'unavailable',
          checks: {
            postgres: dep === 'postgres' ? 'failed' : 'ok',
            redis: dep === 'redis' ? 'failed' : 'ok',
          },
        });
        // Liveness and metrics do not depend on it: the process is alive, only not ready.
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
        expect((await fetch(`${base}/metrics`)).status).toBe(200);
      } finally {
        await proxy().restore();
      }
      await waitFor(async () => (await ready(base)).status === 200, {
        what: `${name} to be ready again`,
        timeoutMs: 30_000,
      });
    },
  );
});
