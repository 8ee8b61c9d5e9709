import {
  CaseListQuery,
  ClientListQuery,
  DeliveryListQuery,
  EarningsListQuery,
} from '@referral/dashboard-contract';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  stripSearchParams,
} from '@tanstack/react-router';
import { z } from 'zod';
import { ApiError } from './lib/api';
import { parseSearch, searchValidator, stringifySearch } from './lib/search-params';
import { sessionQuery } from './lib/session';
import { AppShell } from './views/shell/app-shell';
import { NotFound, RouteError } from './views/shell/route-states';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

export const LoginSearch = z.object({
  redirect: z.string().max(2000).optional(),
  reason: z.enum(['expired', 'signed-out']).optional(),
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: searchValidator(LoginSearch),
  component: lazyRouteComponent(() => import('./views/login/login-page'), 'LoginPage'),
});

/** Every view but the login page: a session is required, else the login page. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: AppShell,
  errorComponent: RouteError,
  beforeLoad: async ({ context, location }) => {
    try {
      const session = await context.queryClient.ensureQueryData(sessionQuery);
      return { session };
    } catch (error) {
      if (error instanceof ApiError && error.unauthenticated) {
        throw redirect({
          to: '/login',
          search: {
            redirect: location.href,
            reason: error.sessionExpired ? 'expired' : undefined,
          },
        });
      }
      throw error;
    }
  },
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/cases' });
  },
});

// Defaults stay out of the URL: `/cases` rather than `/cases?tab=all&page=1&…`.
const casesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'cases',
  validateSearch: searchValidator(CaseListQuery),
  search: {
    middlewares: [stripSearchParams<z.output<typeof CaseListQuery>>(CaseListQuery.parse({}))],
  },
  component: lazyRouteComponent(() => import('./views/cases/cases-page'), 'CasesPage'),
});

const caseDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'cases/$reference',
  // The list's search params ride along, so "Back to cases" returns to the same page.
  validateSearch: searchValidator(CaseListQuery),
  search: {
    middlewares: [stripSearchParams<z.output<typeof CaseListQuery>>(CaseListQuery.parse({}))],
  },
  component: lazyRouteComponent(() => import('./views/cases/case-detail-page'), 'CaseDetailPage'),
});

const earningsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'earnings',
  validateSearch: searchValidator(EarningsListQuery),
  search: {
    middlewares: [
      stripSearchParams<z.output<typeof EarningsListQuery>>(EarningsListQuery.parse({})),
    ],
  },
  component: lazyRouteComponent(() => import('./views/earnings/earnings-page'), 'EarningsPage'),
});

const clientsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'clients',
  validateSearch: searchValidator(ClientListQuery),
  search: {
    middlewares: [stripSearchParams<z.output<typeof ClientListQuery>>(ClientListQuery.parse({}))],
  },
  component: lazyRouteComponent(() => import('./views/clients/clients-page'), 'ClientsPage'),
});

const webhooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'webhooks',
  validateSearch: searchValidator(DeliveryListQuery),
  search: {
    middlewares: [
      stripSearchParams<z.output<typeof DeliveryListQuery>>(DeliveryListQuery.parse({})),
    ],
  },
  component: lazyRouteComponent(() => import('./views/webhooks/webhooks-page'), 'WebhooksPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    indexRoute,
    casesRoute,
    caseDetailRoute,
    earningsRoute,
    clientsRoute,
    webhooksRoute,
  ]),
]);

export function createDashboardRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    basepath: '/dashboard',
    context: { queryClient },
    parseSearch,
    stringifySearch,
    defaultPreload: 'intent',
    // Loading is the views' business (skeletons); the router only waits for code.
    defaultPendingMs: 300,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createDashboardRouter>;
  }
}
