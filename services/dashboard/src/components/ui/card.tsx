import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from '@/lib/cn';
import { Skeleton } from './skeleton';

export function Card({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return (
    <section
      className={cn('rounded-lg bg-white shadow-xs ring-1 ring-slate-200', className)}
      {...props}
    />
  );
}

/** One summary figure: label, value, and a quiet line under it. */
export function StatCard({
  label,
  value,
  hint,
  loading,
  emphasis,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  loading?: boolean;
  emphasis?: boolean;
}) {
  return (
    <div
      className={cn(
        'rounded-lg bg-white px-4 py-3 shadow-xs ring-1 ring-slate-200',
        emphasis && 'ring-brand-600/40',
      )}
    >
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
        {loading ? <Skeleton className="h-7 w-20" /> : value}
      </dd>
      {hint ? <dd className="mt-0.5 text-xs text-slate-600">{hint}</dd> : null}
    </div>
  );
}

const gridColumns = { 3: 'sm:grid-cols-3', 4: 'lg:grid-cols-4', 5: 'lg:grid-cols-5' } as const;

export function StatGrid({
  label,
  columns,
  children,
}: {
  label: string;
  columns: keyof typeof gridColumns;
  children: ReactNode;
}) {
  return (
    <dl aria-label={label} className={cn('grid grid-cols-2 gap-3', gridColumns[columns])}>
      {children}
    </dl>
  );
}
