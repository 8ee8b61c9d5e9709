import { z } from 'zod';
import type { EventData } from '@referral/events';
import type { AppDeps } from '../app-deps';
import { fail, respond } from '../http/outcomes';
import type { RouteRegistry } from '../http/route-registry';
import { EnableBody, EnableResult, EventAccepted, IdParams } from '../schemas';

const tags = ['Subscriptions'];
const base = '/v1/webhooks/subscriptions/:id';

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

/** Operations on one subscription beyond CRUD. */
export function subscriptionActionRoutes(routes: RouteRegistry, { engine }: AppDeps): void {
  const subject = (id: string) => ({ resource: 'subscription' as const, id });

  routes.partnerAndAdmin(
    {
      method: 'post',
      path: `${base}/enable`,
      operationId: 'enableSubscription',
      summary: 'Re-enable a subscription, optionally replaying what it missed',
      tags,
      params: IdParams,
      body: EnableBody,
      responses: { 200: { description: 'Enabled', schema: EnableResult } },
    },
    { path: '/admin/subscriptions/:id/enable', operationId: 'adminEnableSubscription' },
    async ({ tenantId, params, body }) =>
      respond(await engine.subscriptions.enable(tenantId, params.id, body), subject(params.id), {
        enabled: ({ subscription, replayed }) => ({
          status: 200,
          body: { subscription, replayed },
        }),
      }),
  );

  routes.partner(
    {
      method: 'post',
      path: `${base}/rotate-secret`,
      operationId: 'rotateSubscriptionSecret',
      summary: 'Issue a new signing secret',
      description: 'Both secrets sign for 24 hours, then only the new one.',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The new secret', schema: RotatedSecret } },
    },
    async ({ tenantId, params }) =>
      respond(await engine.subscriptions.rotateSecret(tenantId, params.id), subject(params.id), {
        rotated: ({ secret, previousSecretExpiresAt }) => ({
          status: 200,
          body: { secret, previousSecretExpiresAt },
        }),
      }),
  );

  routes.partner(
    {
      method: 'post',
      path: `${base}/test`,
      operationId: 'sendTestEvent',
      summary: 'Send a webhook.test event to this subscription only',
      tags,
      params: IdParams,
      responses: { 202: { description: 'Queued for delivery', schema: EventAccepted } },
      problems: [409],
    },
    async ({ tenantId, params }) => {
      const subscription = await engine.subscriptions.get(tenantId, params.id);
      if (!subscription) fail('not_found', subject(params.id));
      // It would only be parked: say so rather than accept a test that cannot arrive.
      if (subscription.status === 'disabled') fail('subscription_disabled', subject(params.id));
      const data: EventData<'webhook.test'> = {
        subscriptionId: subscription.id,
        message: 'This is a test event from the referral platform.',
      };
      const event = await engine.events.publish({
        tenantId,
        type: 'webhook.test',
        data,
        targetSubscriptionId: subscription.id,
      });
      return { status: 202, body: { eventId: event.id } };
    },
  );

  routes.partnerAndAdmin(
    {
      method: 'post',
      path: `${base}/recover`,
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
        subject(params.id),
        { queued: ({ count }) => ({ status: 202, body: { count } }) },
      ),
  );
}
