export {
  createWebhookEngine,
  createDispatcher,
  DEFAULT_MAX_IN_FLIGHT_PER_SUBSCRIPTION,
} from './engine';
export type { WebhookEngine, WebhookEngineOptions, Dispatcher, DispatcherOptions } from './engine';
export {
  appendEvent,
  type AppendedEvents,
  type QueuedDelivery,
  type EnvelopeEncoder,
  type NewEvent,
  type StoredEvent,
} from './outbox/event-store';
export { EventPublisher } from './outbox/event-publisher';
export { SubscriptionService, ROTATION_OVERLAP_MS } from './subscriptions/subscription-service';
export type {
  NewSubscription,
  OperatorSubscriptionFilter,
  SubscriptionPatch,
} from './subscriptions/subscription-service';
export {
  Subscription,
  SubscriptionWithSecret,
  TenantSubscription,
  SubscriptionStatus,
} from './subscriptions/subscription';
export { urlProblem, type UrlPolicy } from './subscriptions/url-policy';
export { isPrivateAddress } from './subscriptions/address-policy';
export { DeliveryService } from './deliveries/delivery-service';
export { Delivery, DeliveryWithAttempts, Attempt, DeliveryStatus } from './deliveries/delivery';
export {
  exponentialRetryPolicy,
  parseRetryAfter,
  MAX_RETRIES,
  DISABLE_AFTER_FAILED_DELIVERIES,
  FAILING_AFTER_FAILED_DELIVERIES,
} from './sending/retry-policy';
export {
  HttpSender,
  RESPONSE_EXCERPT_BYTES,
  systemResolveHost,
  type ResolveHost,
} from './sending/http-sender';
export { USER_AGENT } from './sending/delivery-processor';
export { Reconciler } from './reconciler';
export { createDispatcherMetrics, type DispatcherMetrics } from './metrics';
export { readBacklog, PARKED_COUNT_CAP, type Backlog } from './backlog';
export { JobProducer } from './job-producer';
export { QUEUES, DeliveryJob } from './queue-catalogue';
export { WebhookDashboard, RESPONSE_EXCERPT_CHARS } from './dashboard/webhook-dashboard';
export {
  PartitionRetention,
  type RetentionOptions,
  type RetentionResult,
} from './retention/partition-retention';
export { listPeriods, type Period } from './retention/periods';
