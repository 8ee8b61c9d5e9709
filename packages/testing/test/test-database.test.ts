import { readdirSync } from 'node:fs';
import pg from 'pg';
import { MIGRATIONS_DIR } from '@referral/db';
import { createTestDatabase, type TestDatabase } from '../src';
import { ensureTemplate, migrationsHash } from '../src/template-database';

const adminUrl = process.env.DATABASE_URL;
const opened: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.drop()));
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

(adminUrl ? describe : describe.skip)('the template database', () => {
  it('is one per set of migrations, however many builders race for it', async () => {
    const names = await Promise.all([1, 2, 3, 4].map(() => ensureTemplate(adminUrl!)));
    expect(new Set(names)).toEqual(new Set([`tpl_${migrationsHash()}`]));
    const [row] = await query<{ datistemplate: boolean; datallowconn: boolean }>(
      adminUrl!,
      `SELECT datistemplate, datallowconn FROM pg_database WHERE datname = '${names[0]}'`,
    );
    // Nobody may connect to it, or cloning it would fail.
    expect(row).toEqual({ datistemplate: true, datallowconn: false });
  });
});

describe('createTestDatabase', () => {
  it('gives each caller a migrated database that shares no rows with the others', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    opened.push(a!, b!);
    expect(a!.url).not.toEqual(b!.url);
    const migrations = await query<{ name: string }>(a!.url, 'SELECT name FROM pgmigrations');
    const files = readdirSync(MIGRATIONS_DIR).map((f) => f.replace(/\.sql$/, ''));
    expect(migrations.map((m) => m.name).sort()).toEqual(files.sort());

    await query(a!.url, `INSERT INTO pgmigrations (name, run_on) VALUES ('only-in-a', now())`);
    const inB = await query(b!.url, `SELECT 1 FROM pgmigrations WHERE name = 'only-in-a'`);
    expect(inB).toEqual([]);
  });
});
