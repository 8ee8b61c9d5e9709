import { z } from 'zod';
import { DeliveryStatus } from '@referral/webhooks';
import type { AppDeps } from '../app-deps';
import { deliveryProblems } from '../http/outcomes/deliveries';
import { found, respond } from '../http/outcomes/respond';
import { subscriptionProblems } from '../http/outcomes/subscriptions';
import type { RouteRegistry } from '../http/route-registry';
import { Delivery, DeliveryPage, DeliveryWithAttempts, IdParams, PageQuery } from '../schemas';

const tags = ['Deliveries'];

const DeliveryQuery = PageQuery.extend({
  status: DeliveryStatus.optional().describe('Only deliveries in this status'),
});

/** Reading deliveries, with their attempts, and asking for one again; for partners and operators. */
export function deliveryRoutes(routes: RouteRegistry, { engine }: AppDeps): void {
  routes.partnerAndAdmin(
    {
      method: 'get',
      path: '/v1/webhooks/subscriptions/:id/deliveries',
      operationId: 'listSubscriptionDeliveries',
      summary: 'List a subscription’s deliveries, newest first',
      tags,
      params: IdParams,
      query: DeliveryQuery,
      responses: { 200: { description: 'A page of deliveries', schema: DeliveryPage } },
    },
    { path: '/admin/subscriptions/:id/deliveries', operationId: 'adminListSubscriptionDeliveries' },
    async ({ tenantId, params, query }) =>
      respond(
        found(await engine.deliveries.listForSubscription(tenantId, params.id, query)),
        subscriptionProblems,
        params,
        { found: ({ value }) => ({ status: 200, body: value }) },
      ),
  );

  routes.partnerAndAdmin(
    {
      method: 'get',
      path: '/v1/webhooks/deliveries/:id',
      operationId: 'getDelivery',
      summary: 'Get a delivery with its payload and every attempt',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The delivery', schema: DeliveryWithAttempts } },
    },
    { path: '/admin/deliveries/:id', operationId: 'adminGetDelivery' },
    async ({ tenantId, params }) =>
      respond(found(await engine.deliveries.get(tenantId, params.id)), deliveryProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );

  routes.partnerAndAdmin(
    {
      method: 'post',
      path: '/v1/webhooks/deliveries/:id/redeliver',
      operationId: 'redeliver',
      summary: 'Deliver again, with a fresh retry budget',
      description:
        'Refused while the delivery is still pending, and while its subscription is disabled.',
      tags,
      params: IdParams,
      responses: {
        202: { description: 'Queued', schema: z.object({ delivery: Delivery }) },
      },
      problems: [409],
    },
    { path: '/admin/deliveries/:id/redeliver', operationId: 'adminRedeliver' },
    async ({ tenantId, params }) =>
      respond(await engine.deliveries.redeliver(tenantId, params.id), deliveryProblems, params, {
        queued: ({ delivery }) => ({ status: 202, body: { delivery } }),
      }),
  );
}
