import type { Pool } from '@referral/db';

/** One list's search box, typed into: each term as its successive prefixes. */
export interface TypedSearch {
  list: 'cases' | 'earnings' | 'clients';
  /** What the user looks for, for the report. */
  kind: string;
  term: string;
}

/** `Müller` → `M`, `Mü`, `Mül`, …: what a search-as-you-type box sends. */
export const prefixes = (term: string): string[] =>
  Array.from({ length: term.length }, (_, i) => term.slice(0, i + 1)).filter((p) => p.trim());

/**
 * Realistic terms from the seeded rows of `partnerId`: case references, a
 * debtor's surname, a client's company name (the first two words), its
 * external tenant id, and terms matching nothing. The same rows each run:
 * the seed is deterministic and these pick by position.
 */
export async function typedSearches(pool: Pool, partnerId: string): Promise<TypedSearch[]> {
  const { rows: refs } = await pool.query<{ reference: string }>(
    `SELECT reference FROM cases k JOIN client_links l ON l.client_id = k.client_id
     WHERE l.partner_id = $1 ORDER BY k.reference OFFSET 40000 LIMIT 3`,
    [partnerId],
  );
  const { rows: clients } = await pool.query<{ company_name: string; external_tenant_id: string }>(
    `SELECT c.company_name, l.external_tenant_id FROM client_links l JOIN clients c ON c.id = l.client_id
     WHERE l.partner_id = $1 ORDER BY l.external_tenant_id OFFSET 700 LIMIT 3`,
    [partnerId],
  );
  const firstWords = (name: string) => name.split(' ').slice(0, 2).join(' ');
  const nothing = ['qxzvy', 'Wolkenkratzer'];
  // A reference is typed three ways: in full, by its number alone, and lower case.
  const [r1, r2, r3] = refs.map((r) => r.reference) as [string, string, string];
  const searches: TypedSearch[] = [
    { list: 'cases', kind: 'reference', term: r1 },
    { list: 'cases', kind: 'reference number', term: r2.replace('DEB-', '') },
    { list: 'cases', kind: 'reference', term: r3.toLowerCase() },
    ...['Müller', 'Dekker', 'Fernández'].map((term) => ({
      list: 'cases' as const,
      kind: 'debtor surname',
      term,
    })),
    ...clients.map((c) => ({
      list: 'cases' as const,
      kind: 'client company',
      term: firstWords(c.company_name),
    })),
    ...nothing.map((term) => ({ list: 'cases' as const, kind: 'no match', term })),

    { list: 'earnings', kind: 'reference', term: r1 },
    { list: 'earnings', kind: 'reference number', term: r2.replace('DEB-', '') },
    ...clients.map((c) => ({
      list: 'earnings' as const,
      kind: 'client company',
      term: firstWords(c.company_name),
    })),
    ...nothing.map((term) => ({ list: 'earnings' as const, kind: 'no match', term })),

    ...clients.map((c) => ({
      list: 'clients' as const,
      kind: 'client company',
      term: c.company_name,
    })),
    ...clients.map((c) => ({
      list: 'clients' as const,
      kind: 'external tenant id',
      term: c.external_tenant_id,
    })),
    ...nothing.map((term) => ({ list: 'clients' as const, kind: 'no match', term })),
  ];
  return searches;
}
