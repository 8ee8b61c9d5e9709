import { z } from 'zod';
import { SubscriptionStatus } from '@referral/webhooks';
import type { AppDeps } from '../../app-deps';
import { partnerProblems } from '../../http/outcomes/partners';
import { found, respond } from '../../http/outcomes/respond';
import { subscriptionProblems } from '../../http/outcomes/subscriptions';
import type { RouteRegistry } from '../../http/route-registry';
import { IdParams, PageQuery, TenantSubscription, TenantSubscriptionPage } from '../../schemas';

const tags = ['Admin'];

const SubscriptionFilter = PageQuery.extend({
  partnerId: z.uuid().optional().describe('Only this partner’s subscriptions'),
  status: SubscriptionStatus.optional().describe('Only subscriptions in this status'),
});

/**
 * Operators' view of every partner's subscriptions. The operator twins of
 * the partner routes (enable, recover, test, deliveries) are registered with those.
 */
export function adminSubscriptionRoutes(
  routes: RouteRegistry,
  { engine, partners }: AppDeps,
): void {
  routes.admin(
    {
      method: 'get',
      path: '/admin/subscriptions',
      operationId: 'adminListSubscriptions',
      summary: 'Subscriptions of every partner, or of one, most recent first',
      tags,
      query: SubscriptionFilter,
      responses: { 200: { description: 'A page', schema: TenantSubscriptionPage } },
      problems: [404],
    },
    async ({ query: { partnerId, ...filter } }) => {
      // A filter naming no partner would answer an empty page: say so instead.
      const partner = partnerId === undefined ? undefined : await partners.get(partnerId);
      if (partnerId !== undefined && !partner) {
        throw partnerProblems.not_found({ id: partnerId, field: 'partnerId' });
      }
      return {
        status: 200,
        body: await engine.subscriptions.listAcrossTenants({ ...filter, tenantId: partnerId }),
      };
    },
  );

  // Before /:id, which would otherwise take "disabled" for an id.
  routes.admin(
    {
      method: 'get',
      path: '/admin/subscriptions/disabled',
      operationId: 'listDisabledSubscriptions',
      summary: 'Disabled subscriptions of every partner, most recent first',
      description: 'The same as GET /admin/subscriptions?status=disabled.',
      tags,
      query: PageQuery,
      responses: { 200: { description: 'A page', schema: TenantSubscriptionPage } },
    },
    async ({ query }) => ({
      status: 200,
      body: await engine.subscriptions.listAcrossTenants({ ...query, status: 'disabled' }),
    }),
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/subscriptions/:id',
      operationId: 'adminGetSubscription',
      summary: 'Any partner’s subscription, naming its partner',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The subscription', schema: TenantSubscription } },
    },
    async ({ params }) =>
      respond(
        found(await engine.subscriptions.getAcrossTenants(params.id)),
        subscriptionProblems,
        params,
        { found: ({ value }) => ({ status: 200, body: value }) },
      ),
  );
}
