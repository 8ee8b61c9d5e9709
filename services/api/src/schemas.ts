import { z } from 'zod';
import { Partner } from '@referral/domain';
import { eventTypes, type EventType } from '@referral/events';
import { decodeCursor, pageOf } from '@referral/db';
import {
  Attempt,
  Delivery,
  DeliveryWithAttempts,
  Subscription,
  SubscriptionWithSecret,
  TenantSubscription,
} from '@referral/webhooks';
import { FieldError, Problem } from './http/problem';
import { named } from './openapi/json-schema';

// The shapes the API answers with. The packages own them; naming them here
// makes them shared components of the OpenAPI document.
named(Subscription, 'Subscription');
named(SubscriptionWithSecret, 'SubscriptionWithSecret');
named(TenantSubscription, 'TenantSubscription');
named(Delivery, 'Delivery');
named(DeliveryWithAttempts, 'DeliveryWithAttempts');
named(Attempt, 'Attempt');
named(Partner, 'Partner');
named(Problem, 'Problem');
named(FieldError, 'FieldError');

export { Attempt, Delivery, DeliveryWithAttempts, Subscription, SubscriptionWithSecret };
export { TenantSubscription, Problem };

export const SubscriptionPage = named(pageOf(Subscription), 'SubscriptionPage');
export const TenantSubscriptionPage = named(pageOf(TenantSubscription), 'TenantSubscriptionPage');
export const DeliveryPage = named(pageOf(Delivery), 'DeliveryPage');
export const PartnerPage = named(pageOf(Partner), 'PartnerPage');

export const IdParams = z.object({
  id: z.string().min(1).max(255).describe('The resource id'),
});

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size, 1 to 100'),
  cursor: z
    .string()
    .max(512)
    .refine((c) => decodeCursor(c) !== undefined, 'is not a cursor this API returned')
    .optional()
    .describe('`nextCursor` of the previous page'),
});

/** Body of routes whose only input is an optional flag: no body at all is fine. */
export const EnableBody = z.strictObject({
  replay: z
    .boolean()
    .default(false)
    .describe('Also re-send parked deliveries and those failed since the last success'),
});

export const EnableResult = z.object({
  subscription: Subscription,
  replayed: z.number().int().describe('How many deliveries were queued again'),
});

export const EventAccepted = z.object({
  eventId: z.string().describe('The event id; receivers see it as the `webhook-id` header'),
});

const unknownEventType = (issue: { code?: string }) =>
  issue.code === 'invalid_value'
    ? 'unknown event type; GET /v1/webhooks/event-types lists them'
    : undefined;

export const EventTypeName = z.enum(eventTypes as readonly [EventType, ...EventType[]], {
  error: unknownEventType,
});

/** What a subscription listens to: an event type, or `*` for every type. */
export const EventTypeFilter = z
  .enum(['*', ...eventTypes] as readonly ['*', ...EventType[]], { error: unknownEventType })
  .describe('An event type from the catalogue, or * for all of them');

export const CaseReferenceParams = z.object({
  reference: z
    .string()
    .regex(/^DEB-\d+$/, 'expected a case reference like DEB-10482')
    .describe('The case reference, DEB-<number>'),
});
