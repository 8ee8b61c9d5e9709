import { IsoDate } from '@referral/events';
import { z } from 'zod';
import { listPage } from './common';

export const DeliveryStatus = z.enum(['pending', 'succeeded', 'failed', 'parked', 'cancelled']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** A subscription's health, as the Webhooks view shows it. */
export const SubscriptionHealth = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  status: z.enum(['enabled', 'disabled']),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.int(),
  lastDelivery: z.object({ at: z.string(), status: DeliveryStatus }).nullable(),
  parkedCount: z.int().describe('Deliveries held while disabled, replayable on re-enable'),
  /** The last 24 hours, oldest first: attempts that succeeded and failed per hour. */
  hourly: z.array(z.object({ hourStart: z.string(), succeeded: z.int(), failed: z.int() })),
});
export type SubscriptionHealth = z.infer<typeof SubscriptionHealth>;

export const SubscriptionHealthList = z.object({ subscriptions: z.array(SubscriptionHealth) });
export type SubscriptionHealthList = z.infer<typeof SubscriptionHealthList>;

/** The delivery log's URL search params. */
export const DeliveryListQuery = z.object({
  subscriptionId: z.string().max(255).optional(),
  status: DeliveryStatus.optional(),
  eventType: z.string().max(200).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

export const DeliveryRow = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: DeliveryStatus,
  attemptCount: z.int(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('The next retry, while pending'),
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;

export const DeliveryPage = listPage(DeliveryRow);
export type DeliveryPage = z.infer<typeof DeliveryPage>;

export const AttemptView = z.object({
  number: z.int(),
  startedAt: z.string(),
  durationMs: z.int(),
  succeeded: z.boolean(),
  statusCode: z.int().nullable(),
  errorKind: z.string().nullable(),
  errorMessage: z.string().nullable(),
  responseExcerpt: z.string().nullable().describe('The start of the response body'),
});
export type AttemptView = z.infer<typeof AttemptView>;

export const DeliveryDetail = DeliveryRow.extend({ attempts: z.array(AttemptView) });
export type DeliveryDetail = z.infer<typeof DeliveryDetail>;

/** `POST …/subscriptions/{id}/enable`: the dashboard's only write. */
export const EnableSubscriptionInput = z.strictObject({
  replayParked: z.boolean().default(false),
});
export type EnableSubscriptionInput = z.infer<typeof EnableSubscriptionInput>;

export const EnableSubscriptionResult = z.object({
  subscription: SubscriptionHealth,
  replayed: z.int().describe('Parked deliveries queued again'),
});
export type EnableSubscriptionResult = z.infer<typeof EnableSubscriptionResult>;

/** `GET …/webhooks/event-types`: the catalogue's event type names, to filter the log by. */
export const EventTypeList = z.object({ eventTypes: z.array(z.string()) });
export type EventTypeList = z.infer<typeof EventTypeList>;
