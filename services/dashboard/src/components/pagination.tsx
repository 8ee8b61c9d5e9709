import type { ListPage } from '@referral/dashboard-contract';
import { formatCount } from '@/lib/format';
import { Button } from './ui/button';

export function Pagination({
  page,
  pageSize,
  total,
  totalCapped = false,
  noun,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** More rows match than the server counts (COUNT_CAP): `total` is a lower bound. */
  totalCapped?: boolean | undefined;
  /** Plural, e.g. "cases". */
  noun: string;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = totalCapped ? page * pageSize : Math.min(total, page * pageSize);
  const more = totalCapped ? '+' : '';
  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-600"
    >
      <p>
        {total === 0 ? (
          `0 ${noun}`
        ) : (
          <>
            <span className="tabular-nums">
              {formatCount(first)}–{formatCount(last)}
            </span>{' '}
            of{' '}
            <span className="font-medium text-slate-900 tabular-nums">
              {formatCount(total)}
              {more}
            </span>{' '}
            {noun}
          </>
        )}
      </p>
      <div className="flex items-center gap-3">
        <span aria-live="polite" className="tabular-nums">
          Page {formatCount(totalCapped ? page : Math.min(page, pages))} of {formatCount(pages)}
          {more}
        </span>
        <Button size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Button size="sm" disabled={!totalCapped && page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}

/**
 * The pager under a list's rows, once it has any. It speaks of the page on
 * screen: while the next one loads, the previous stays (dimmed) and so does
 * its number, and Next asks for the same page again rather than skipping one.
 */
export function ListPagination({
  data,
  noun,
  onPage,
}: {
  data: ListPage<unknown> | undefined;
  noun: string;
  onPage: (page: number) => void;
}) {
  if (!data || data.total === 0) return null;
  return (
    <Pagination
      page={data.page}
      pageSize={data.pageSize}
      total={data.total}
      totalCapped={data.totalCapped}
      noun={noun}
      onPage={onPage}
    />
  );
}
