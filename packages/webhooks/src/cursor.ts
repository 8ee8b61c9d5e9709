/**
 * Opaque keyset cursors over time-ordered ids: the id of the last row of a
 * page, base64url-encoded. Stable under inserts, unlike offsets.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[a-z]+_[0-9a-f]{32}$/.test(id) ? id : undefined;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Fetch limit + 1 rows; the extra row only tells whether another page exists. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { data: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(last.id) : null };
}
