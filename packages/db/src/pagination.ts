import type { Queryable } from './pool';
import { z } from 'zod';

/**
 * Opaque keyset cursors over time-ordered ids (`newId`): the id of the last
 * row of a page, base64url-encoded. Stable under inserts, unlike offsets.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[a-z]+_[0-9a-f]{32}$/.test(id) ? id : undefined;
}

/** The cursor after a row whose order is its id. */
export function idCursor(row: { id: string }): string {
  return encodeCursor(row.id);
}

/** The schema of one page of `item`s: every list the platform answers with has this shape. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page'),
  });
}

export type Page<T> = z.infer<ReturnType<typeof pageOf<z.ZodType<T>>>>;

/**
 * Turn `limit + 1` fetched rows into a page: the extra row only tells whether
 * another page exists; the cursor points after the last row kept.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  cursorAfter: (row: R) => string,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { data: pageRows.map(map), nextCursor: hasMore && last ? cursorAfter(last) : null };
}

/**
 * How many rows `fromWhere` (a `FROM … WHERE …` clause) matches, counting no
 * further than `cap`: a broad search over a large book stops after `cap + 1`
 * rows instead of reading them all. `capped` says more than `cap` match.
 */
export async function countUpTo(
  db: Queryable,
  fromWhere: string,
  values: readonly unknown[],
  cap: number,
): Promise<{ total: number; capped: boolean }> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 ${fromWhere} LIMIT ${cap + 1}) matching`,
    [...values],
  );
  const n = rows[0]!.n;
  return { total: Math.min(n, cap), capped: n > cap };
}
