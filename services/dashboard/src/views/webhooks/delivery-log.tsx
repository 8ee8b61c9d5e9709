import {
  DeliveryStatus,
  type DeliveryListQuery,
  type DeliveryRow,
  type SubscriptionHealth,
} from '@referral/dashboard-contract';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useId, useState } from 'react';
import { ListPagination } from '@/components/pagination';
import { deliveryLabels, DeliveryStatusBadge } from '@/components/status-badges';
import { ListEmptyState, ErrorState } from '@/components/states';
import { Card } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/cn';
import { formatCount, formatDateTime } from '@/lib/format';
import type { SearchPatch } from '@/lib/use-search-nav';
import { deliveriesQuery, deliveryQuery, eventTypesQuery } from './queries';

/** Every delivery to the partner's endpoints, filtered in the URL; a row opens its attempts. */
export function DeliveryLog({
  search,
  subscriptions,
  onChange,
}: {
  search: DeliveryListQuery;
  subscriptions: SubscriptionHealth[];
  onChange: (patch: SearchPatch) => void;
}) {
  const id = useId();
  const list = useQuery(deliveriesQuery(search));
  const eventTypes = useQuery(eventTypesQuery).data?.eventTypes ?? [];
  const [open, setOpen] = useState<string>();
  const filtered = Boolean(
    search.subscriptionId || search.status || search.eventType || search.from || search.to,
  );
  const rows = list.data?.rows;
  const endpoints = new Map(subscriptions.map((s) => [s.id, s.url]));

  return (
    <Card aria-labelledby={`${id}-title`}>
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3">
        <h2 id={`${id}-title`} className="mr-auto self-center text-sm font-semibold text-slate-900">
          Delivery log
        </h2>
        <Filter id={`${id}-sub`} label="Endpoint">
          <Select
            id={`${id}-sub`}
            value={search.subscriptionId ?? ''}
            onChange={(e) => onChange({ subscriptionId: e.target.value || undefined })}
            className="max-w-56"
          >
            <option value="">All endpoints</option>
            {subscriptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.url}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter id={`${id}-status`} label="Status">
          <Select
            id={`${id}-status`}
            value={search.status ?? ''}
            onChange={(e) => onChange({ status: e.target.value || undefined })}
          >
            <option value="">Any status</option>
            {DeliveryStatus.options.map((s) => (
              <option key={s} value={s}>
                {deliveryLabels[s]}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter id={`${id}-type`} label="Event type">
          <Select
            id={`${id}-type`}
            value={search.eventType ?? ''}
            onChange={(e) => onChange({ eventType: e.target.value || undefined })}
          >
            <option value="">Any event type</option>
            {eventTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter id={`${id}-from`} label="Created from">
          <Input
            id={`${id}-from`}
            type="date"
            value={search.from ?? ''}
            max={search.to}
            onChange={(e) => onChange({ from: e.target.value || undefined })}
          />
        </Filter>
        <Filter id={`${id}-to`} label="to">
          <Input
            id={`${id}-to`}
            type="date"
            value={search.to ?? ''}
            min={search.from}
            onChange={(e) => onChange({ to: e.target.value || undefined })}
          />
        </Filter>
      </div>
      <div className="overflow-x-auto">
        <table
          className={cn('w-full text-sm', list.isPlaceholderData && 'opacity-60')}
          aria-busy={list.isFetching || undefined}
        >
          <caption className="sr-only">Webhook deliveries</caption>
          <thead>
            <tr className="border-b border-slate-200 bg-slate-50/80 text-left text-xs text-slate-600">
              <th scope="col" className="px-4 py-2.5 font-medium">
                Event type
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Endpoint
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Status
              </th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">
                Attempts
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Created
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Last attempt
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Next retry
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {!rows && list.isPending
              ? Array.from({ length: 6 }, (_, i) => (
                  <tr key={i}>
                    {Array.from({ length: 7 }, (_, j) => (
                      <td key={j} className="px-4 py-3">
                        <Skeleton className="h-4 w-[70%]" />
                      </td>
                    ))}
                  </tr>
                ))
              : rows?.map((row) => (
                  <DeliveryRowView
                    key={row.id}
                    row={row}
                    endpoint={endpoints.get(row.subscriptionId)}
                    open={open === row.id}
                    onToggle={() => setOpen(open === row.id ? undefined : row.id)}
                  />
                ))}
          </tbody>
        </table>
      </div>
      {list.error && !rows ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : null}
      {rows && rows.length === 0 ? (
        <ListEmptyState
          noun="deliveries"
          filtered={filtered}
          onClearFilters={() =>
            onChange({
              subscriptionId: undefined,
              status: undefined,
              eventType: undefined,
              from: undefined,
              to: undefined,
            })
          }
          filteredHint={'Try another endpoint, status, event type or date range.'}
          emptyHint={'Deliveries appear here as events reach your endpoints.'}
        />
      ) : null}
      <ListPagination data={list.data} noun="deliveries" onPage={(page) => onChange({ page })} />
    </Card>
  );
}

function Filter({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

function DeliveryRowView({
  row,
  endpoint,
  open,
  onToggle,
}: {
  row: DeliveryRow;
  endpoint: string | undefined;
  open: boolean;
  onToggle: () => void;
}) {
  const panelId = `attempts-${row.id}`;
  return (
    <Fragment>
      <tr
        onClick={(e) => {
          if (!(e.target as HTMLElement).closest('button')) onToggle();
        }}
        className={cn('cursor-pointer hover:bg-slate-50', open && 'bg-slate-50')}
      >
        <td className="px-4 py-2.5 whitespace-nowrap">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={open ? panelId : undefined}
            onClick={onToggle}
            className="inline-flex items-center gap-1.5 font-mono text-[13px] text-slate-900 hover:text-brand-700"
          >
            <span
              aria-hidden
              className={cn('inline-block transition-transform', open && 'rotate-90')}
            >
              ›
            </span>
            {row.eventType}
          </button>
        </td>
        <td className="px-4 py-2.5">
          <span className="block max-w-56 truncate text-xs text-slate-600" title={endpoint}>
            {endpoint ? endpoint.replace(/^https?:\/\//, '') : row.subscriptionId}
          </span>
        </td>
        <td className="px-4 py-2.5">
          <DeliveryStatusBadge status={row.status} />
        </td>
        <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(row.attemptCount)}</td>
        <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
          {formatDateTime(row.createdAt)}
        </td>
        <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
          {formatDateTime(row.lastAttemptAt)}
        </td>
        <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
          {row.status === 'pending' ? formatDateTime(row.nextAttemptAt) : '—'}
        </td>
      </tr>
      {open ? (
        <tr>
          <td id={panelId} colSpan={7} className="bg-slate-50 px-4 pt-1 pb-4">
            <Attempts id={row.id} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

function Attempts({ id }: { id: string }) {
  const detail = useQuery(deliveryQuery(id));
  if (detail.error)
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <Skeleton className="h-16" />;
  const d = detail.data;
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-600">
        Delivery <span className="font-mono">{d.id}</span> of event{' '}
        <span className="font-mono">{d.eventId}</span>
        {d.status === 'pending' && d.nextAttemptAt
          ? ` · next retry ${formatDateTime(d.nextAttemptAt)}`
          : ''}
      </p>
      {d.attempts.length === 0 ? (
        <p className="text-sm text-slate-600">No attempts yet.</p>
      ) : (
        <ol className="space-y-2">
          {d.attempts.map((a) => (
            <li key={a.number} className="rounded-md bg-white p-3 ring-1 ring-slate-200">
              <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                <span className="font-medium text-slate-900">Attempt {a.number}</span>
                <span className={a.succeeded ? 'text-emerald-700' : 'text-red-700'}>
                  {a.statusCode !== null ? `HTTP ${a.statusCode}` : (a.errorKind ?? 'Error')}
                  {a.succeeded ? ' · succeeded' : ' · failed'}
                </span>
                <span className="text-slate-600">{formatDateTime(a.startedAt)}</span>
                <span className="text-slate-600 tabular-nums">{formatCount(a.durationMs)} ms</span>
              </div>
              {a.errorMessage ? (
                <p className="mt-1 text-sm text-red-800">{a.errorMessage}</p>
              ) : null}
              {a.responseExcerpt ? (
                <pre className="mt-2 max-h-32 overflow-auto rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap text-slate-100">
                  {a.responseExcerpt}
                </pre>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
