import type { Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';

/** The route label of a request that matched no route (a 404, a scan): one series, not one per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface HttpMetrics {
  registry: Registry;
  /** First in the app: times each request and counts it when its response ends. */
  middleware: RequestHandler;
  /** In front of a router mounted at a path: its routes are labelled with the mount in front. */
  mount: RequestHandler;
}

/**
 * The API's request metrics. The route label is the matched route's template
 * (`/v1/webhooks/subscriptions/:id`), never the URL: ids would make a series
 * per resource. Static files, pattern routes and refusals before any route
 * under a mount count as `<mount>/*`; anything else that matched nothing as
 * `unmatched`.
 */
export function createHttpMetrics(registry = new Registry()): HttpMetrics {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request arriving to its response ending, by method and route template',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    registry,
    middleware(req, res, next) {
      const stop = duration.startTimer();
      res.once('finish', () => {
        const labels = { method: req.method, route: routeLabel(req, res) };
        stop(labels);
        requests.inc({ ...labels, status: String(res.statusCode) });
      });
      next();
    },
    mount(req, res, next) {
      res.locals.metricsMount = req.baseUrl;
      next();
    },
  };
}

/**
 * Read when the response ends. `req.route` stays the last route matched, but
 * a router restores `req.baseUrl` when an error leaves it, so a mount's path
 * is taken from what `mount` noted on the way in.
 */
function routeLabel(req: Request, res: Response): string {
  const mount = (res.locals.metricsMount as string | undefined) ?? '';
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${mount}${route === '/' && mount ? '' : route}`;
  // A pattern or a list of paths (the SPA's fallback, the queue UI's pages), or static files.
  return route !== undefined || mount ? `${mount}/*` : UNMATCHED_ROUTE;
}
