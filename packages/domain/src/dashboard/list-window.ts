import type { SortOrder } from '@referral/dashboard-contract';

/** Which rows of a dashboard list: a page (offset by page × size) or the CSV export's first rows. */
export interface ListWindow {
  offset: number;
  limit: number;
}

/** Rows of one window and how many the filter matches in all. */
export interface WindowOf<T> {
  rows: T[];
  total: number;
}

/** Page `page` (1-based) of `size` rows. */
export const pageWindow = (page: number, size: number): ListWindow => ({
  offset: (page - 1) * size,
  limit: size,
});

/**
 * ORDER BY a sort column, stable: rows equal on it keep the order of their
 * ids, in the same direction, so a row never shows on two pages.
 */
export function orderBy(column: string, order: SortOrder, idColumn: string): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return `ORDER BY ${column} ${dir} NULLS LAST, ${idColumn} ${dir}`;
}
