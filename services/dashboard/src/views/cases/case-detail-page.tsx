import type { CaseDetailView } from '@referral/dashboard-contract';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { CaseStatusBadge } from '@/components/status-badges';
import { ErrorState } from '@/components/states';
import { Badge } from '@/components/ui/badge';
import { Callout } from '@/components/ui/callout';
import { Card, StatCard } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { ApiError } from '@/lib/api';
import { cn } from '@/lib/cn';
import { formatDate, formatDateTime, formatMoney, formatUsd, humanize } from '@/lib/format';
import { MilestoneTracker } from './milestone-tracker';
import { Payouts } from './payouts';
import { caseDetailQuery } from './queries';

const route = getRouteApi('/app/cases/$reference');

const pendingReasons = {
  contracts_missing: 'The client has not signed every contract the case needs yet.',
  no_collection_partner: 'No collection partner covers the debtor’s country yet.',
} as const;

export function CaseDetailPage() {
  const { reference } = route.useParams();
  const search = route.useSearch();
  const query = useQuery(caseDetailQuery(reference));

  const back = (
    <Link
      to="/cases"
      search={search}
      className="inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900"
    >
      <span aria-hidden>←</span> Back to cases
    </Link>
  );

  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <div className="space-y-4">
        {back}
        <Card className="px-6 py-12 text-center">
          <h1 className="text-lg font-semibold text-slate-900">Case {reference} not found</h1>
          <p className="mt-1 text-sm text-slate-600">
            There is no case with this reference among your clients’ cases. Check the reference, or
            search for it in the case list.
          </p>
        </Card>
      </div>
    );
  }
  if (query.error) {
    return (
      <div className="space-y-4">
        {back}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }
  const c = query.data;
  return (
    <div className="space-y-5">
      {back}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-xl font-semibold tracking-tight text-slate-900">
          {reference}
        </h1>
        {c ? <CaseStatusBadge status={c.status} /> : <Skeleton className="h-5 w-16" />}
        {c ? (
          <p className="w-full text-sm text-slate-600 sm:w-auto">
            {c.clientName} → {c.debtor.name}
          </p>
        ) : null}
      </div>
      {c?.status === 'pending' && c.pendingReason ? (
        <Callout tone="warning" title="This case is waiting">
          {pendingReasons[c.pendingReason]}
        </Callout>
      ) : null}
      <dl aria-label="Case figures" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatCard
          label="Invoice amount"
          loading={!c}
          value={c && formatMoney(c.invoice.amountMinor, c.invoice.currency)}
          hint={c && `Invoice ${c.invoice.number}`}
        />
        <StatCard
          label="Remaining balance"
          loading={!c}
          value={c && formatMoney(c.remainingBalanceMinor, c.invoice.currency)}
        />
        <StatCard
          label="Collection started"
          loading={!c}
          value={c && (c.collectionStartedAt ? formatDate(c.collectionStartedAt) : 'Not yet')}
          hint={
            c && (c.collectionPartner ? `by ${c.collectionPartner}` : 'No collection partner yet')
          }
        />
        <StatCard
          label="Due date"
          loading={!c}
          value={c && formatDate(c.invoice.dueDate)}
          hint={c && `Issued ${formatDate(c.invoice.issueDate)}`}
        />
      </dl>
      <Section title="Progress">
        {c ? (
          <MilestoneTracker milestones={c.milestones} current={c.milestone} />
        ) : (
          <Skeleton className="h-12" />
        )}
      </Section>
      <div className="grid gap-5 lg:grid-cols-3">
        <div className="space-y-5 lg:col-span-2">
          <Section title="Revenue">{c ? <Revenue c={c} /> : <Skeleton className="h-16" />}</Section>
          <Section title="Activity">
            {c ? <Timeline items={c.timeline} /> : <Skeleton className="h-24" />}
          </Section>
          <Section title="Messages">
            {c ? <Messages messages={c.messages} /> : <Skeleton className="h-24" />}
          </Section>
        </div>
        <div className="space-y-5">
          <Section title="Contracts and checks">
            {c ? <Contracts c={c} /> : <Skeleton className="h-24" />}
          </Section>
          <Section title="Details">
            {c ? (
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
                <Detail term="Client">{c.clientName}</Detail>
                <Detail term="Your client ID">
                  <span className="font-mono text-xs">{c.externalTenantId}</span>
                </Detail>
                <Detail term="Debtor">
                  {c.debtor.name} ({humanize(c.debtor.type)}, {c.debtor.country})
                </Detail>
                <Detail term="Collection partner">{c.collectionPartner ?? 'Not assigned'}</Detail>
              </dl>
            ) : (
              <Skeleton className="h-24" />
            )}
          </Section>
        </div>
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card aria-labelledby={id} className="p-5">
      <h2 id={id} className="mb-4 text-sm font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </Card>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-600">{term}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  );
}

function Revenue({ c }: { c: CaseDetailView }) {
  const currency = c.invoice.currency;
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-3 gap-4 text-sm">
        <div>
          <dt className="text-slate-600">Collected</dt>
          <dd className="mt-0.5 text-lg font-semibold tabular-nums">
            {formatMoney(c.revenue.collectedMinor, currency)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Platform revenue</dt>
          <dd className="mt-0.5 text-lg font-semibold tabular-nums">
            {formatMoney(c.revenue.platformRevenueMinor, currency)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Your fee</dt>
          <dd className="mt-0.5 text-lg font-semibold text-brand-700 tabular-nums">
            {formatUsd(c.revenue.referralFeeUsdMinor)}
          </dd>
        </div>
      </dl>
      <div>
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          Payments
        </h3>
        <Payouts payouts={c.payouts} />
      </div>
    </div>
  );
}

function Contracts({ c }: { c: CaseDetailView }) {
  const rows: { label: string; ok: boolean; text: string }[] = [
    {
      label: 'SDCA',
      ok: c.sdca.signed,
      text: c.sdca.signed ? `Signed ${formatDate(c.sdca.signedAt)}` : 'Not signed',
    },
    {
      label: 'Power of attorney',
      ok: c.powerOfAttorney.signed || !c.powerOfAttorney.required,
      text: c.powerOfAttorney.signed
        ? `Signed ${formatDate(c.powerOfAttorney.signedAt)}`
        : c.powerOfAttorney.required
          ? 'Not signed'
          : 'Not required',
    },
    { label: 'KYC', ok: c.kycVerified, text: c.kycVerified ? 'Verified' : 'Not verified' },
  ];
  return (
    <ul className="space-y-2.5 text-sm">
      {rows.map((row) => (
        <li key={row.label} className="flex items-center justify-between gap-2">
          <span className="text-slate-700">{row.label}</span>
          <Badge tone={row.ok ? 'green' : 'amber'}>{row.text}</Badge>
        </li>
      ))}
    </ul>
  );
}

function Timeline({ items }: { items: CaseDetailView['timeline'] }) {
  if (items.length === 0) return <p className="text-sm text-slate-600">No activity yet.</p>;
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5">
      {items.map((item, i) => (
        <li key={`${item.at}-${i}`} className="relative">
          <span
            aria-hidden
            className="absolute top-1.5 -left-[25px] size-2.5 rounded-full bg-slate-300 ring-4 ring-white"
          />
          <p className="text-sm text-slate-900">{item.summary}</p>
          <p className="text-xs text-slate-600">
            <time dateTime={item.at}>{formatDateTime(item.at)}</time> · {humanize(item.kind)}
          </p>
        </li>
      ))}
    </ol>
  );
}

function Messages({ messages }: { messages: CaseDetailView['messages'] }) {
  if (messages.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No messages between the client and the collection partner.
      </p>
    );
  }
  return (
    <ol className="space-y-3">
      {messages.map((m) => {
        const fromClient = m.from === 'client';
        return (
          <li key={m.id} className={cn('flex flex-col', fromClient ? 'items-start' : 'items-end')}>
            <div
              className={cn(
                'max-w-[80%] rounded-lg px-3 py-2 text-sm',
                fromClient
                  ? 'rounded-tl-none bg-slate-100 text-slate-900'
                  : 'rounded-tr-none bg-brand-50 text-slate-900',
              )}
            >
              {m.body}
            </div>
            <p className="mt-1 text-xs text-slate-600">
              {fromClient ? 'Client' : 'Collection partner'} ·{' '}
              <time dateTime={m.sentAt}>{formatDateTime(m.sentAt)}</time>
            </p>
          </li>
        );
      })}
    </ol>
  );
}
