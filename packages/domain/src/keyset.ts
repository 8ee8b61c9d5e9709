/**
 * Cursors of lists sorted by something other than id: the sort, the last
 * row's sort value and its id, so the next page starts right after it.
 */
export interface Keyset {
  sort: string;
  value: string;
  id: string;
}

export function encodeKeyset(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.sort, keyset.value, keyset.id])).toString('base64url');
}

export function decodeKeyset(cursor: string): Keyset | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed.every((part) => typeof part === 'string' && part.length <= 200)
    ) {
      const [sort, value, id] = parsed as [string, string, string];
      return { sort, value, id };
    }
  } catch {
    // not JSON: not ours
  }
  return undefined;
}
