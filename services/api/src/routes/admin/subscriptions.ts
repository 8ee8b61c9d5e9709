import type { AppDeps } from '../../app-deps';
import type { RouteRegistry } from '../../http/route-registry';
import { PageQuery, TenantSubscriptionPage } from '../../schemas';

/**
 * Operators' view of every partner's subscriptions. The operator twins of
 * the partner routes (enable, recover, deliveries) are registered with those.
 */
export function adminSubscriptionRoutes(routes: RouteRegistry, { engine }: AppDeps): void {
  routes.admin(
    {
      method: 'get',
      path: '/admin/subscriptions/disabled',
      operationId: 'listDisabledSubscriptions',
      summary: 'Disabled subscriptions of every partner, most recent first',
      tags: ['Admin'],
      query: PageQuery,
      responses: { 200: { description: 'A page', schema: TenantSubscriptionPage } },
    },
    async ({ query }) => ({ status: 200, body: await engine.subscriptions.listDisabled(query) }),
  );
}
