import type { Pool } from '@referral/db';
import type { ReferralDomain, PartnerService } from '@referral/domain';
import type { Logger } from '@referral/logger';
import type { WebhookEngine } from '@referral/webhooks';
import type { LoginLimit } from './dashboard/session';
import type { HttpMetrics } from './http/http-metrics';
import type { RateLimitOptions } from './http/rate-limit';

/**
 * What the HTTP app is built from. Its own module, importing no route, so
 * that routers can name it without importing the app that imports them.
 */
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
  /** The partner dashboard at /dashboard; without it, a random session secret (tests). */
  dashboard?: DashboardDeps;
  /** Request metrics, served by the process's ops port; without it, a registry nobody reads. */
  metrics?: HttpMetrics;
  /** Fail any reply that does not match its documented schema (tests turn this on). */
  checkResponses?: boolean;
}

export interface DashboardDeps {
  /** Signs the session cookie. */
  sessionSecret: string;
  /** Cookies for HTTPS only (production). */
  secureCookies: boolean;
  /** The built SPA; defaults to services/dashboard/dist of this repository. */
  distDir?: string | undefined;
  /** Sign-in attempts per client address; default 10 per 15 minutes. */
  loginLimit?: LoginLimit;
}
