import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { found, respond } from '../http/outcomes/respond';
import { subscriptionProblems } from '../http/outcomes/subscriptions';
import type { RouteRegistry } from '../http/route-registry';
import {
  EnableBody,
  EnableResult,
  EventAccepted,
  EventTypeFilter,
  IdParams,
  PageQuery,
  Subscription,
  SubscriptionPage,
  SubscriptionWithSecret,
} from '../schemas';

const tags = ['Subscriptions'];
const base = '/v1/webhooks/subscriptions';

const RotatedSecret = z.object({
  secret: z.string().describe('The new signing secret; shown only now'),
  previousSecretExpiresAt: z
    .string()
    .describe('Until then the previous secret signs too, so receivers can switch over'),
});

const RecoverBody = z.strictObject({
  since: z.iso
    .datetime({ offset: true })
    .describe('Redeliver failed deliveries created at or after this instant'),
});

const Recovered = z.object({ count: z.number().int().describe('Deliveries queued again') });

/**
 * A partner's webhook subscriptions: create, read, change, delete; enable
 * (with replay), rotate the secret, send a test event, recover failures.
 */
export function subscriptionRoutes(routes: RouteRegistry, { engine }: AppDeps): void {
  // The URL policy (schemes, credentials, private addresses) is the engine's,
  // and its subscriptions enforce it. Checking here too only lets one 400 name
  // a bad URL beside the body's other failing fields.
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
    async ({ tenantId, body }) =>
      // A new subscription has no id yet: what the request named is its URL.
      respond(
        await engine.subscriptions.create(tenantId, body),
        subscriptionProblems,
        { id: body.url, field: 'url' },
        {
          created: ({ subscription }) => ({
            status: 201,
            body: subscription,
            headers: { location: `${base}/${subscription.id}` },
          }),
        },
      ),
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
      respond(
        found(await engine.subscriptions.get(tenantId, params.id)),
        subscriptionProblems,
        params,
        {
          found: ({ value }) => ({ status: 200, body: value }),
        },
      ),
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
      respond(
        await engine.subscriptions.update(tenantId, params.id, body),
        subscriptionProblems,
        params,
        {
          updated: ({ subscription }) => ({ status: 200, body: subscription }),
        },
      ),
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
      respond(
        await engine.subscriptions.remove(tenantId, params.id),
        subscriptionProblems,
        params,
        {
          deleted: () => ({ status: 204 }),
        },
      ),
  );

  routes.partnerAndAdmin(
    {
      method: 'post',
      path: `${base}/:id/enable`,
      operationId: 'enableSubscription',
      summary: 'Re-enable a subscription, optionally replaying what it missed',
      tags,
      params: IdParams,
      body: EnableBody,
      responses: { 200: { description: 'Enabled', schema: EnableResult } },
    },
    { path: '/admin/subscriptions/:id/enable', operationId: 'adminEnableSubscription' },
    async ({ tenantId, params, body }) =>
      respond(
        await engine.subscriptions.enable(tenantId, params.id, body),
        subscriptionProblems,
        params,
        {
          enabled: ({ subscription, replayed }) => ({
            status: 200,
            body: { subscription, replayed },
          }),
        },
      ),
  );

  routes.partner(
    {
      method: 'post',
      path: `${base}/:id/rotate-secret`,
      operationId: 'rotateSubscriptionSecret',
      summary: 'Issue a new signing secret',
      description: 'Both secrets sign for 24 hours, then only the new one.',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The new secret', schema: RotatedSecret } },
    },
    async ({ tenantId, params }) =>
      respond(
        await engine.subscriptions.rotateSecret(tenantId, params.id),
        subscriptionProblems,
        params,
        {
          rotated: ({ secret, previousSecretExpiresAt }) => ({
            status: 200,
            body: { secret, previousSecretExpiresAt },
          }),
        },
      ),
  );

  routes.partnerAndAdmin(
    {
      method: 'post',
      path: `${base}/:id/test`,
      operationId: 'sendTestEvent',
      summary: 'Send a webhook.test event to this subscription only',
      tags,
      params: IdParams,
      responses: { 202: { description: 'Queued for delivery', schema: EventAccepted } },
      problems: [409],
    },
    { path: '/admin/subscriptions/:id/test', operationId: 'adminSendTestEvent' },
    async ({ tenantId, params }) =>
      respond(
        await engine.subscriptions.sendTestEvent(tenantId, params.id),
        subscriptionProblems,
        params,
        {
          sent: ({ eventId }) => ({ status: 202, body: { eventId } }),
        },
      ),
  );

  routes.partnerAndAdmin(
    {
      method: 'post',
      path: `${base}/:id/recover`,
      operationId: 'recoverFailedDeliveries',
      summary: 'Redeliver every failed delivery since a time',
      tags,
      params: IdParams,
      body: RecoverBody,
      responses: { 202: { description: 'Queued again', schema: Recovered } },
      problems: [409],
    },
    { path: '/admin/subscriptions/:id/recover', operationId: 'adminRecoverFailedDeliveries' },
    async ({ tenantId, params, body }) =>
      respond(
        await engine.deliveries.recover(tenantId, params.id, new Date(body.since)),
        subscriptionProblems,
        params,
        { queued: ({ count }) => ({ status: 202, body: { count } }) },
      ),
  );
}
