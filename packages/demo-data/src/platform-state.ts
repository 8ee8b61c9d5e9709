import type { Queryable } from '@referral/db';

/*
 * Reads the domain has no query for, because only the demo asks them: both
 * span every partner, which no partner or operator read does.
 */

/** True when no client exists yet: the demo may be added without mixing with real data. */
export async function isEmptyPlatform(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM clients) AS any`);
  return !rows[0]!.any;
}

/** Every partner, oldest first (the demo partner of `npm start`, if any). */
export async function existingPartnerIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM partners ORDER BY created_at`);
  return rows.map((r) => r.id);
}
