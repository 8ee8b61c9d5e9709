import express, { type Express } from 'express';
import type { Pool } from '@referral/db';
import type { ReferralDomain, PartnerService } from '@referral/domain';
import type { Logger } from '@referral/logger';
import type { WebhookEngine } from '@referral/webhooks';
import { hostedPagesRouter } from './hosted-pages/router';
import { adminAuth, customerAuth, partnerAuth } from './http/auth';
import { BODY_LIMIT_BYTES, errorHandler, notFoundHandler } from './http/error-handler';
import { DEFAULT_RATE_LIMIT, rateLimit, type RateLimitOptions } from './http/rate-limit';
import { requestLogging } from './http/request-context';
import { mountRoutes, RouteRegistry } from './http/route-registry';
import { adminRoutes } from './routes/admin';
import { adminCaseRoutes } from './routes/admin-cases';
import { caseRoutes } from './routes/cases';
import { clientRoutes } from './routes/clients';
import { customerRoutes } from './routes/customer';
import { deliveryRoutes } from './routes/deliveries';
import { eventTypeRoutes } from './routes/event-types';
import { healthRoutes } from './routes/health';
import { openApiRoutes } from './routes/openapi';
import { reportingRoutes } from './routes/reporting';
import { subscriptionActionRoutes } from './routes/subscription-actions';
import { subscriptionRoutes } from './routes/subscriptions';

export interface AppDeps {
  pool: Pool;
  /** Subscriptions, deliveries and events. */
  engine: WebhookEngine;
  /** What /readyz pings; defaults to the engine's Redis connection. */
  redis?: { ping(): Promise<unknown> };
  partners: PartnerService;
  /** Clients, links, cases, payouts, reporting. */
  domain: ReferralDomain;
  /** The bearer token of the /admin routes. */
  adminToken: string;
  logger: Logger;
  /**
   * Per bearer token (per IP without one), counted in the engine's Redis so
   * every replica shares it; defaults to 50 requests/s with bursts of 100.
   */
  rateLimit?: RateLimitOptions;
  /** Fail any reply that does not match its documented schema (tests turn this on). */
  checkResponses?: boolean;
}

/** Every resource's routes, in one list: express and /openapi.json both read it. */
const routers = [
  healthRoutes,
  openApiRoutes,
  eventTypeRoutes,
  subscriptionRoutes,
  subscriptionActionRoutes,
  deliveryRoutes,
  clientRoutes,
  customerRoutes,
  caseRoutes,
  reportingRoutes,
  adminRoutes,
  adminCaseRoutes,
];

/** The HTTP app: wiring only. It reads no environment and listens nowhere. */
export function createApp(deps: AppDeps): Express {
  const routes = new RouteRegistry();
  for (const register of routers) register(routes, deps);

  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogging(deps.logger));
  const limitRate = rateLimit(
    deps.rateLimit ?? DEFAULT_RATE_LIMIT,
    { redis: deps.engine.redis, prefix: deps.engine.options.prefix },
    deps.logger,
  );
  app.use(hostedPagesRouter(deps.domain));
  mountRoutes(app, routes, {
    // Rate limit before authentication: a key over its limit costs no Postgres lookup.
    before: {
      partner: [limitRate, partnerAuth(deps.partners)],
      admin: [limitRate, adminAuth(deps.adminToken)],
      customer: [limitRate, customerAuth(deps.domain.clients)],
      public: [],
    },
    // Parsed after authentication: anonymous clients cannot make us parse 256 kB.
    jsonBody: express.json({
      limit: BODY_LIMIT_BYTES,
      type: ['application/json', 'application/*+json'],
    }),
    checkResponses: deps.checkResponses ?? false,
  });
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
