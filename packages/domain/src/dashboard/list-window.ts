import type { SortOrder } from '@referral/dashboard-contract';

/** Which rows of a dashboard list: a page (offset by page × size) or the CSV export's first rows. */
export interface ListWindow {
  offset: number;
  limit: number;
}

/** Rows of one window and how many the filter matches in all. */
export interface WindowOf<T> {
  rows: T[];
  /** Counted up to COUNT_CAP; `totalCapped` when more match. */
  total: number;
  totalCapped: boolean;
}

/** Page `page` (1-based) of `size` rows. */
export const pageWindow = (page: number, size: number): ListWindow => ({
  offset: (page - 1) * size,
  limit: size,
});

/**
 * ORDER BY a sort column, stable: rows equal on it keep the order of their
 * ids, in the same direction, so a row never shows on two pages. Nulls sort
 * as Postgres does by default (after every value), so that one ascending
 * index on (column, id) serves both directions.
 */
export function orderBy(column: string, order: SortOrder, idColumn: string): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return `ORDER BY ${column} ${dir}, ${idColumn} ${dir}`;
}

/**
 * The window's ids read from the base table alone, when the sort and the
 * filter need nothing else: `from` is `FROM … WHERE …` over that table,
 * `column` and `idColumn` its sort and id expressions.
 */
export interface BaseTableWindow {
  from: string;
  column: string;
  idColumn: string;
}

/**
 * One window of the rows of `select` (a SELECT whose output names the sort
 * and id columns), sorted.
 * - With few matches (all counted: at most COUNT_CAP) they are collected
 *   first through the filter's indexes and then sorted: walking the sort
 *   order's index hoping to meet them reads the whole book when they sit at
 *   its far end (a reference typed from its start matches the oldest cases).
 * - With many, the planner walks the sort order's index and stops after the
 *   window. Given `base`, the walk reads the base table's index alone and only
 *   the window's rows are joined: a deep page skips rows without joining
 *   each (Earnings page 500 of 100,000 fees: ~1.2 s → a few ms).
 */
export function windowQuery(
  select: string,
  count: { total: number; capped: boolean },
  order: { column: string; order: SortOrder; idColumn: string },
  window: { limit: string; offset: string },
  base?: BaseTableWindow,
): string {
  const sorted = orderBy(order.column, order.order, order.idColumn);
  if (!count.capped) {
    return `WITH rows AS MATERIALIZED (${select}) SELECT * FROM rows ${sorted}
      LIMIT ${window.limit} OFFSET ${window.offset}`;
  }
  if (!base) {
    return `SELECT * FROM (${select}) rows ${sorted} LIMIT ${window.limit} OFFSET ${window.offset}`;
  }
  return `WITH page AS MATERIALIZED (
      SELECT ${base.idColumn} AS id ${base.from}
      ${orderBy(base.column, order.order, base.idColumn)}
      LIMIT ${window.limit} OFFSET ${window.offset})
    SELECT * FROM (${select}) rows WHERE rows.${order.idColumn} IN (SELECT id FROM page) ${sorted}`;
}
