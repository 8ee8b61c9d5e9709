import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { DASHBOARD_API, DASHBOARD_BASE } from '@referral/dashboard-contract';

/** Where `npm run build` puts the SPA: services/dashboard/dist of this repository. */
export const DEFAULT_DASHBOARD_DIST = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'dashboard',
  'dist',
);

const NOT_BUILT = 'The dashboard is not built: run npm run build.\n';

/**
 * The SPA at /dashboard: hashed `assets/` cached for a year, index.html never
 * cached, and every other GET under /dashboard (not /dashboard/api) answered
 * with index.html so the client router takes it. Without a build, 503.
 */
export function dashboardSpa(distDir: string): Router {
  const router = Router();
  const index = path.join(distDir, 'index.html');
  const isApi = (p: string) => p === DASHBOARD_API || p.startsWith(`${DASHBOARD_API}/`);

  router.use(DASHBOARD_BASE, (req, res, next) => {
    if (isApi(req.originalUrl.split('?')[0]!)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Checked per request: the SPA may be built while the API runs.
    if (!existsSync(index)) {
      res.status(503).type('text/plain').set('cache-control', 'no-store').send(NOT_BUILT);
      return;
    }
    next();
  });
  router.use(
    `${DASHBOARD_BASE}/assets`,
    express.static(path.join(distDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
    }),
  );
  router.use(
    DASHBOARD_BASE,
    express.static(distDir, {
      index: false,
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    }),
  );
  router.get(/^\/dashboard(\/.*)?$/, (req, res, next) => {
    // A missing asset is a 404, not the SPA: a stale page must not run index.html as a script.
    if (isApi(req.path) || req.path.startsWith(`${DASHBOARD_BASE}/assets/`)) return next();
    res.set('cache-control', 'no-cache').sendFile(index);
  });
  return router;
}
