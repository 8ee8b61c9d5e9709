import type { CaseListRow } from '@referral/dashboard-contract';
import { Link } from '@tanstack/react-router';
import { createColumnHelper } from '@tanstack/react-table';
import { CaseStatusBadge } from '@/components/status-badges';
import { formatDate, formatMoney, formatRelative, formatDateTime } from '@/lib/format';

const column = createColumnHelper<CaseListRow>();

/** Column ids are the API's sort keys (CaseSortKey). */
export const caseColumns = [
  column.accessor('reference', {
    id: 'reference',
    header: 'Reference',
    enableSorting: true,
    cell: ({ getValue }) => (
      <Link
        to="/cases/$reference"
        params={{ reference: getValue() }}
        search={(prev: Record<string, unknown>) => prev as never}
        className="font-mono text-[13px] font-medium text-brand-700 hover:underline"
      >
        {getValue()}
      </Link>
    ),
  }),
  column.accessor('clientName', {
    id: 'client',
    header: 'Client',
    enableSorting: true,
    meta: { maxWidth: 192 },
  }),
  column.accessor('debtorName', {
    id: 'debtor',
    header: 'Debtor',
    enableSorting: true,
    meta: { maxWidth: 192 },
  }),
  column.accessor('amountMinor', {
    id: 'amount',
    header: 'Invoice amount',
    enableSorting: true,
    meta: { align: 'right', firstOrder: 'desc' },
    cell: ({ row }) => formatMoney(row.original.amountMinor, row.original.currency),
  }),
  column.accessor('status', {
    id: 'status',
    header: 'Status',
    enableSorting: true,
    cell: ({ getValue }) => <CaseStatusBadge status={getValue()} />,
  }),
  column.accessor('collectionPartner', {
    id: 'collectionPartner',
    header: 'Collection partner',
    enableSorting: true,
    meta: { maxWidth: 176 },
    cell: ({ getValue }) => getValue() ?? <span className="text-slate-500">Not assigned</span>,
  }),
  column.accessor('createdAt', {
    id: 'createdAt',
    header: 'Created',
    enableSorting: true,
    meta: { firstOrder: 'desc' },
    cell: ({ getValue }) => formatDate(getValue()),
  }),
  column.accessor('lastActivityAt', {
    id: 'lastActivity',
    header: 'Last activity',
    enableSorting: true,
    meta: { firstOrder: 'desc' },
    cell: ({ getValue }) => (
      <time dateTime={getValue()} title={formatDateTime(getValue())}>
        {formatRelative(getValue())}
      </time>
    ),
  }),
];
