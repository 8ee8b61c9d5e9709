import { dashboardApi } from '@referral/dashboard-contract';
import { sleep } from '../clock';
import { freePort } from '../../support/free-port';
import { startService, type ServiceProcess } from '../../support/service-process';

export interface DashboardApi {
  url: string;
  process: ServiceProcess;
}

/**
 * The API as `npm start` runs it (services/api/dist/main.js, its own
 * process and event loop), on the bench's database and Redis prefix, with
 * no demo data. Logging stays at warn: the figures are the queries', not
 * the log writer's.
 */
export async function startDashboardApi(env: {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
}): Promise<DashboardApi> {
  const port = await freePort();
  const api = startService('api', {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    REDIS_PREFIX: env.redisPrefix,
    CREATE_DEMO_PARTNER: 'false',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const exited = await Promise.race([api.exited, sleep(100).then(() => undefined)]);
    if (exited)
      throw new Error(`the API exited (${exited.signal ?? exited.code}):\n${api.output()}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, process: api };
    if (Date.now() > deadline) throw new Error(`the API did not answer /healthz:\n${api.output()}`);
  }
}

/** Sign in as `partnerId`; the session cookie every later request carries. */
export async function signIn(url: string, partnerId: string): Promise<string> {
  const response = await fetch(url + dashboardApi.session, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partnerId }),
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!response.ok || cookies.length === 0) {
    throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  }
  return cookies.join('; ');
}
