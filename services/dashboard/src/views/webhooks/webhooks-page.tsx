import type { EnableSubscriptionResult } from '@referral/dashboard-contract';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { PageHeader } from '@/components/page-header';
import { EmptyState, ErrorState } from '@/components/states';
import { Callout } from '@/components/ui/callout';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { formatCount } from '@/lib/format';
import { useSearchNav } from '@/lib/use-search-nav';
import { DeliveryLog } from './delivery-log';
import { subscriptionsQuery } from './queries';
import { SubscriptionCard } from './subscription-card';

const route = getRouteApi('/app/webhooks');

export function WebhooksPage() {
  const search = route.useSearch();
  const setSearch = useSearchNav();
  const subscriptions = useQuery(subscriptionsQuery);
  const [enabled, setEnabled] = useState<EnableSubscriptionResult>();
  const list = subscriptions.data?.subscriptions;

  return (
    <div className="space-y-5">
      <PageHeader
        title="Webhooks"
        description="Your endpoints’ health over the last day, and every delivery with its attempts."
      />
      <div role="status" aria-live="polite">
        {enabled ? (
          <Callout tone="success" title="Subscription re-enabled">
            {enabled.subscription.url} receives events again
            {enabled.replayed > 0
              ? `; ${formatCount(enabled.replayed)} parked ${enabled.replayed === 1 ? 'delivery was' : 'deliveries were'} queued again.`
              : '.'}
          </Callout>
        ) : null}
      </div>
      <section aria-labelledby="subscriptions-title" className="space-y-3">
        <h2 id="subscriptions-title" className="text-sm font-semibold text-slate-900">
          Subscriptions
        </h2>
        {subscriptions.error && !list ? (
          <Card>
            <ErrorState error={subscriptions.error} onRetry={() => void subscriptions.refetch()} />
          </Card>
        ) : !list ? (
          <div className="grid gap-3 lg:grid-cols-2">
            <Skeleton className="h-40 rounded-lg" />
            <Skeleton className="h-40 rounded-lg" />
          </div>
        ) : list.length === 0 ? (
          <Card>
            <EmptyState title="No webhook subscriptions">
              Create one with <code>POST /v1/webhooks/subscriptions</code> to receive events about
              your clients, cases and fees.
            </EmptyState>
          </Card>
        ) : (
          <div className="grid gap-3 lg:grid-cols-2">
            {list.map((s) => (
              <SubscriptionCard key={s.id} subscription={s} onEnabled={setEnabled} />
            ))}
          </div>
        )}
      </section>
      <DeliveryLog search={search} subscriptions={list ?? []} onChange={setSearch} />
    </div>
  );
}
