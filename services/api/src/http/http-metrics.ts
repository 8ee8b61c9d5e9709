import type { Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import { mountOf, noteMount, routeTemplate } from './route-template';

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
      noteMount(req, res);
      next();
    },
  };
}

/** The template, or for a pattern route, a list of paths (the SPA's fallback, the queue UI's pages) or static files under a mount `<mount>/*`. */
function routeLabel(req: Request, res: Response): string {
  const template = routeTemplate(req, res);
  if (template !== undefined) return template;
  const mount = mountOf(res);
  return req.route !== undefined || mount ? `${mount}/*` : UNMATCHED_ROUTE;
}
