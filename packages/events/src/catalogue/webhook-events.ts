import { z } from 'zod';
import { EntityId } from '../primitives';
import { defineEvent } from './define-event';

export const WebhookTestData = z.object({
  subscriptionId: EntityId,
  message: z.string(),
});
export type WebhookTestData = z.infer<typeof WebhookTestData>;

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
] as const;
