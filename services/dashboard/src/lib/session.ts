import { dashboardApi, SessionInfo, type LoginInput } from '@referral/dashboard-contract';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from './api';

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: ({ signal }) => request(dashboardApi.session, SessionInfo, { signal }),
  staleTime: 5 * 60_000,
  retry: false,
});

export function signIn(input: LoginInput): Promise<SessionInfo> {
  return request(dashboardApi.session, SessionInfo, { method: 'POST', body: input });
}

export function signOut(csrfToken: string | undefined): Promise<unknown> {
  return request(dashboardApi.session, z.unknown(), { method: 'DELETE', csrfToken });
}

/** Only paths inside the dashboard: a `redirect` param must not send the partner elsewhere. */
export function safeRedirect(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) {
    return '/cases';
  }
  return value;
}
