import type { EarningsRow } from '@referral/dashboard-contract';
import { Link } from '@tanstack/react-router';
import { createColumnHelper } from '@tanstack/react-table';
import { StageBadge } from '@/components/status-badges';
import { formatDate, formatMoney, formatUsd } from '@/lib/format';

const column = createColumnHelper<EarningsRow>();

/** Column ids are the API's sort keys (EarningsSortKey). */
export const earningsColumns = [
  column.accessor('caseReference', {
    id: 'caseReference',
    header: 'Case',
    enableSorting: true,
    cell: ({ getValue }) => (
      <Link
        to="/cases/$reference"
        params={{ reference: getValue() }}
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
  column.accessor('invoiceAmountMinor', {
    id: 'invoiceAmount',
    header: 'Invoice amount',
    enableSorting: true,
    meta: { align: 'right', firstOrder: 'desc' },
    cell: ({ row }) => formatMoney(row.original.invoiceAmountMinor, row.original.currency),
  }),
  column.accessor('platformRevenueMinor', {
    id: 'platformRevenue',
    header: 'Platform revenue',
    enableSorting: true,
    meta: { align: 'right', firstOrder: 'desc' },
    cell: ({ row }) => formatMoney(row.original.platformRevenueMinor, row.original.currency),
  }),
  column.accessor('referralFeeUsdMinor', {
    id: 'referralFeeUsd',
    header: 'Your fee (USD)',
    enableSorting: true,
    meta: { align: 'right', firstOrder: 'desc' },
    cell: ({ row }) => (
      <span className="font-medium text-slate-900">
        {row.original.usdLocked ? '' : <span title="Moves with the exchange rate">≈ </span>}
        {formatUsd(row.original.referralFeeUsdMinor)}
      </span>
    ),
  }),
  column.accessor('stage', {
    id: 'stage',
    header: 'Stage',
    enableSorting: true,
    cell: ({ getValue }) => <StageBadge stage={getValue()} />,
  }),
  column.accessor('collectionPartner', {
    id: 'collectionPartner',
    header: 'Collection partner',
    enableSorting: true,
    meta: { maxWidth: 160 },
  }),
  column.accessor('paidAt', {
    id: 'paidAt',
    header: 'Paid',
    enableSorting: true,
    meta: { firstOrder: 'desc' },
    cell: ({ getValue }) => formatDate(getValue()),
  }),
];
