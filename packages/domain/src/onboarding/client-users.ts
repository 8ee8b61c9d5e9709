import { newId, type PoolClient, type Queryable } from '@referral/db';
import { z } from 'zod';

/** What a user may do on the platform for its company. */
export const ClientUserRole = z
  .enum(['admin', 'member', 'viewer'])
  .describe(
    'admin: manages the account and its users; member: opens and follows cases; viewer: reads',
  );
export type ClientUserRole = z.infer<typeof ClientUserRole>;

/** At most this many users per company; past it the page asks to add the rest later. */
export const MAX_CLIENT_USERS = 20;

const noControlCharacters = /^[^\u0000-\u001f\u007f]*$/;

/** A user as the onboarding page's "add a user" form posts it. */
export const ClientUserInput = z.object({
  name: z
    .string({ error: 'enter the user’s full name' })
    .trim()
    .min(2, 'enter the user’s full name')
    .max(200, 'at most 200 characters')
    .regex(noControlCharacters, 'must not contain control characters'),
  email: z
    .string({ error: 'enter the user’s email address' })
    .trim()
    .min(1, 'enter the user’s email address')
    .pipe(
      z.email('enter an email address like name@company.com').max(254, 'at most 254 characters'),
    ),
  role: z.enum(ClientUserRole.options, { error: 'choose the user’s role' }),
});
export type ClientUserInput = z.infer<typeof ClientUserInput>;

/** A user the client added, as operators see it. */
export const ClientUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: ClientUserRole,
  addedAt: z.string(),
});
export type ClientUser = z.infer<typeof ClientUser>;

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: ClientUserRole;
  added_at: Date;
}

const toUser = (row: UserRow): ClientUser => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  addedAt: row.added_at.toISOString(),
});

/** The company's users, in the order they were added. */
export async function usersOf(db: Queryable, clientId: string): Promise<ClientUser[]> {
  const { rows } = await db.query<UserRow>(
    `SELECT id, name, email, role, added_at FROM client_users WHERE client_id = $1 ORDER BY id`,
    [clientId],
  );
  return rows.map(toUser);
}

export type AddUserOutcome =
  | { outcome: 'added'; user: ClientUser }
  | { outcome: 'duplicate_email' }
  | { outcome: 'too_many_users' };

/** Add a user; the caller holds the client row locked, so the limit and the email check hold. */
export async function addUser(
  tx: PoolClient,
  clientId: string,
  input: ClientUserInput,
): Promise<AddUserOutcome> {
  const { rows } = await tx.query<{ count: number; taken: boolean }>(
    `SELECT count(*)::int AS count, coalesce(bool_or(lower(email) = lower($2)), false) AS taken
     FROM client_users WHERE client_id = $1`,
    [clientId, input.email],
  );
  if (rows[0]!.taken) return { outcome: 'duplicate_email' };
  if (rows[0]!.count >= MAX_CLIENT_USERS) return { outcome: 'too_many_users' };
  const inserted = await tx.query<UserRow>(
    `INSERT INTO client_users (id, client_id, name, email, role) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, name, email, role, added_at`,
    [newId('usr'), clientId, input.name, input.email, input.role],
  );
  return { outcome: 'added', user: toUser(inserted.rows[0]!) };
}

/** Remove one of the company's users; false when it has no such user. */
export async function removeUser(
  tx: PoolClient,
  clientId: string,
  userId: string,
): Promise<boolean> {
  const { rowCount } = await tx.query(`DELETE FROM client_users WHERE client_id = $1 AND id = $2`, [
    clientId,
    userId,
  ]);
  return rowCount === 1;
}

export async function countUsers(db: Queryable, clientId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM client_users WHERE client_id = $1`,
    [clientId],
  );
  return rows[0]!.count;
}
