import type { ReactNode } from 'react';
import { describeError } from '@/lib/api';
import { Button } from './ui/button';

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center px-6 py-12 text-center">
      <svg aria-hidden viewBox="0 0 24 24" className="size-8 text-slate-400" fill="none">
        <path
          d="M3 7.5 12 3l9 4.5M3 7.5v9L12 21m-9-13.5L12 12m0 9 9-4.5v-9M12 21v-9m9-4.5L12 12"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinejoin="round"
        />
      </svg>
      <p className="mt-3 text-sm font-semibold text-slate-900">{title}</p>
      {children ? <div className="mt-1 max-w-md text-sm text-slate-600">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

/** The search params that "Clear filters" resets on every list: tab, search, dates. */
export const CLEARED_FILTERS = {
  tab: undefined,
  search: undefined,
  from: undefined,
  to: undefined,
} as const;

/**
 * A list with no rows: "No cases match these filters" with a Clear filters
 * button when the partner filtered, else "No cases yet" and what fills it.
 */
export function ListEmptyState({
  noun,
  filtered,
  onClearFilters,
  filteredHint,
  emptyHint,
}: {
  /** Plural, e.g. "cases". */
  noun: string;
  filtered: boolean;
  onClearFilters: () => void;
  filteredHint: string;
  emptyHint: string;
}) {
  return (
    <EmptyState
      title={filtered ? `No ${noun} match these filters` : `No ${noun} yet`}
      action={filtered ? <Button onClick={onClearFilters}>Clear filters</Button> : undefined}
    >
      {filtered ? filteredHint : emptyHint}
    </EmptyState>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-center px-6 py-12 text-center">
      <p className="text-sm font-semibold text-red-800">This could not be loaded</p>
      <p className="mt-1 max-w-md text-sm text-slate-700">{describeError(error)}</p>
      {onRetry ? (
        <Button className="mt-4" onClick={onRetry}>
          Retry
        </Button>
      ) : null}
    </div>
  );
}
