import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createTestDatabase, dropDatabase, type TestDatabase } from '@referral/testing';
import { REPO_ROOT } from '../support/service-process';

const run = promisify(execFile);
const MIGRATE = path.join(REPO_ROOT, 'services', 'api', 'dist', 'migrate.js');
const name = `t_migrate_${randomBytes(5).toString('hex')}`;
let db: TestDatabase;
/** The test server's maintenance database: where a database is created and dropped from. */
let admin: URL;

beforeAll(async () => {
  // Only for its server (DATABASE_URL's, or a container's): the entry makes its own database.
  db = await createTestDatabase();
  admin = new URL(db.url);
  admin.pathname = '/postgres';
});
afterAll(async () => {
  await dropDatabase(admin.toString(), name);
  await db.drop();
});

/** What the Kubernetes init container runs: `node services/api/dist/migrate.js`, concurrently in every pod. */
it('the migrate entry creates and migrates a database, three at once, then finds nothing to do', async () => {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    LOG_FORMAT: 'json',
  };
  const migrate = () => run(process.execPath, [MIGRATE], { env });

  // Three pods starting together: one creates and migrates, the others wait on the lock.
  const first = await Promise.all([migrate(), migrate(), migrate()]);
  const outputs = first.map((r) => r.stdout);
  expect(outputs.filter((o) => o.includes('"msg":"applied migrations"'))).toHaveLength(1);
  expect(outputs.filter((o) => o.includes('"msg":"schema up to date"'))).toHaveLength(2);

  const again = await migrate();
  expect(again.stdout).toContain('"msg":"schema up to date"');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pgmigrations',
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    await client.query('SELECT 1 FROM webhook_events LIMIT 1');
  } finally {
    await client.end();
  }
});
