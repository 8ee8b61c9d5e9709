import { SqlParams, type Queryable } from '@referral/db';

/** A search term for ILIKE: `%`, `_` and `\` in it are literal characters, not patterns. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Terms this long or longer match anywhere in a text; shorter ones match the start of a word. */
export const SUBSTRING_SEARCH_MIN_LENGTH = 3;

/**
 * The ILIKE patterns of a search term, each one a pg_trgm index serves: a
 * term of three characters or more anywhere in the text; a shorter one at
 * the start of a word (`ab%`, `% ab%`), because "anywhere" has no trigram
 * to look up and would read every row of a large book.
 */
export function searchPatterns(term: string): string[] {
  const escaped = escapeLike(term);
  return term.length >= SUBSTRING_SEARCH_MIN_LENGTH
    ? [`%${escaped}%`]
    : [`${escaped}%`, `% ${escaped}%`];
}

/**
 * Adds the search term's patterns to `params`; the returned function gives
 * the condition "`column` matches the term", so several columns share them.
 */
export function searchMatcher(term: string, params: SqlParams): (column: string) => string {
  const patterns = searchPatterns(term).map((pattern) => params.add(pattern));
  return (column) => patterns.map((p) => `${column} ILIKE ${p}`).join(' OR ');
}

/** A search over cases or fees: the term, and the partner's clients whose name matches it. */
export interface CaseSearch {
  term: string;
  clientIds: readonly string[];
}

/**
 * Resolves a search's client-name part first: the case query then gets the
 * matching clients as an array its planner can estimate and hash, where a
 * subquery's array would be a guess and a linear scan per row.
 */
export async function caseSearch(
  db: Queryable,
  partnerId: string,
  term: string,
): Promise<CaseSearch> {
  const params = new SqlParams([partnerId]);
  const matches = searchMatcher(term, params);
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id FROM client_links l JOIN clients c ON c.id = l.client_id
     WHERE l.partner_id = $1::uuid AND (${matches('c.company_name')})`,
    params.values,
  );
  return { term, clientIds: rows.map((row) => row.id) };
}

/** "The case's reference, debtor (if given) or client matches the search", over `cases k`. */
export function caseSearchCondition(
  search: CaseSearch,
  params: SqlParams,
  columns: readonly string[],
): string {
  const matches = searchMatcher(search.term, params);
  const byClient = `k.client_id = ANY(${params.add(search.clientIds)}::text[])`;
  return `(${[...columns.map(matches), byClient].join(' OR ')})`;
}
