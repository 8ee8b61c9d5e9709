import type { UseQueryResult } from '@tanstack/react-query';
import type { ListPage } from '@referral/dashboard-contract';
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
} from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';
import { ErrorState } from './states';
import { Skeleton } from './ui/skeleton';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    align?: 'right';
    /** The order a first click on the header sorts by: newest or largest first for dates and amounts. */
    firstOrder?: 'asc' | 'desc';
    className?: string;
    /** Long text is cut at this width (px) with an ellipsis. */
    maxWidth?: number;
  }
}

export interface TableSort {
  key: string;
  order: 'asc' | 'desc';
  onSort: (key: string, order: 'asc' | 'desc') => void;
}

/**
 * A server-sorted, server-paged table: the rows are one page, the sort lives
 * in the URL. Column ids are the API's sort keys; a column sorts when it says
 * so (`enableSorting`).
 */
/** The DataTable props that come from the query of one page of a list. */
export function pageQueryState<T>(list: UseQueryResult<ListPage<T>>) {
  return {
    rows: list.data?.rows,
    loading: list.isPending,
    stale: list.isPlaceholderData,
    error: list.error,
    onRetry: () => void list.refetch(),
  };
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  getRowId,
  sort,
  loading,
  stale,
  error,
  onRetry,
  empty,
  onRowClick,
  footer,
}: {
  caption: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  rows: T[] | undefined;
  getRowId: (row: T) => string;
  sort?: TableSort;
  /** No rows to show yet: skeleton rows. */
  loading: boolean;
  /** The rows are the previous page's while the next loads. */
  stale?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty: ReactNode;
  onRowClick?: (row: T) => void;
  footer?: ReactNode;
}) {
  const table = useReactTable({
    data: rows ?? [],
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSorting: false,
  });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const showError = error && !rows;

  return (
    <div>
      <div className="overflow-x-auto">
        <table
          className={cn('w-full text-sm transition-opacity', stale && 'opacity-60')}
          aria-busy={loading || stale ? true : undefined}
        >
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="border-b border-slate-200 bg-slate-50/80">
              {headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const sortable = sort && header.column.columnDef.enableSorting;
                const active = sortable && sort.key === header.column.id;
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={
                      sortable
                        ? active
                          ? sort.order === 'asc'
                            ? 'ascending'
                            : 'descending'
                          : 'none'
                        : undefined
                    }
                    className={cn(
                      'px-3 py-2.5 text-xs font-medium whitespace-nowrap text-slate-600 first:pl-4 last:pr-4',
                      meta?.align === 'right' ? 'text-right' : 'text-left',
                    )}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        onClick={() =>
                          sort.onSort(
                            header.column.id,
                            active
                              ? sort.order === 'asc'
                                ? 'desc'
                                : 'asc'
                              : (meta?.firstOrder ?? 'asc'),
                          )
                        }
                        className={cn(
                          'inline-flex items-center gap-1 rounded hover:text-slate-900',
                          active && 'text-slate-900',
                          meta?.align === 'right' && 'flex-row-reverse',
                        )}
                      >
                        {label}
                        <SortIcon state={active ? sort.order : undefined} />
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {!rows && loading
              ? Array.from({ length: 8 }, (_, i) => (
                  <tr key={i}>
                    {headers.map((header) => (
                      <td key={header.id} className="px-3 py-3 first:pl-4">
                        <Skeleton className="h-4 w-[70%]" />
                      </td>
                    ))}
                  </tr>
                ))
              : table.getRowModel().rows.map((row) => (
                  <tr
                    key={row.id}
                    onClick={
                      onRowClick
                        ? (event) => {
                            // Links and buttons in the row do their own thing.
                            if ((event.target as HTMLElement).closest('a,button,input')) return;
                            onRowClick(row.original);
                          }
                        : undefined
                    }
                    className={cn(onRowClick && 'cursor-pointer', 'hover:bg-slate-50')}
                  >
                    {row.getVisibleCells().map((cell) => {
                      const meta = cell.column.columnDef.meta;
                      return (
                        <td
                          key={cell.id}
                          className={cn(
                            'px-3 py-2.5 whitespace-nowrap text-slate-700 first:pl-4 last:pr-4',
                            meta?.align === 'right' && 'text-right tabular-nums',
                            meta?.className,
                          )}
                        >
                          {meta?.maxWidth ? (
                            <span className="block truncate" style={{ maxWidth: meta.maxWidth }}>
                              {flexRender(cell.column.columnDef.cell, cell.getContext())}
                            </span>
                          ) : (
                            flexRender(cell.column.columnDef.cell, cell.getContext())
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      {showError ? <ErrorState error={error} onRetry={onRetry} /> : null}
      {rows && rows.length === 0 ? empty : null}
      {footer}
    </div>
  );
}

function SortIcon({ state }: { state?: 'asc' | 'desc' }) {
  return (
    <svg aria-hidden viewBox="0 0 12 12" className="size-3" fill="currentColor">
      <path d="M6 2 9 5H3z" opacity={state === 'asc' ? 1 : 0.3} />
      <path d="M6 10 3 7h6z" opacity={state === 'desc' ? 1 : 0.3} />
    </svg>
  );
}
