import { ClientSortKey, dashboardApi, type ClientTab } from '@referral/dashboard-contract';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { DataTable, pageQueryState } from '@/components/data-table';
import { FilterTabs } from '@/components/filter-tabs';
import { ListToolbar } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { ListPagination } from '@/components/pagination';
import { CLEARED_FILTERS, ListEmptyState } from '@/components/states';
import { Card, StatCard, StatGrid } from '@/components/ui/card';
import { exportHref } from '@/lib/api';
import { formatCount } from '@/lib/format';
import { useSearchNav } from '@/lib/use-search-nav';
import { clientColumns } from './columns';
import { clientListQuery, clientSummaryQuery } from './queries';

const route = getRouteApi('/app/clients');

const tabs: { value: ClientTab; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'unsigned_sdca', label: 'Unsigned SDCA' },
  { value: 'non_attributed', label: 'Non-attributed' },
];

export function ClientsPage() {
  const search = route.useSearch();
  const setSearch = useSearchNav();
  const list = useQuery(clientListQuery(search));
  const summary = useQuery(clientSummaryQuery({ from: search.from, to: search.to }));
  const s = summary.data;
  const filtered = Boolean(search.search || search.from || search.to || search.tab !== 'all');

  return (
    <div className="space-y-5">
      <PageHeader
        title="Clients"
        description="The companies linked to you, whether you earn on all their cases, and who still has to sign."
      />
      <StatGrid label="Client totals" columns={3}>
        <StatCard label="Clients" loading={!s} value={s && formatCount(s.total)} />
        <StatCard
          label="Attributed"
          loading={!s}
          value={s && formatCount(s.attributed)}
          hint="You earn on every case"
        />
        <StatCard
          label="Onboarding complete"
          loading={!s}
          value={s && formatCount(s.onboardingComplete)}
          hint={
            s && s.total > s.onboardingComplete
              ? `${formatCount(s.total - s.onboardingComplete)} still to sign the SDCA`
              : 'SDCA signed'
          }
        />
      </StatGrid>
      <Card aria-label="Client list">
        <div className="px-4 pt-2">
          <FilterTabs label="Client filter" tabs={tabs} current={search.tab} />
        </div>
        <ListToolbar
          search={search.search}
          searchLabel="Search clients"
          searchPlaceholder="Company or your client ID"
          from={search.from}
          to={search.to}
          dateLabel="Linked"
          onChange={setSearch}
          csvHref={exportHref(dashboardApi.clientsCsv, search)}
          total={list.data?.total}
          totalCapped={list.data?.totalCapped}
        />
        <DataTable
          caption="Clients"
          columns={clientColumns}
          {...pageQueryState(list)}
          getRowId={(row) => row.clientId}
          sort={{
            key: search.sort,
            order: search.order,
            onSort: (key, order) => setSearch({ sort: ClientSortKey.parse(key), order }),
          }}
          empty={
            <ListEmptyState
              noun="clients"
              filtered={filtered}
              onClearFilters={() => setSearch(CLEARED_FILTERS)}
              filteredHint={'Try another search or date range.'}
              emptyHint={'Clients you create with POST /v1/clients appear here.'}
            />
          }
          footer={
            <ListPagination
              data={list.data}
              noun="clients"
              onPage={(page) => setSearch({ page })}
            />
          }
        />
      </Card>
    </div>
  );
}
