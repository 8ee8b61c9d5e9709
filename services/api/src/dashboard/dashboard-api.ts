import express, { Router, type Request, type Response } from 'express';
import {
  CaseDetailView,
  CaseListPage,
  CaseListQuery,
  CaseSummary,
  ClientListQuery,
  ClientPage,
  ClientSummary,
  CSV_ROW_CAP,
  DASHBOARD_API,
  DeliveryDetail,
  DeliveryListQuery,
  DeliveryPage,
  EarningsListQuery,
  EarningsPage,
  EarningsSummary,
  EnableSubscriptionInput,
  EnableSubscriptionResult,
  EventTypeList,
  LoginInput,
  PAGE_SIZE,
  SessionInfo,
  SubscriptionHealthList,
} from '@referral/dashboard-contract';
import { pageWindow } from '@referral/domain';
import { EventType } from '@referral/events';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { BODY_LIMIT_BYTES } from '../http/error-handler';
import { HttpProblem } from '../http/problem';
import { parseInput } from '../http/validate';
import { caseColumns, clientColumns, earningsColumns } from './csv-columns';
import { sendCsv } from './csv';
import {
  csrf,
  DEFAULT_LOGIN_LIMIT,
  dashboardSession,
  loginRateLimit,
  requireCsrfToken,
  requireSession,
  SESSION_COOKIE,
  sessionPartnerId,
  type DashboardSessionOptions,
  type LoginLimit,
} from './session';

export interface DashboardApiOptions extends DashboardSessionOptions {
  /** Sign-in attempts per client address; default 10 per 15 minutes. */
  loginLimit?: LoginLimit;
}

const IdParams = z.object({ id: z.string().min(1).max(255) });
const ReferenceParams = z.object({ reference: z.string().min(1).max(50) });
const DateRange = z.object({
  from: CaseListQuery.shape.from,
  to: CaseListQuery.shape.to,
});

/** Sign-in failures all read the same: nothing says whether the partner exists. */
const loginRefused = () =>
  new HttpProblem({
    status: 401,
    type: 'sign-in-failed',
    title: 'Unauthorized',
    detail: 'That Partner ID did not sign you in.',
  });

const notFound = (what: string) =>
  new HttpProblem({ status: 404, title: 'Not Found', detail: `No such ${what}.` });

/**
 * The partner dashboard's JSON and CSV API under /dashboard/api. The partner
 * id of every read comes from the session only; another partner's ids and
 * references answer 404 like ids that do not exist.
 */
export function dashboardApi(deps: AppDeps, options: DashboardApiOptions): Router {
  const { domain, engine, partners } = deps;
  const views = domain.dashboard;
  const router = Router();
  // Replies are checked against the contract when the app checks responses (tests).
  const send = <T extends z.ZodType>(res: Response, schema: T, body: z.input<T>, status = 200) =>
    res.status(status).json(deps.checkResponses ? schema.parse(body) : body);

  router.use(dashboardSession(deps.pool, options, deps.logger));
  router.use(express.json({ limit: BODY_LIMIT_BYTES, type: ['application/json'] }));

  const sessionInfo = async (req: Request): Promise<SessionInfo> => {
    const partner = await partners.get(sessionPartnerId(req));
    if (!partner) throw loginRefused();
    return {
      partner: { id: partner.id, name: partner.name },
      csrfToken: csrf.generateToken(req),
      expiresAt: req.session.cookie.expires!.toISOString(),
    };
  };

  router.post(
    '/session',
    loginRateLimit(options.loginLimit ?? DEFAULT_LOGIN_LIMIT, {
      redis: engine.redis,
      prefix: engine.options.prefix,
    }),
    async (req, res) => {
      const { body } = parseInput({ body: LoginInput }, req);
      const partner = await partners.get(body.partnerId);
      if (!partner) throw loginRefused();
      // A fresh session id at sign-in: an id planted before it is worth nothing.
      await new Promise<void>((resolve, reject) =>
        req.session.regenerate((err) => (err ? reject(err) : resolve())),
      );
      req.session.partnerId = partner.id;
      const info = await sessionInfo(req);
      await new Promise<void>((resolve, reject) =>
        req.session.save((err) => (err ? reject(err) : resolve())),
      );
      send(res, SessionInfo, info);
    },
  );
  router.get('/session', async (req, res) => {
    send(res, SessionInfo, await sessionInfo(req));
  });
  router.delete('/session', requireSession, requireCsrfToken, async (req, res) => {
    await new Promise<void>((resolve, reject) =>
      req.session.destroy((err) => (err ? reject(err) : resolve())),
    );
    res.clearCookie(SESSION_COOKIE, { path: '/dashboard' }).status(204).end();
  });

  // Data routes: a signed-in session; the one write also its CSRF token.
  const get = (path: string, handler: (req: Request, res: Response) => unknown) =>
    router.get(path, requireSession, handler);
  const post = (path: string, handler: (req: Request, res: Response) => unknown) =>
    router.post(path, requireSession, requireCsrfToken, handler);

  // Cases
  get('/cases', async (req, res) => {
    const { query } = parseInput({ query: CaseListQuery }, req);
    const page = await views.cases.list(
      sessionPartnerId(req),
      query,
      pageWindow(query.page, PAGE_SIZE),
    );
    send(res, CaseListPage, { ...page, page: query.page, pageSize: PAGE_SIZE });
  });
  get('/cases/summary', async (req, res) => {
    const { query } = parseInput({ query: DateRange }, req);
    send(res, CaseSummary, await views.cases.summary(sessionPartnerId(req), query));
  });
  get('/cases.csv', async (req, res) => {
    const { query } = parseInput({ query: CaseListQuery }, req);
    const rows = await views.cases.list(sessionPartnerId(req), query, {
      offset: 0,
      limit: CSV_ROW_CAP,
    });
    sendCsv(res, 'cases', caseColumns, rows);
  });
  get('/cases/:reference', async (req, res) => {
    const { params } = parseInput({ params: ReferenceParams }, req);
    const detail = await views.caseDetail.get(sessionPartnerId(req), params.reference);
    if (!detail) throw notFound('case');
    send(res, CaseDetailView, detail);
  });

  // Earnings
  get('/earnings', async (req, res) => {
    const { query } = parseInput({ query: EarningsListQuery }, req);
    const page = await views.earnings.list(
      sessionPartnerId(req),
      query,
      pageWindow(query.page, PAGE_SIZE),
    );
    send(res, EarningsPage, { ...page, page: query.page, pageSize: PAGE_SIZE });
  });
  get('/earnings/summary', async (req, res) => {
    const { query } = parseInput({ query: DateRange }, req);
    send(res, EarningsSummary, await views.earnings.summary(sessionPartnerId(req), query));
  });
  get('/earnings.csv', async (req, res) => {
    const { query } = parseInput({ query: EarningsListQuery }, req);
    const rows = await views.earnings.list(sessionPartnerId(req), query, {
      offset: 0,
      limit: CSV_ROW_CAP,
    });
    sendCsv(res, 'earnings', earningsColumns, rows);
  });
  get('/earnings/invoice.csv', async (req, res) => {
    const rows = await views.earnings.invoiceable(sessionPartnerId(req), CSV_ROW_CAP);
    sendCsv(res, 'invoice', earningsColumns, rows);
  });

  // Clients
  get('/clients', async (req, res) => {
    const { query } = parseInput({ query: ClientListQuery }, req);
    const page = await views.clients.list(
      sessionPartnerId(req),
      query,
      pageWindow(query.page, PAGE_SIZE),
    );
    send(res, ClientPage, { ...page, page: query.page, pageSize: PAGE_SIZE });
  });
  get('/clients/summary', async (req, res) => {
    const { query } = parseInput({ query: DateRange }, req);
    send(res, ClientSummary, await views.clients.summary(sessionPartnerId(req), query));
  });
  get('/clients.csv', async (req, res) => {
    const { query } = parseInput({ query: ClientListQuery }, req);
    const rows = await views.clients.list(sessionPartnerId(req), query, {
      offset: 0,
      limit: CSV_ROW_CAP,
    });
    sendCsv(res, 'clients', clientColumns, rows);
  });

  // Webhooks
  const eventTypes: EventTypeList = { eventTypes: [...EventType.options] };
  get('/webhooks/event-types', (_req, res) => {
    send(res, EventTypeList, eventTypes);
  });
  get('/webhooks/subscriptions', async (req, res) => {
    const subscriptions = await engine.dashboard.subscriptions(sessionPartnerId(req));
    send(res, SubscriptionHealthList, { subscriptions });
  });
  post('/webhooks/subscriptions/:id/enable', async (req, res) => {
    const { params, body } = parseInput({ params: IdParams, body: EnableSubscriptionInput }, req);
    const partnerId = sessionPartnerId(req);
    const result = await engine.subscriptions.enable(partnerId, params.id, {
      replay: body.replayParked,
    });
    if (result.outcome === 'not_found') throw notFound('subscription');
    const [subscription] = await engine.dashboard.subscriptions(partnerId, params.id);
    send(res, EnableSubscriptionResult, { subscription: subscription!, replayed: result.replayed });
  });
  get('/webhooks/deliveries', async (req, res) => {
    const { query } = parseInput({ query: DeliveryListQuery }, req);
    send(
      res,
      DeliveryPage,
      await engine.dashboard.deliveries(sessionPartnerId(req), query, PAGE_SIZE),
    );
  });
  get('/webhooks/deliveries/:id', async (req, res) => {
    const { params } = parseInput({ params: IdParams }, req);
    const delivery = await engine.dashboard.delivery(sessionPartnerId(req), params.id);
    if (!delivery) throw notFound('delivery');
    send(res, DeliveryDetail, delivery);
  });

  router.use((req) => {
    throw new HttpProblem({
      status: 404,
      title: 'Not Found',
      detail: `No route ${req.method} ${DASHBOARD_API}${req.path}.`,
    });
  });
  return router;
}
