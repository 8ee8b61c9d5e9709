import type { Queryable } from '@referral/db';
import type { Route } from './routing-entry';

/**
 * The collection partner for debtors in `country`, from the routing table;
 * undefined if none. Case creation, resuming waiting cases and the operators'
 * routing table all read routes through this one lookup.
 */
export async function routeFor(db: Queryable, country: string): Promise<Route | undefined> {
  const { rows } = await db.query<{ id: string; name: string; commission_percent: string }>(
    `SELECT p.id, p.name, p.commission_percent
     FROM collection_routes r JOIN collection_partners p ON p.id = r.collection_partner_id
     WHERE r.country = $1`,
    [country],
  );
  const row = rows[0];
  return row && { id: row.id, name: row.name, commissionPercent: Number(row.commission_percent) };
}
