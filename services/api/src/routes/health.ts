import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import type { RouteRegistry } from '../http/route-registry';

const CHECK_TIMEOUT_MS = 2_000;

const Readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({
    postgres: z.enum(['ok', 'failed']),
    redis: z.enum(['ok', 'failed']),
  }),
});

/** Liveness says the process answers; readiness says it can do its work. */
export function healthRoutes(routes: RouteRegistry, deps: AppDeps): void {
  const { pool } = deps;
  const redisClient = deps.redis ?? deps.engine.redis;
  routes.unauthenticated(
    {
      method: 'get',
      path: '/healthz',
      operationId: 'liveness',
      summary: 'The process is up',
      tags: ['Health'],
      responses: { 200: { description: 'Up', schema: z.object({ status: z.literal('ok') }) } },
    },
    () => ({ status: 200, body: { status: 'ok' } }),
  );

  routes.unauthenticated(
    {
      method: 'get',
      path: '/readyz',
      operationId: 'readiness',
      summary: 'Postgres and Redis answer',
      tags: ['Health'],
      responses: {
        200: { description: 'Ready', schema: Readiness },
        503: { description: 'Not ready; `checks` says which dependency failed', schema: Readiness },
      },
    },
    async () => {
      const [postgres, redis] = await Promise.all([
        check(() => pool.query('SELECT 1')),
        check(() => redisClient.ping()),
      ]);
      const ready = postgres === 'ok' && redis === 'ok';
      return {
        status: ready ? 200 : 503,
        body: { status: ready ? 'ok' : 'unavailable', checks: { postgres, redis } },
      };
    },
  );
}

/** A dependency that hangs is as unready as one that refuses. */
async function check(probe: () => Promise<unknown>): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
