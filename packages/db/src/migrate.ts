import path from 'node:path';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import { ensureTimePartitions } from './time-partitions';

export const MIGRATIONS_DIR = path.join(__dirname, '..', 'migrations');

// node-pg-migrate's own lock is a try-lock that fails the loser; ours waits.
const MIGRATION_LOCK = 0x6d_69_67_72; // "migr"

export interface MigrateOptions {
  /** Stop after this migration (its file name without `.sql`); tests of a migration use it. */
  until?: string;
}

/**
 * Apply every pending migration. Processes starting together (the API and the
 * dispatcher) queue on an advisory lock: the first migrates, the others then
 * find nothing left to do. Then create the webhook tables' time partitions
 * missing from now to two weeks ahead (the dispatcher's retention job keeps
 * them ahead too), so a process starting on a database nobody maintained for
 * a while still finds a partition for every row it writes.
 */
export async function migrate(
  databaseUrl: string,
  log: (msg: string) => void = () => undefined,
  options: MigrateOptions = {},
) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      checkOrder: true,
      noLock: true,
      log,
      ...(options.until ? { count: migrationTimestamp(options.until), timestamp: true } : {}),
    });
    const partitioned = await client.query(
      `SELECT 1 FROM pg_class WHERE relname = 'webhook_partition_branches'`,
    );
    if (partitioned.rowCount) await ensureTimePartitions(client);
    return applied.map((m) => m.name);
  } finally {
    await client.end(); // ending the session releases the lock
  }
}

function migrationTimestamp(name: string): number {
  const timestamp = Number(name.split('_')[0]);
  if (!Number.isSafeInteger(timestamp)) throw new Error(`not a migration name: ${name}`);
  return timestamp;
}

/**
 * Create the database named in `databaseUrl` if it does not exist yet, so a
 * fresh machine works with the defaults. Connects to the `postgres` database.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another process (the API and the dispatcher start together) created it
    // between our check and our CREATE: 42P04, or 23505 when the two collide.
    const code = (error as { code?: string }).code;
    if (code === '42P04' || code === '23505') return false;
    throw error;
  } finally {
    await client.end();
  }
}
