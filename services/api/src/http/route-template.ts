import type { Request, Response } from 'express';

/** Notes the path a router is mounted at, on the way in (see `routeTemplate`). */
export function noteMount(req: Request, res: Response): void {
  res.locals.routeMount = req.baseUrl;
}

/** The path noted by `noteMount`, or '' outside a mounted router. */
export function mountOf(res: Response): string {
  return (res.locals.routeMount as string | undefined) ?? '';
}

/**
 * The matched route's template with its mount (`/v1/webhooks/subscriptions/:id`),
 * read when the response ends; undefined when no string route matched.
 * `req.route` stays the last route matched, but a router restores
 * `req.baseUrl` when an error leaves it, so the mount comes from `noteMount`.
 */
export function routeTemplate(req: Request, res: Response): string | undefined {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string') return undefined;
  const mount = mountOf(res);
  return `${mount}${route === '/' && mount ? '' : route}`;
}
