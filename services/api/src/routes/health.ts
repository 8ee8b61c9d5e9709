import { z } from 'zod';
import { checkReadiness } from '@referral/runtime';
import type { AppDeps } from '../app-deps';
import type { RouteRegistry } from '../http/route-registry';

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
      const { ready, body } = await checkReadiness({
        postgres: () => pool.query('SELECT 1'),
        redis: () => redisClient.ping(),
      });
      return { status: ready ? 200 : 503, body };
    },
  );
}
