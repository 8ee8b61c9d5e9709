import type { ClientRow } from '@referral/dashboard-contract';
import { createColumnHelper } from '@tanstack/react-table';
import { Badge } from '@/components/ui/badge';
import { formatCount, formatDate } from '@/lib/format';
import { OnboardingDialog } from './onboarding-dialog';

const column = createColumnHelper<ClientRow>();

/** Column ids are the API's sort keys (ClientSortKey); the last one is the row's action. */
export const clientColumns = [
  column.accessor('companyName', {
    id: 'company',
    header: 'Company',
    enableSorting: true,
    meta: { maxWidth: 240, className: 'font-medium text-slate-900' },
    cell: ({ row }) => (
      <>
        {row.original.companyName}
        {row.original.linkStatus === 'archived' ? (
          <span className="ml-2 text-xs font-normal text-slate-600">(link archived)</span>
        ) : null}
      </>
    ),
  }),
  column.accessor('externalTenantId', {
    id: 'externalTenantId',
    header: 'Your client ID',
    enableSorting: true,
    cell: ({ getValue }) => <span className="font-mono text-xs">{getValue()}</span>,
  }),
  column.accessor('attribution', {
    id: 'attribution',
    header: 'Attribution',
    enableSorting: true,
    cell: ({ getValue }) =>
      getValue() === 'attributed' ? (
        <Badge tone="violet">Attributed</Badge>
      ) : (
        <Badge tone="slate">Non-attributed</Badge>
      ),
  }),
  column.accessor('onboardingStatus', {
    id: 'onboardingStatus',
    header: 'Onboarding',
    enableSorting: true,
    cell: ({ row }) =>
      row.original.onboardingStatus === 'completed' ? (
        <Badge tone="green">Complete</Badge>
      ) : (
        <Badge tone="amber">SDCA not signed</Badge>
      ),
  }),
  column.accessor('linkedAt', {
    id: 'linkedAt',
    header: 'Linked',
    enableSorting: true,
    meta: { firstOrder: 'desc' },
    cell: ({ getValue }) => formatDate(getValue()),
  }),
  column.accessor('activeCaseCount', {
    id: 'activeCases',
    header: 'Active cases',
    enableSorting: true,
    meta: { align: 'right', firstOrder: 'desc' },
    cell: ({ getValue }) => formatCount(getValue()),
  }),
  column.display({
    id: 'actions',
    header: () => <span className="sr-only">Actions</span>,
    meta: { align: 'right' },
    cell: ({ row }) =>
      row.original.sdcaSignedAt === null ? <OnboardingDialog client={row.original} /> : null,
  }),
];
