import { z } from 'zod';
import { RoutingEntry, RoutingOverview } from '@referral/domain';
import { CountryCode } from '@referral/events';
import type { AppDeps } from '../../app-deps';
import { respond } from '../../http/outcomes/respond';
import { routingProblems } from '../../http/outcomes/routing';
import type { RouteRegistry } from '../../http/route-registry';

const tags = ['Admin'];

const RouteBody = z.strictObject({ collectionPartnerId: z.string().min(1).max(255) });
const CountryParams = z.object({ country: CountryCode });

/** Operators read and change the routing table: debtor country → collection partner. */
export function adminRoutingRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.admin(
    {
      method: 'get',
      path: '/admin/routing',
      operationId: 'adminGetRouting',
      summary: 'The routing table: debtor country → collection partner',
      tags,
      responses: {
        200: { description: 'Routes and collection partners', schema: RoutingOverview },
      },
    },
    async () => ({ status: 200, body: await domain.routing.list() }),
  );

  routes.admin(
    {
      method: 'put',
      path: '/admin/routing/:country',
      operationId: 'adminSetRoute',
      summary: 'Route a country’s debtors to a collection partner; its waiting cases start',
      tags,
      params: CountryParams,
      body: RouteBody,
      responses: {
        200: {
          description: 'The route, and how many pending cases started',
          schema: z.object({ route: RoutingEntry, casesStarted: z.number().int() }),
        },
      },
    },
    async ({ params, body }) =>
      respond(
        await domain.routing.set(params.country, body.collectionPartnerId),
        routingProblems,
        { id: body.collectionPartnerId },
        {
          routed: ({ route, casesStarted }) => ({ status: 200, body: { route, casesStarted } }),
        },
      ),
  );
}
