import type { Queryable } from '@referral/db';

/*
 * The only writes that bypass the domain. Its commands record "now", as they
 * must: no command may rewrite when something happened. A demo spread over
 * the past year has to, so these move timestamps back after the fact, in an
 * order that keeps attribution true (a link before the cases made through it).
 */

/** When the company joined and its first partner's link was made. */
export async function backdateClient(db: Queryable, clientId: string, at: Date): Promise<void> {
  await db.query(`UPDATE clients SET created_at = $2 WHERE id = $1`, [clientId, at]);
  await db.query(`UPDATE client_links SET linked_at = $2 WHERE client_id = $1`, [clientId, at]);
}

/** When a later partner's link (an approved link request) was made. */
export async function backdateLink(
  db: Queryable,
  clientId: string,
  partnerId: string,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE client_links SET linked_at = $3 WHERE client_id = $1 AND partner_id = $2`,
    [clientId, partnerId, at],
  );
}

/** When the case was created, with its timeline's first line. */
export async function backdateCase(db: Queryable, caseId: string, at: Date): Promise<void> {
  await db.query(`UPDATE cases SET created_at = $2, updated_at = $2 WHERE id = $1`, [caseId, at]);
  await db.query(`UPDATE case_activity SET at = $2 WHERE case_id = $1 AND kind = 'created'`, [
    caseId,
    at,
  ]);
}
