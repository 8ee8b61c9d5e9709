import { z } from 'zod';
import { ClientLink, ClientRecord, Partner, PartnerSettings } from '@referral/domain';
import { parseEventData } from '@referral/events';
import type { AppDeps } from '../app-deps';
import { found, respond } from '../http/outcomes';
import type { RouteRegistry } from '../http/route-registry';
import {
  EventAccepted,
  EventTypeName,
  IdParams,
  PageQuery,
  TenantSubscriptionPage,
} from '../schemas';

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

/** `data` is checked against its type's schema; its issues are named `data.<path>`. */
const PublishEventBody = z
  .strictObject({
    partnerId: z.uuid(),
    type: EventTypeName,
    data: z.record(z.string(), z.unknown()),
  })
  .transform((body, ctx) => {
    const parsed = parseEventData(body.type, body.data);
    if (parsed.success) return { ...body, data: parsed.data };
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message });
    }
    return z.NEVER;
  });

/**
 * Operator-only routes: partners (create, read, change), the
 * disabled-subscription list, events.
 * Operator twins of the partner routes (enable, recover, deliveries) are
 * registered with those routes.
 */
export function adminRoutes(routes: RouteRegistry, { engine, partners, domain }: AppDeps): void {
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
      path: '/admin/partners/:id',
      operationId: 'getPartner',
      summary: 'A partner with its fee, link-request TTL and branding',
      tags,
      params: PartnerParams,
      responses: { 200: { description: 'The partner', schema: Partner } },
    },
    async ({ params }) =>
      respond(
        found(await partners.get(params.id)),
        { resource: 'partner', id: params.id },
        { found: ({ value }) => ({ status: 200, body: value }) },
      ),
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
      respond(
        found(await partners.update(params.id, body)),
        { resource: 'partner', id: params.id },
        { found: ({ value }) => ({ status: 200, body: value }) },
      ),
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/subscriptions/disabled',
      operationId: 'listDisabledSubscriptions',
      summary: 'Disabled subscriptions of every partner, most recent first',
      tags,
      query: PageQuery,
      responses: { 200: { description: 'A page', schema: TenantSubscriptionPage } },
    },
    async ({ query }) => ({ status: 200, body: await engine.subscriptions.listDisabled(query) }),
  );

  routes.admin(
    {
      method: 'post',
      path: '/admin/events',
      operationId: 'publishEvent',
      summary: 'Publish an event for a partner, as the platform would',
      tags,
      body: PublishEventBody,
      responses: { 202: { description: 'Published', schema: EventAccepted } },
      problems: [404],
    },
    async ({ body }) =>
      respond(
        found(await partners.get(body.partnerId)),
        { resource: 'partner', id: body.partnerId, field: 'partnerId' },
        {
          found: async ({ value: partner }) => {
            const event = await engine.events.publish({
              tenantId: partner.id,
              type: body.type,
              data: body.data,
            });
            return { status: 202, body: { eventId: event.id } };
          },
        },
      ),
  );

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
      respond(
        found(await domain.links.client(params.id)),
        { resource: 'client', id: params.id },
        { found: ({ value }) => ({ status: 200, body: value }) },
      ),
  );

  for (const action of ['archive', 'restore'] as const) {
    routes.admin(
      {
        method: 'post',
        path: `/admin/links/:id/${action}`,
        operationId: `${action}Link`,
        summary:
          action === 'archive'
            ? 'Archive a link: payouts from now on earn no fee through it (client.link_archived)'
            : 'Restore an archived link (client.link_restored)',
        description: 'Repeating it changes nothing and emits nothing.',
        tags,
        params: IdParams,
        responses: { 200: { description: 'The link', schema: ClientLink } },
      },
      async ({ params }) =>
        respond(
          await domain.links[action](params.id),
          { resource: 'link', id: params.id },
          {
            archived: ({ link }) => ({ status: 200, body: link }),
            restored: ({ link }) => ({ status: 200, body: link }),
            unchanged: ({ link }) => ({ status: 200, body: link }),
          },
        ),
    );
  }
}
