import connectPgSimple from 'connect-pg-simple';
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import { ipKeyGenerator, rateLimit as expressRateLimit } from 'express-rate-limit';
import {
  CSRF_HEADER,
  NOT_SIGNED_IN,
  SESSION_EXPIRED,
  SESSION_MAX_AGE_MS,
} from '@referral/dashboard-contract';
import type { Pool } from '@referral/db';
import type { Logger } from '@referral/logger';
import { HttpProblem } from '../http/problem';
import { redisRateLimitStore, type RateLimitStore } from '../http/rate-limit';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in partner: the only source of the partner id of a dashboard request. */
    partnerId: string;
  }
}

/** The dashboard session cookie's name. */
export const SESSION_COOKIE = 'referral.dashboard.sid';

export interface DashboardSessionOptions {
  /** Signs the session cookie (SESSION_SECRET). */
  secret: string;
  /** Secure cookies: HTTPS only (production). */
  secureCookies: boolean;
}

/**
 * Sessions kept in Postgres (connect-pg-simple, table `session` from the
 * migrations), the cookie persistent for SESSION_MAX_AGE_MS: httpOnly,
 * SameSite=Lax, scoped to /dashboard. A session is stored only once signed in.
 */
export function dashboardSession(
  pool: Pool,
  options: DashboardSessionOptions,
  logger: Logger,
): RequestHandler {
  const PgStore = connectPgSimple(session);
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store: new PgStore({
      pool,
      tableName: 'session',
      // The server's expiry stays where login put it, like the cookie's: 14 days, not 14 days of idling.
      disableTouch: true,
      errorLog: (...args: unknown[]) => logger.error({ args }, 'dashboard session store'),
    }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: {
      path: '/dashboard',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      maxAge: SESSION_MAX_AGE_MS,
    },
  });
}

/** The synchronizer token kept in the session, sent back in CSRF_HEADER by every write. */
export const csrf = csrfSync({
  getTokenFromRequest: (req) => req.get(CSRF_HEADER),
});

/** Writes (POST, PUT, PATCH, DELETE) carry the session's CSRF token, or get a 403. */
export const requireCsrfToken: RequestHandler = (req, _res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || csrf.isRequestValid(req)) return next();
  throw new HttpProblem({
    status: 403,
    type: 'csrf-token-invalid',
    title: 'Forbidden',
    detail: `Send the session's CSRF token (from GET /dashboard/api/session) in the ${CSRF_HEADER} header.`,
    errors: [{ field: CSRF_HEADER, message: 'missing or does not match the session' }],
  });
};

/** The partner of the signed-in session, or a 401 saying whether a session expired. */
export function sessionPartnerId(req: Request): string {
  const partnerId = req.session.partnerId;
  if (partnerId) return partnerId;
  // A cookie whose session the store no longer has: it expired (or was logged out).
  const expired = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE.replaceAll('.', '\\.')}=`).test(
    req.get('cookie') ?? '',
  );
  throw new HttpProblem({
    status: 401,
    type: expired ? SESSION_EXPIRED : NOT_SIGNED_IN,
    title: 'Unauthorized',
    detail: expired
      ? 'Your session expired: sign in again with your Partner ID.'
      : 'Sign in with your Partner ID first.',
  });
}

/** Every dashboard data route: a signed-in session, else 401. */
export const requireSession: RequestHandler = (req, _res, next) => {
  sessionPartnerId(req);
  next();
};

export interface LoginLimit {
  /** Attempts per window per client address. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = { limit: 10, windowMs: 15 * 60 * 1000 };

/**
 * Failed sign-in attempts per client address, counted in Redis like the
 * API's own limit: ten wrong guesses and the address waits out the window.
 */
export function loginRateLimit(options: LoginLimit, store: RateLimitStore): RequestHandler {
  return expressRateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    store: redisRateLimitStore(store, 'dashboard-login'),
    // Failed attempts only: partners who sign in spend nothing, guessers do.
    skipSuccessfulRequests: true,
    passOnStoreError: true,
    standardHeaders: false,
    legacyHeaders: false,
    handler(req) {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit
        ?.resetTime;
      const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? 0) - Date.now()) / 1000));
      throw new HttpProblem({
        status: 429,
        type: 'rate-limited',
        title: 'Too Many Requests',
        detail: `Too many sign-in attempts from this address; retry in ${retryAfter} s.`,
        errors: [{ field: 'partnerId', message: 'too many sign-in attempts from this address' }],
        headers: { 'retry-after': String(retryAfter) },
      });
    },
  });
}
