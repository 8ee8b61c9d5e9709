import { Link } from '@tanstack/react-router';
import { cn } from '@/lib/cn';
import { formatCount } from '@/lib/format';

export interface FilterTab<V extends string> {
  value: V;
  label: string;
  count?: number;
}

/**
 * Status tabs as links: each is a URL (open in a new tab, share, Back), the
 * current one marked with aria-current by the router.
 */
export function FilterTabs<V extends string>({
  label,
  tabs,
  current,
  param = 'tab',
}: {
  label: string;
  tabs: FilterTab<V>[];
  current: V;
  param?: string;
}) {
  return (
    <nav aria-label={label} className="-mb-px overflow-x-auto">
      <ul className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab) => {
          const active = tab.value === current;
          return (
            <li key={tab.value}>
              <Link
                to="."
                search={
                  ((prev: Record<string, unknown>) => ({
                    ...prev,
                    [param]: tab.value,
                    page: undefined,
                  })) as never
                }
                // The router marks the exact match (path and search) with aria-current="page".
                activeOptions={{ exact: true, includeSearch: true }}
                activeProps={{}}
                className={cn(
                  'inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
                  active
                    ? 'border-brand-600 text-brand-700'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
                )}
              >
                {tab.label}
                {tab.count !== undefined ? (
                  <span
                    className={cn(
                      'rounded-full px-1.5 text-xs tabular-nums',
                      active ? 'bg-brand-50 text-brand-700' : 'bg-slate-100 text-slate-600',
                    )}
                  >
                    {formatCount(tab.count)}
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
