import { z } from 'zod';
import { PartnerClient } from '@referral/domain';
import type { AppDeps } from '../app-deps';
import type { RouteRegistry } from '../http/route-registry';

const CustomerSelf = z.object({
  client: PartnerClient,
  partnerId: z.uuid().describe('The partner that minted the token'),
  tokenExpiresAt: z.string(),
});

/** The customer API: routes that act as one client, with a token its partner minted. */
export function customerRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.customer(
    {
      method: 'get',
      path: '/v1/customer/me',
      operationId: 'getCustomerSelf',
      summary: 'The client this customer token acts for',
      tags: ['Customer API'],
      responses: {
        200: { description: 'The client and the token’s expiry', schema: CustomerSelf },
      },
    },
    async ({ customer }) => ({
      status: 200,
      body: {
        // The token's partner is linked to the client: the token was minted through that link.
        client: (await domain.clients.get(customer.partnerId, customer.clientId))!,
        partnerId: customer.partnerId,
        tokenExpiresAt: customer.tokenExpiresAt,
      },
    }),
  );
}
