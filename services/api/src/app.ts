import { randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import { DASHBOARD_API, DASHBOARD_BASE } from '@referral/dashboard-contract';
import type { AppDeps } from './app-deps';
import { dashboardApi } from './dashboard/dashboard-api';
import { dashboardSpa, DEFAULT_DASHBOARD_DIST } from './dashboard/static-spa';
import { hostedPagesRouter } from './hosted-pages/router';
import { adminAuth, adminUiAuth, customerAuth, partnerAuth } from './http/auth';
import { BODY_LIMIT_BYTES, errorHandler, notFoundHandler } from './http/error-handler';
import { createHttpMetrics } from './http/http-metrics';
import { DEFAULT_RATE_LIMIT, rateLimit } from './http/rate-limit';
import { requestLogging } from './http/request-context';
import { apiSecurityHeaders } from './http/security-headers';
import { requestTracing } from './http/request-tracing';
import { mountRoutes, RouteRegistry } from './http/route-registry';
import { QUEUE_UI_PATH, queueBoard, readOnlyQueueUi } from './queue-ui/queue-board';
import { adminCaseRoutes } from './routes/admin/cases';
import { adminClientRoutes } from './routes/admin/clients';
import { adminEventRoutes } from './routes/admin/events';
import { adminLinkRoutes } from './routes/admin/links';
import { adminPartnerRoutes } from './routes/admin/partners';
import { adminPayoutRoutes } from './routes/admin/payouts';
import { adminRoutingRoutes } from './routes/admin/routing';
import { adminSubscriptionRoutes } from './routes/admin/subscriptions';
import { adminTransactionRoutes } from './routes/admin/transactions';
import { caseRoutes } from './routes/cases';
import { clientRoutes } from './routes/clients';
import { customerRoutes } from './routes/customer';
import { deliveryRoutes } from './routes/deliveries';
import { eventTypeRoutes } from './routes/event-types';
import { healthRoutes } from './routes/health';
import { openApiRoutes } from './routes/openapi';
import { reportingRoutes } from './routes/reporting';
import { subscriptionRoutes } from './routes/subscriptions';
import { welcomeEmailRoutes } from './routes/welcome-email';

/** Every resource's routes, in one list: express and /openapi.json both read it. */
const routers = [
  healthRoutes,
  openApiRoutes,
  eventTypeRoutes,
  subscriptionRoutes,
  deliveryRoutes,
  clientRoutes,
  customerRoutes,
  caseRoutes,
  reportingRoutes,
  welcomeEmailRoutes,
  adminPartnerRoutes,
  adminSubscriptionRoutes,
  adminEventRoutes,
  adminClientRoutes,
  adminLinkRoutes,
  adminCaseRoutes,
  adminPayoutRoutes,
  adminTransactionRoutes,
  adminRoutingRoutes,
];

/** The HTTP app: wiring only. It reads no environment and listens nowhere. */
export function createApp(deps: AppDeps): Express {
  const routes = new RouteRegistry();
  for (const register of routers) register(routes, deps);

  const app = express();
  app.disable('x-powered-by');
  app.use(requestTracing());
  const metrics = deps.metrics ?? createHttpMetrics();
  app.use(metrics.middleware);
  app.use(requestLogging(deps.logger));
  // Every response; the hosted pages replace the CSP with their own.
  app.use(apiSecurityHeaders());
  const limitRate = rateLimit(
    deps.rateLimit ?? DEFAULT_RATE_LIMIT,
    { redis: deps.engine.redis, prefix: deps.engine.options.prefix },
    deps.logger,
  );
  app.use(hostedPagesRouter(deps.domain));
  // The partner dashboard: its cookie-session API (rate limited at sign-in
  // only: a signed-in partner's reads are its own), then the SPA.
  const dashboard = deps.dashboard ?? {
    sessionSecret: randomBytes(32).toString('base64'),
    secureCookies: false,
  };
  app.use(DASHBOARD_BASE, metrics.mount);
  app.use(
    DASHBOARD_API,
    metrics.mount,
    dashboardApi(deps, {
      secret: dashboard.sessionSecret,
      secureCookies: dashboard.secureCookies,
      ...(dashboard.loginLimit ? { loginLimit: dashboard.loginLimit } : {}),
    }),
  );
  app.use(dashboardSpa(dashboard.distDir ?? DEFAULT_DASHBOARD_DIST));
  // Bull Board, behind the admin token (Bearer, or Basic for a browser), read-only.
  app.use(
    QUEUE_UI_PATH,
    metrics.mount,
    limitRate,
    adminUiAuth(deps.adminToken, 'Queue UI'),
    readOnlyQueueUi,
    queueBoard(deps.engine.queues.all),
  );
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
