import type { Queryable } from '@referral/db';

/*
 * The only writes that bypass the domain. Its commands record "now", as they
 * must: no command may rewrite when something happened. A demo spread over
 * the past year has to, so these move timestamps back after the fact, in an
 * order that keeps attribution true (a link before the cases made through it).
 */

/** When the company joined, signed what it signed, and its first partner's link was made. */
export async function backdateClient(db: Queryable, clientId: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE clients SET created_at = $2,
       sdca_signed_at = CASE WHEN sdca_signed_at IS NOT NULL THEN $2::timestamptz END
     WHERE id = $1`,
    [clientId, at],
  );
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

/**
 * After the cases have progressed (all of it recorded "now"): contracts are
 * signed by their country's first case, collection starts a day after creation, each payment line sits on its payout's date,
 * and the other lines spread between creation and today in the order they
 * happened, so that a case's timeline reads as the months it took.
 */
export async function backdateTimelines(
  db: Queryable,
  references: readonly string[],
): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM cases WHERE reference = ANY($1::text[])`,
    [references],
  );
  const caseIds = rows.map((row) => row.id);
  // A contract was signed by the time its first case in that country was made.
  await db.query(
    `UPDATE client_contracts cc SET signed_at = first.at
     FROM (SELECT client_id, debtor_country, min(created_at) AS at FROM cases
           WHERE id = ANY($1::text[]) GROUP BY client_id, debtor_country) first
     WHERE cc.client_id = first.client_id AND cc.country = first.debtor_country
       AND cc.signed_at > first.at`,
    [caseIds],
  );
  await db.query(
    `UPDATE cases SET started_at = least(created_at + interval '1 day', now())
     WHERE id = ANY($1::text[]) AND started_at IS NOT NULL`,
    [caseIds],
  );
  await db.query(
    `WITH lines AS (
       SELECT ca.id, ca.case_id, ca.kind, k.created_at,
              row_number() OVER (PARTITION BY ca.case_id ORDER BY ca.at, ca.id) AS n,
              count(*) OVER (PARTITION BY ca.case_id) AS lines,
              row_number() OVER (PARTITION BY ca.case_id, ca.kind = 'payment' ORDER BY ca.at, ca.id)
                AS nth_of_kind
       FROM case_activity ca JOIN cases k ON k.id = ca.case_id
       WHERE ca.case_id = ANY($1::text[]) AND ca.kind <> 'created'
     ),
     paid AS (
       SELECT case_id, paid_at,
              row_number() OVER (PARTITION BY case_id ORDER BY paid_at, id) AS nth_of_kind
       FROM payouts WHERE case_id = ANY($1::text[])
     ),
     placed AS (
       SELECT l.id, l.case_id, l.n,
              coalesce(p.paid_at + interval '10 hours',
                       l.created_at + (now() - l.created_at) * l.n / (l.lines + 1)) AS at
       FROM lines l
       LEFT JOIN paid p ON l.kind = 'payment' AND p.case_id = l.case_id
                       AND p.nth_of_kind = l.nth_of_kind
     ),
     -- Never before an earlier line: a line follows what it followed.
     ordered AS (
       SELECT id, least(now(), max(at) OVER (PARTITION BY case_id ORDER BY n)) AS at FROM placed
     )
     UPDATE case_activity ca SET at = o.at FROM ordered o WHERE o.id = ca.id`,
    [caseIds],
  );
}
