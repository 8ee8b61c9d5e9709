import {
  dashboardApi,
  EarningsPage,
  EarningsSummary,
  type EarningsListQuery,
} from '@referral/dashboard-contract';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { request } from '@/lib/api';

export const earningsListQuery = (query: EarningsListQuery) =>
  queryOptions({
    queryKey: ['earnings', 'list', query],
    queryFn: ({ signal }) => request(dashboardApi.earnings, EarningsPage, { query, signal }),
    placeholderData: keepPreviousData,
  });

export const earningsSummaryQuery = (range: { from?: string; to?: string }) =>
  queryOptions({
    queryKey: ['earnings', 'summary', range],
    queryFn: ({ signal }) =>
      request(dashboardApi.earningsSummary, EarningsSummary, { query: range, signal }),
    placeholderData: keepPreviousData,
  });
