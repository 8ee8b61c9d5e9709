import {
  CaseDetailView,
  CaseListPage,
  CaseSummary,
  dashboardApi,
  type CaseListQuery,
} from '@referral/dashboard-contract';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { request } from '@/lib/api';

export const caseListQuery = (query: CaseListQuery) =>
  queryOptions({
    queryKey: ['cases', 'list', query],
    queryFn: ({ signal }) => request(dashboardApi.cases, CaseListPage, { query, signal }),
    placeholderData: keepPreviousData,
  });

export const caseSummaryQuery = (range: { from?: string; to?: string }) =>
  queryOptions({
    queryKey: ['cases', 'summary', range],
    queryFn: ({ signal }) =>
      request(dashboardApi.casesSummary, CaseSummary, { query: range, signal }),
    placeholderData: keepPreviousData,
  });

export const caseDetailQuery = (reference: string) =>
  queryOptions({
    queryKey: ['cases', 'detail', reference],
    queryFn: ({ signal }) =>
      request(dashboardApi.caseDetail(reference), CaseDetailView, { signal }),
  });
