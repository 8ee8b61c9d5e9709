import { z } from 'zod';
import { EntityId, IsoDateTime } from '../primitives';
import { defineEvent } from './define-event';

export const WebhookTestData = z.object({
  subscriptionId: EntityId,
  message: z.string(),
});
export type WebhookTestData = z.infer<typeof WebhookTestData>;

/** The subscription an operational event is about; it never receives that event itself. */
const SubjectSubscription = {
  subscriptionId: EntityId.describe('The subscription this event is about'),
  url: z.string().describe("The subscription's endpoint URL"),
};

export const DisabledReason = z
  .enum(['consecutive_failures', 'gone'])
  .describe(
    'consecutive_failures: 8 deliveries in a row failed after every retry; gone: the endpoint answered 410 Gone',
  );

export const WebhookSubscriptionDisabledData = z.object({
  ...SubjectSubscription,
  reason: DisabledReason,
  disabledAt: IsoDateTime,
  consecutiveFailures: z.int().nonnegative(),
});

export const WebhookSubscriptionFailingData = z.object({
  ...SubjectSubscription,
  consecutiveFailures: z.int().positive(),
  disableAfter: z
    .int()
    .positive()
    .describe('Consecutive failed deliveries at which the subscription is disabled'),
});

export const WebhookSubscriptionRecoveredData = z.object({
  ...SubjectSubscription,
  failedDeliveriesBefore: z
    .int()
    .positive()
    .describe('Consecutive failed deliveries before this success'),
});

export const WebhookDeliveryExhaustedData = z.object({
  ...SubjectSubscription,
  deliveryId: EntityId,
  eventId: EntityId.describe('The event that could not be delivered'),
  eventType: z.string(),
  attempts: z.int().positive(),
  lastStatusCode: z.int().nullable().describe('HTTP status of the last attempt, if one came'),
  lastError: z.string().nullable().describe('Why the last attempt failed, if no status came'),
});

export const webhookEvents = [
  defineEvent({
    type: 'webhook.test',
    description: 'Sent on request to check that an endpoint receives and verifies webhooks.',
    dataSchema: WebhookTestData,
    example: {
      subscriptionId: 'whsub_3LmP8dXc1A',
      message: 'This is a test event from the referral platform.',
    },
  }),
  defineEvent({
    type: 'webhook.subscription_failing',
    description:
      'One of your subscriptions has failed 4 deliveries in a row; at 8 it is disabled. Sent to your other subscriptions.',
    dataSchema: WebhookSubscriptionFailingData,
    example: {
      subscriptionId: 'whsub_3LmP8dXc1A',
      url: 'https://hooks.partner.example/referrals',
      consecutiveFailures: 4,
      disableAfter: 8,
    },
  }),
  defineEvent({
    type: 'webhook.subscription_disabled',
    description:
      'One of your subscriptions was disabled; its deliveries are parked until you enable it. Sent to your other subscriptions.',
    dataSchema: WebhookSubscriptionDisabledData,
    example: {
      subscriptionId: 'whsub_3LmP8dXc1A',
      url: 'https://hooks.partner.example/referrals',
      reason: 'consecutive_failures',
      disabledAt: '2025-03-14T09:26:53.589Z',
      consecutiveFailures: 8,
    },
  }),
  defineEvent({
    type: 'webhook.subscription_recovered',
    description:
      'A subscription that was failing delivered successfully again. Sent to your other subscriptions.',
    dataSchema: WebhookSubscriptionRecoveredData,
    example: {
      subscriptionId: 'whsub_3LmP8dXc1A',
      url: 'https://hooks.partner.example/referrals',
      failedDeliveriesBefore: 5,
    },
  }),
  defineEvent({
    type: 'webhook.delivery_exhausted',
    description:
      'A delivery failed after its last retry; you can redeliver it. Sent to your other subscriptions.',
    dataSchema: WebhookDeliveryExhaustedData,
    example: {
      subscriptionId: 'whsub_3LmP8dXc1A',
      url: 'https://hooks.partner.example/referrals',
      deliveryId: 'dlv_0193a7c2e4b87a1f9c3d5e7f90a1b2c3',
      eventId: 'evt_0193a7c2e4b87a1f9c3d5e7f90a1b2c4',
      eventType: 'case.created',
      attempts: 9,
      lastStatusCode: 503,
      lastError: null,
    },
  }),
] as const;
