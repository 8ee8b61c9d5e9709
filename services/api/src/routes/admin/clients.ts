import { ClientRecord } from '@referral/domain';
import type { AppDeps } from '../../app-deps';
import { clientProblems } from '../../http/outcomes/clients';
import { found, respond } from '../../http/outcomes/respond';
import type { RouteRegistry } from '../../http/route-registry';
import { IdParams } from '../../schemas';

const tags = ['Admin'];

/** Operators' view of a company: every partner's link to it, and its KYC. */
export function adminClientRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.admin(
    {
      method: 'get',
      path: '/admin/clients/:id',
      operationId: 'adminGetClient',
      summary: 'A company with every partner’s link to it',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The client and its links', schema: ClientRecord } },
    },
    async ({ params }) =>
      respond(found(await domain.links.client(params.id)), clientProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );

  routes.admin(
    {
      method: 'post',
      path: '/admin/clients/:id/kyc',
      operationId: 'adminVerifyKyc',
      summary: 'Record that the platform verified the company (KYC); its cases can now be created',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The client', schema: ClientRecord } },
    },
    async ({ params }) =>
      respond(found(await domain.links.verifyKyc(params.id)), clientProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );
}
