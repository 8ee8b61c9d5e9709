import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { found, respond } from '../http/outcomes';
import type { RouteRegistry } from '../http/route-registry';
import {
  EventTypeFilter,
  IdParams,
  PageQuery,
  Subscription,
  SubscriptionPage,
  SubscriptionWithSecret,
} from '../schemas';

const tags = ['Subscriptions'];
const base = '/v1/webhooks/subscriptions';

/** Create, read, update and delete a partner's webhook subscriptions. */
export function subscriptionRoutes(routes: RouteRegistry, { engine }: AppDeps): void {
  // The URL policy (schemes, credentials, private addresses) is the engine's.
  const url = z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = engine.urlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('Where events are POSTed; https, and not a private or loopback address');
  const fields = {
    url,
    eventTypes: z.array(EventTypeFilter).min(1, 'must list at least one event type, or *').max(100),
    description: z.string().max(500).nullable().optional(),
  };
  const CreateBody = z.strictObject(fields);
  const PatchBody = z
    .strictObject(fields)
    .partial()
    .refine((patch) => Object.keys(patch).length > 0, {
      message: 'send at least one of url, eventTypes, description',
    });
  const subject = (id: string) => ({ resource: 'subscription' as const, id });

  routes.partner(
    {
      method: 'post',
      path: base,
      operationId: 'createSubscription',
      summary: 'Create a subscription',
      description: 'The response holds the signing secret: the only time it is shown.',
      tags,
      body: CreateBody,
      responses: { 201: { description: 'Created', schema: SubscriptionWithSecret } },
    },
    async ({ tenantId, body }) => {
      const created = await engine.subscriptions.create(tenantId, body);
      return { status: 201, body: created, headers: { location: `${base}/${created.id}` } };
    },
  );

  routes.partner(
    {
      method: 'get',
      path: base,
      operationId: 'listSubscriptions',
      summary: 'List subscriptions, newest first',
      tags,
      query: PageQuery,
      responses: { 200: { description: 'A page of subscriptions', schema: SubscriptionPage } },
    },
    async ({ tenantId, query }) => ({
      status: 200,
      body: await engine.subscriptions.list(tenantId, query),
    }),
  );

  routes.partner(
    {
      method: 'get',
      path: `${base}/:id`,
      operationId: 'getSubscription',
      summary: 'Get a subscription',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The subscription', schema: Subscription } },
    },
    async ({ tenantId, params }) =>
      respond(found(await engine.subscriptions.get(tenantId, params.id)), subject(params.id), {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );

  routes.partner(
    {
      method: 'patch',
      path: `${base}/:id`,
      operationId: 'updateSubscription',
      summary: 'Change a subscription’s URL, event types or description',
      tags,
      params: IdParams,
      body: PatchBody,
      responses: { 200: { description: 'The updated subscription', schema: Subscription } },
    },
    async ({ tenantId, params, body }) =>
      respond(await engine.subscriptions.update(tenantId, params.id, body), subject(params.id), {
        updated: ({ subscription }) => ({ status: 200, body: subscription }),
      }),
  );

  routes.partner(
    {
      method: 'delete',
      path: `${base}/:id`,
      operationId: 'deleteSubscription',
      summary: 'Delete a subscription',
      description: 'Deliveries still waiting for it are cancelled.',
      tags,
      params: IdParams,
      responses: { 204: { description: 'Deleted' } },
    },
    async ({ tenantId, params }) =>
      respond(await engine.subscriptions.remove(tenantId, params.id), subject(params.id), {
        deleted: () => ({ status: 204 }),
      }),
  );
}
