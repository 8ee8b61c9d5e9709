import { z } from 'zod';
import { pageOf } from '@referral/db';
import { ClientFilter, PartnerClient, RegisterClientInput } from '@referral/domain';
import type { AppDeps } from '../app-deps';
import {
  clientProblems,
  registrationProblems,
  type RegistrationConflict,
} from '../http/outcomes/clients';
import { found, respond } from '../http/outcomes/respond';
import { Problem, PROBLEM_CONTENT_TYPE } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import { named } from '../openapi/json-schema';
import { IdParams, PageQuery } from '../schemas';

const tags = ['Clients'];

named(PartnerClient, 'Client');

const Ready = z.object({ outcome: z.literal('ready'), client: PartnerClient });
const OnboardingRequired = z.object({
  outcome: z.literal('onboarding_required'),
  client: PartnerClient,
  onboardingUrl: z.url().describe('Send the client here to confirm its details and sign the SDCA'),
  expiresAt: z.string().describe('When the URL stops working; call again for a fresh one'),
});
const ClientConflict = Problem.extend({
  outcome: z.enum(
    Object.keys(registrationProblems) as [RegistrationConflict, ...RegistrationConflict[]],
  ),
  clientId: z.string().optional(),
  linkRequestId: z.string().optional(),
  approvalUrl: z.url().optional().describe('Send the client here to approve the link'),
  expiresAt: z.string().optional().describe('When the link request expires'),
  externalTenantId: z.string().optional().describe('The id you already use for this company'),
});

const ClientListQuery = PageQuery.extend(ClientFilter.shape);
const ClientPage = named(pageOf(PartnerClient), 'ClientPage');
const CustomerToken = z.object({
  token: z
    .string()
    .describe('Send as Authorization: Bearer <token> to the customer API; shown once'),
  tokenType: z.literal('Bearer'),
  clientId: z.string(),
  expiresAt: z.string().describe('30 minutes from now; then mint a new one'),
});

/** A partner's clients: create or link, read, and mint customer-API tokens. */
export function clientRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.partner(
    {
      method: 'post',
      path: '/v1/clients',
      operationId: 'createClient',
      summary: 'Create a client, or link to one that already exists on the platform',
      description:
        'Identity is (country, registrationNumber), compared without spaces and punctuation. ' +
        'Safe to repeat: the same call gives the same answer until the client acts. Every 409 ' +
        'carries `outcome`; `approval_required` and `approval_pending` carry the `approvalUrl` to send the client.',
      tags,
      body: RegisterClientInput,
      responses: {
        201: { description: 'ready: linked to you and the SDCA is signed', schema: Ready },
        202: {
          description: 'onboarding_required: send the client to onboardingUrl',
          schema: OnboardingRequired,
        },
        409: {
          description:
            'approval_required, approval_pending, external_tenant_id_conflict, linked_under_other_id or link_archived',
          schema: ClientConflict,
          contentType: PROBLEM_CONTENT_TYPE,
        },
      },
    },
    async ({ tenantId, body }) =>
      respond(await domain.registration.register(tenantId, body), registrationProblems, body, {
        ready: (result) => ({ status: 201, body: result }),
        onboarding_required: (result) => ({ status: 202, body: result }),
      }),
  );

  routes.partner(
    {
      method: 'get',
      path: '/v1/clients',
      operationId: 'listClients',
      summary: 'List your clients, most recently linked first',
      tags,
      query: ClientListQuery,
      responses: { 200: { description: 'A page of clients', schema: ClientPage } },
    },
    async ({ tenantId, query: { limit, cursor, ...filter } }) => ({
      status: 200,
      body: await domain.clients.list(tenantId, filter, { limit, cursor }),
    }),
  );

  routes.partner(
    {
      method: 'get',
      path: '/v1/clients/:id',
      operationId: 'getClient',
      summary: 'One of your clients',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The client', schema: PartnerClient } },
    },
    async ({ tenantId, params }) =>
      respond(found(await domain.clients.get(tenantId, params.id)), clientProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );

  routes.partner(
    {
      method: 'post',
      path: '/v1/clients/:id/tokens',
      operationId: 'mintCustomerToken',
      summary: 'Mint a customer-API token for one client (30 minutes, not refreshable)',
      tags,
      params: IdParams,
      responses: { 201: { description: 'The token, shown once', schema: CustomerToken } },
      problems: [409],
    },
    async ({ tenantId, params }) =>
      respond(await domain.clients.mintToken(tenantId, params.id), clientProblems, params, {
        minted: ({ token, clientId, expiresAt }) => ({
          status: 201,
          body: { token, tokenType: 'Bearer', clientId, expiresAt },
        }),
      }),
  );
}
