import type { EnableSubscriptionResult, SubscriptionHealth } from '@referral/dashboard-contract';
import { Link } from '@tanstack/react-router';
import { DeliveryStatusBadge } from '@/components/status-badges';
import { Badge } from '@/components/ui/badge';
import { Callout } from '@/components/ui/callout';
import { Card } from '@/components/ui/card';
import { formatCount, formatDateTime, formatRelative } from '@/lib/format';
import { EnableDialog } from './enable-dialog';
import { Sparkline } from './sparkline';

export function SubscriptionCard({
  subscription: s,
  onEnabled,
}: {
  subscription: SubscriptionHealth;
  onEnabled: (result: EnableSubscriptionResult) => void;
}) {
  const titleId = `subscription-${s.id}`;
  return (
    <Card aria-labelledby={titleId} className="p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3
            id={titleId}
            className="truncate font-mono text-sm font-medium text-slate-900"
            title={s.url}
          >
            {s.url}
          </h3>
          <p className="mt-0.5 text-xs text-slate-600">
            {s.description ? `${s.description} · ` : ''}
            {s.eventTypes.length === 0 || s.eventTypes.includes('*')
              ? 'All event types'
              : s.eventTypes.length === 1
                ? s.eventTypes[0]
                : `${s.eventTypes.length} event types`}
          </p>
        </div>
        {s.status === 'enabled' ? (
          <Badge tone="green">Enabled</Badge>
        ) : (
          <Badge tone="red">Disabled</Badge>
        )}
      </div>
      {s.status === 'disabled' ? (
        <Callout tone="error" className="mt-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p>
              Disabled {s.disabledAt ? `since ${formatDateTime(s.disabledAt)}` : ''}
              {s.disabledReason ? `: ${s.disabledReason.replace(/[.\s]*$/, '')}.` : '.'}{' '}
              {s.parkedCount > 0
                ? `${formatCount(s.parkedCount)} ${s.parkedCount === 1 ? 'delivery is' : 'deliveries are'} parked until you re-enable it.`
                : ''}
            </p>
            <EnableDialog subscription={s} onEnabled={onEnabled} />
          </div>
        </Callout>
      ) : null}
      <dl className="mt-4 grid grid-cols-3 gap-4 text-sm">
        <div>
          <dt className="text-xs text-slate-600">Consecutive failures</dt>
          <dd
            className={
              s.consecutiveFailures > 0
                ? 'font-semibold text-red-700'
                : 'font-semibold text-slate-900'
            }
          >
            {formatCount(s.consecutiveFailures)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Last delivery</dt>
          <dd className="flex flex-wrap items-center gap-1.5 text-slate-900">
            {s.lastDelivery ? (
              <>
                <time dateTime={s.lastDelivery.at} title={formatDateTime(s.lastDelivery.at)}>
                  {formatRelative(s.lastDelivery.at)}
                </time>
                <DeliveryStatusBadge status={s.lastDelivery.status} />
              </>
            ) : (
              'None yet'
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Parked</dt>
          <dd className="font-semibold text-slate-900">{formatCount(s.parkedCount)}</dd>
        </div>
        <div className="col-span-3">
          <dt className="text-xs text-slate-600">Last 24 hours</dt>
          <dd className="mt-1">
            <Sparkline hourly={s.hourly} />
          </dd>
        </div>
      </dl>
      <Link
        to="/webhooks"
        search={{ subscriptionId: s.id }}
        className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
      >
        Show its deliveries
      </Link>
    </Card>
  );
}
