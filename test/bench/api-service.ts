import { sleep } from './clock';
import { freePort } from '../support/free-port';
import { startService, type ServiceProcess } from '../support/service-process';

export interface ApiService {
  url: string;
  process: ServiceProcess;
}

/**
 * The API as `npm start` runs it (services/api/dist/main.js, its own
 * process and event loop), on the bench's database and Redis prefix, with
 * no demo data. Logging stays at warn: the figures are the API's, not the
 * log writer's (nor the bench's, which reads the API's output). `env` adds
 * to or overrides these settings.
 */
export async function startApi(
  stores: { databaseUrl: string; redisUrl: string; redisPrefix: string },
  env: Record<string, string> = {},
): Promise<ApiService> {
  const port = await freePort();
  const api = startService('api', {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: stores.databaseUrl,
    REDIS_URL: stores.redisUrl,
    REDIS_PREFIX: stores.redisPrefix,
    CREATE_DEMO_PARTNER: 'false',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    ...env,
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
