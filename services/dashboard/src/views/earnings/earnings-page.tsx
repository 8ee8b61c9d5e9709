import { dashboardApi, EarningsSortKey, type EarningsTab } from '@referral/dashboard-contract';
import { TransactionStage } from '@referral/events';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { DataTable, pageQueryState } from '@/components/data-table';
import { FilterTabs } from '@/components/filter-tabs';
import { ListToolbar } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { ListPagination } from '@/components/pagination';
import { stageLabels } from '@/components/status-badges';
import { CLEARED_FILTERS, ListEmptyState } from '@/components/states';
import { buttonClass } from '@/components/ui/button';
import { Card, StatCard, StatGrid } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { exportHref } from '@/lib/api';
import { formatCount, formatUsd } from '@/lib/format';
import { useSearchNav } from '@/lib/use-search-nav';
import { earningsColumns } from './columns';
import { EarningsOverTime } from './earnings-over-time';
import { earningsListQuery, earningsSummaryQuery } from './queries';

const route = getRouteApi('/app/earnings');

const tabs: { value: EarningsTab; label: string }[] = [
  { value: 'all', label: 'All' },
  ...TransactionStage.options.map((stage) => ({ value: stage, label: stageLabels[stage] })),
];

export function EarningsPage() {
  const search = route.useSearch();
  const setSearch = useSearchNav();
  const list = useQuery(earningsListQuery(search));
  const summary = useQuery(earningsSummaryQuery({ from: search.from, to: search.to }));
  const s = summary.data;
  const filtered = Boolean(search.search || search.from || search.to || search.tab !== 'all');

  return (
    <div className="space-y-5">
      <PageHeader
        title="Earnings"
        description="Your referral fees on every payment, in US dollars, from first payment to paid."
      />
      <StatGrid label="Earnings totals" columns={4}>
        <StatCard label="Total earned" loading={!s} value={s && formatUsd(s.totalEarnedUsdMinor)} />
        <StatCard
          label="Ready to invoice"
          loading={!s}
          value={s && formatUsd(s.readyToInvoiceUsdMinor)}
          hint="Locked in USD; invoice the platform"
          emphasis
        />
        <StatCard
          label="Awaiting payment"
          loading={!s}
          value={s && formatUsd(s.awaitingPaymentUsdMinor)}
          hint="Invoiced, not yet paid"
        />
        <StatCard
          label="Pending"
          loading={!s}
          value={s && formatUsd(s.pendingUsdMinor)}
          hint="Moves with the exchange rate until ready"
        />
      </StatGrid>
      <div className="grid gap-5 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <EarningsOverTime summary={s} />
        </div>
        <Card aria-labelledby="invoice-now-title" className="flex flex-col p-5">
          <h2 id="invoice-now-title" className="text-sm font-semibold text-slate-900">
            What you can invoice now
          </h2>
          {s ? (
            <>
              <p className="mt-3 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">
                {formatUsd(s.invoiceable.usdMinor)}
              </p>
              <p className="mt-1 text-sm text-slate-600">
                {s.invoiceable.count === 0
                  ? 'Nothing is ready to invoice yet.'
                  : `${formatCount(s.invoiceable.count)} ${s.invoiceable.count === 1 ? 'fee' : 'fees'} ready to invoice, in US dollars at the locked rate.`}
              </p>
              <div className="mt-auto flex flex-wrap gap-2 pt-5">
                <a
                  href={dashboardApi.invoiceCsv}
                  download
                  className={buttonClass('primary')}
                  aria-disabled={s.invoiceable.count === 0 || undefined}
                >
                  Download invoice CSV
                </a>
                <Link
                  to="/earnings"
                  search={{ tab: 'ready_to_invoice' }}
                  className={buttonClass('ghost')}
                >
                  Show them
                </Link>
              </div>
            </>
          ) : (
            <Skeleton className="mt-3 h-20" />
          )}
        </Card>
      </div>
      <Card aria-label="Fee list">
        <div className="px-4 pt-2">
          <FilterTabs label="Fee stage" tabs={tabs} current={search.tab} />
        </div>
        <ListToolbar
          search={search.search}
          searchLabel="Search fees"
          searchPlaceholder="Case reference or client"
          from={search.from}
          to={search.to}
          dateLabel="Paid"
          onChange={setSearch}
          csvHref={exportHref(dashboardApi.earningsCsv, search)}
          total={list.data?.total}
          totalCapped={list.data?.totalCapped}
        />
        <DataTable
          caption="Referral fees"
          columns={earningsColumns}
          {...pageQueryState(list)}
          getRowId={(row) => row.transactionId}
          sort={{
            key: search.sort,
            order: search.order,
            onSort: (key, order) => setSearch({ sort: EarningsSortKey.parse(key), order }),
          }}
          empty={
            <ListEmptyState
              noun="fees"
              filtered={filtered}
              onClearFilters={() => setSearch(CLEARED_FILTERS)}
              filteredHint={'Try another stage, search or date range.'}
              emptyHint={'A fee appears when a debtor pays on a case of a client you referred.'}
            />
          }
          footer={
            list.data && list.data.total > 0 ? (
              <>
                <p className="px-4 py-2 text-xs text-slate-600">
                  ≈ marks a fee whose US dollar amount still moves with the exchange rate; it is
                  locked when the fee is ready to invoice.
                </p>
                <ListPagination
                  data={list.data}
                  noun="fees"
                  onPage={(page) => setSearch({ page })}
                />
              </>
            ) : null
          }
        />
      </Card>
    </div>
  );
}
