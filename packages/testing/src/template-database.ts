import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR, migrate } from '@referral/db';

// Every builder (jest workers, workspaces, concurrent runs on one server)
// queues on this lock, so one of them builds and the others find it built.
const TEMPLATE_LOCK = 0x74_6d_70_6c; // "tmpl"
const PREFIX = 'tpl_';
// Templates of other migration sets may belong to a run still going on in
// another checkout; only those unused this long are dropped.
const STALE_AFTER_MS = 60 * 60 * 1000;

/** Changes whenever a migration is added, renamed or edited. */
export function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The name of a migrated template database for the current migrations,
 * building it on first use. The finished template appears atomically (built
 * under another name, then renamed), so its existence means it is complete.
 */
export async function ensureTemplate(adminUrl: string): Promise<string> {
  const name = `${PREFIX}${migrationsHash()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) await build(client, adminUrl, name);
    await markUsed(client, name);
    await dropStale(client, name);
    return name;
  } finally {
    await client.end(); // ending the session releases the lock
  }
}

async function build(client: pg.Client, adminUrl: string, name: string): Promise<void> {
  const building = `${name}_building`;
  // Left behind by a builder that died mid-way; we hold the lock, so nobody uses it.
  await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${building}`);
  const url = new URL(adminUrl);
  url.pathname = `/${building}`;
  await migrate(url.toString());
  await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  // Nobody may connect to it: CREATE DATABASE … TEMPLATE refuses a template in use.
  await client.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
}

async function markUsed(client: pg.Client, name: string): Promise<void> {
  await client.query(`COMMENT ON DATABASE ${name} IS ${pg.escapeLiteral(String(Date.now()))}`);
}

async function dropStale(client: pg.Client, current: string): Promise<void> {
  const { rows } = await client.query<{ datname: string; used: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS used
       FROM pg_database WHERE datname LIKE $1 AND datname <> $2`,
    [`${PREFIX}%`, current],
  );
  for (const { datname, used } of rows) {
    // A `_building` leftover has no mark, so it counts as stale too.
    if (Date.now() - Number(used ?? 0) < STALE_AFTER_MS) continue;
    await client.query(`ALTER DATABASE ${datname} WITH IS_TEMPLATE false`);
    await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}
