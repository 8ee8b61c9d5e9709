import { CaseSortKey, dashboardApi, type CaseTab } from '@referral/dashboard-contract';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
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
import { caseColumns } from './columns';
import { caseListQuery, caseSummaryQuery } from './queries';

const route = getRouteApi('/app/cases');

export function CasesPage() {
  const search = route.useSearch();
  const setSearch = useSearchNav();
  const navigate = useNavigate();
  const list = useQuery(caseListQuery(search));
  const summary = useQuery(caseSummaryQuery({ from: search.from, to: search.to }));
  const s = summary.data;
  const filtered = Boolean(search.search || search.from || search.to || search.tab !== 'all');

  const tabs: { value: CaseTab; label: string; count?: number }[] = [
    { value: 'all', label: 'All', count: s?.total },
    { value: 'active', label: 'Active', count: s?.active },
    { value: 'pending', label: 'Pending', count: s?.pending },
    { value: 'closed', label: 'Closed', count: s?.closed },
    { value: 'paused', label: 'Paused', count: s?.paused },
  ];

  return (
    <div className="space-y-5">
      <PageHeader
        title="Cases"
        description="Every case your clients have sent to collection, and where it stands."
      />
      <StatGrid label="Case totals" columns={5}>
        <StatCard label="Total cases" value={s && formatCount(s.total)} loading={!s} />
        <StatCard
          label="Active"
          value={s && formatCount(s.active)}
          loading={!s}
          hint="In collection"
        />
        <StatCard
          label="Pending"
          value={s && formatCount(s.pending)}
          loading={!s}
          hint="Waiting on contracts or a collection partner"
        />
        <StatCard label="Closed" value={s && formatCount(s.closed)} loading={!s} />
        <StatCard label="Paused" value={s && formatCount(s.paused)} loading={!s} />
      </StatGrid>
      <Card aria-label="Case list">
        <div className="px-4 pt-2">
          <FilterTabs label="Case status" tabs={tabs} current={search.tab} />
        </div>
        <ListToolbar
          search={search.search}
          searchLabel="Search cases"
          searchPlaceholder="Reference (DEB-12345), debtor or client"
          from={search.from}
          to={search.to}
          dateLabel="Created"
          onChange={setSearch}
          csvHref={exportHref(dashboardApi.casesCsv, search)}
          total={list.data?.total}
          totalCapped={list.data?.totalCapped}
        />
        <DataTable
          caption="Cases"
          columns={caseColumns}
          {...pageQueryState(list)}
          getRowId={(row) => row.reference}
          sort={{
            key: search.sort,
            order: search.order,
            onSort: (key, order) => setSearch({ sort: CaseSortKey.parse(key), order }),
          }}
          onRowClick={(row) =>
            void navigate({
              to: '/cases/$reference',
              params: { reference: row.reference },
              search,
            })
          }
          empty={
            <ListEmptyState
              noun="cases"
              filtered={filtered}
              onClearFilters={() => setSearch(CLEARED_FILTERS)}
              filteredHint={'Try another search or date range, or show every case.'}
              emptyHint={'Cases your clients create through your integration appear here.'}
            />
          }
          footer={
            <ListPagination data={list.data} noun="cases" onPage={(page) => setSearch({ page })} />
          }
        />
      </Card>
    </div>
  );
}
