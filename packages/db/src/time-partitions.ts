import type pg from 'pg';

/**
 * How long creating a branch's partitions waits for its lock before leaving
 * it to the next call. Under `deadlock_timeout` (1 s): in a lock cycle with a
 * running statement it is always this side that gives way.
 */
const LOCK_TIMEOUT_MS = 500;

export interface EnsuredPartitions {
  /** Partitions created. */
  created: number;
  /** Branches whose lock was busy: left to the next call. */
  busy: number;
}

/**
 * Create the time partitions of the webhook tables missing from now (or
 * `at`) to two weeks ahead (`webhook_ensure_partitions` of the migrations),
 * one branch per transaction on `client`, each waiting at most 500 ms for
 * its lock. Cheap when nothing is missing: it then takes no lock at all.
 */
export async function ensureTimePartitions(
  client: Pick<pg.ClientBase, 'query'>,
  at: Date = new Date(),
): Promise<EnsuredPartitions> {
  const { rows } = await client.query<{ branch: string }>(
    'SELECT branch::text FROM webhook_partition_branches ORDER BY 1',
  );
  const result: EnsuredPartitions = { created: 0, busy: 0 };
  for (const { branch } of rows) {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
      const created = await client.query<{ n: number }>(
        'SELECT webhook_ensure_partitions($1, $2::regclass) AS n',
        [at, branch],
      );
      await client.query('COMMIT');
      result.created += created.rows[0]!.n;
    } catch (error) {
      await client.query('ROLLBACK');
      if ((error as { code?: string }).code !== '55P03') throw error; // lock_not_available
      result.busy += 1;
    }
  }
  return result;
}
