import {
  ClientPage,
  ClientSummary,
  dashboardApi,
  type ClientListQuery,
} from '@referral/dashboard-contract';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { request } from '@/lib/api';

export const clientListQuery = (query: ClientListQuery) =>
  queryOptions({
    queryKey: ['clients', 'list', query],
    queryFn: ({ signal }) => request(dashboardApi.clients, ClientPage, { query, signal }),
    placeholderData: keepPreviousData,
  });

export const clientSummaryQuery = (range: { from?: string; to?: string }) =>
  queryOptions({
    queryKey: ['clients', 'summary', range],
    queryFn: ({ signal }) =>
      request(dashboardApi.clientsSummary, ClientSummary, { query: range, signal }),
    placeholderData: keepPreviousData,
  });
