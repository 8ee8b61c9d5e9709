import {
  dashboardApi,
  DeliveryDetail,
  DeliveryPage,
  EnableSubscriptionResult,
  EventTypeList,
  SubscriptionHealthList,
  type DeliveryListQuery,
} from '@referral/dashboard-contract';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { request } from '@/lib/api';

export const subscriptionsQuery = queryOptions({
  queryKey: ['webhooks', 'subscriptions'],
  queryFn: ({ signal }) => request(dashboardApi.subscriptions, SubscriptionHealthList, { signal }),
});

export const deliveriesQuery = (query: DeliveryListQuery) =>
  queryOptions({
    queryKey: ['webhooks', 'deliveries', query],
    queryFn: ({ signal }) => request(dashboardApi.deliveries, DeliveryPage, { query, signal }),
    placeholderData: keepPreviousData,
  });

export const deliveryQuery = (id: string) =>
  queryOptions({
    queryKey: ['webhooks', 'delivery', id],
    queryFn: ({ signal }) => request(dashboardApi.delivery(id), DeliveryDetail, { signal }),
  });

export const eventTypesQuery = queryOptions({
  queryKey: ['webhooks', 'event-types'],
  queryFn: ({ signal }) => request(dashboardApi.eventTypes, EventTypeList, { signal }),
  staleTime: Infinity,
});

export function enableSubscription(id: string, replayParked: boolean, csrfToken: string) {
  return request(dashboardApi.enableSubscription(id), EnableSubscriptionResult, {
    method: 'POST',
    body: { replayParked },
    csrfToken,
  });
}
