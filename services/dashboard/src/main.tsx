import './lib/zod-config';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './lib/api';
import { createDashboardRouter } from './routes';
import './styles.css';

/** A session that ends mid-visit (expiry, logout in another tab) lands on the login page. */
function onApiError(error: Error) {
  if (!(error instanceof ApiError) || !error.unauthenticated) return;
  const { pathname } = router.state.location;
  if (pathname.startsWith('/login')) return;
  queryClient.clear();
  void router.navigate({
    to: '/login',
    search: {
      redirect: router.state.location.href,
      reason: error.sessionExpired ? 'expired' : undefined,
    },
  });
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status > 0 && error.status < 500),
    },
  },
});
const router = createDashboardRouter(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
