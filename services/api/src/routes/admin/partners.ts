import { z } from 'zod';
import { isPartnerCursor, Partner, PartnerSettings } from '@referral/domain';
import type { AppDeps } from '../../app-deps';
import { partnerProblems } from '../../http/outcomes/partners';
import { found, respond } from '../../http/outcomes/respond';
import type { RouteRegistry } from '../../http/route-registry';
import { PageQuery, PartnerPage } from '../../schemas';

const tags = ['Admin'];

const PartnerName = z.string().trim().min(1).max(200);

const CreatePartnerBody = PartnerSettings.partial().extend({ name: PartnerName });

const PartnerPatch = PartnerSettings.partial()
  .extend({ name: PartnerName.optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

const CreatedPartner = Partner.extend({
  partnerId: z.uuid().describe('The Partner GUID (the same as id)'),
  apiKey: z.string().describe('The partner’s API key; shown only now'),
});

const PartnerParams = z.object({ id: z.uuid().describe('The Partner GUID') });

const PartnerListQuery = PageQuery.extend({
  cursor: z
    .string()
    .max(512)
    .refine(isPartnerCursor, 'is not a cursor this list returned')
    .optional()
    .describe('`nextCursor` of the previous page'),
});

/** Operators create partners, list and read them, and change their name, fee, TTL and branding. */
export function adminPartnerRoutes(routes: RouteRegistry, { partners }: AppDeps): void {
  routes.admin(
    {
      method: 'post',
      path: '/admin/partners',
      operationId: 'createPartner',
      summary: 'Create a partner and its API key',
      tags,
      body: CreatePartnerBody,
      responses: { 201: { description: 'Created', schema: CreatedPartner } },
    },
    async ({ body: { name, ...settings } }) => {
      const { partner, apiKey } = await partners.create(name, settings);
      return { status: 201, body: { ...partner, partnerId: partner.id, apiKey } };
    },
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/partners',
      operationId: 'listPartners',
      summary: 'Every partner, by name',
      tags,
      query: PartnerListQuery,
      responses: { 200: { description: 'A page of partners', schema: PartnerPage } },
    },
    async ({ query }) => ({ status: 200, body: await partners.list(query) }),
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/partners/:id',
      operationId: 'getPartner',
      summary: 'A partner with its fee, link-request TTL and branding',
      tags,
      params: PartnerParams,
      responses: { 200: { description: 'The partner', schema: Partner } },
    },
    async ({ params }) =>
      respond(found(await partners.get(params.id)), partnerProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );

  routes.admin(
    {
      method: 'patch',
      path: '/admin/partners/:id',
      operationId: 'updatePartner',
      summary: 'Change a partner’s name, fee, link-request TTL or branding',
      description: 'A new fee applies to links made from now on; existing links keep theirs.',
      tags,
      params: PartnerParams,
      body: PartnerPatch,
      responses: { 200: { description: 'The partner, changed', schema: Partner } },
    },
    async ({ params, body }) =>
      respond(found(await partners.update(params.id, body)), partnerProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );
}
