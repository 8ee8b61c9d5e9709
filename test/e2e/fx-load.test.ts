import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createPool } from '@referral/db';
import { createTestDatabase, type TestDatabase } from '@referral/testing';
import { REPO_ROOT } from '../support/service-process';

const run = promisify(execFile);
let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'fx-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.drop();
});

describe('npm run fx:load', () => {
  it('reads a relative path from where the command was typed, not from services/api', async () => {
    await writeFile(
      path.join(dir, 'rates.csv'),
      'currency,minor_units,usd_per_unit\nUSD,2,1\nEUR,2,1.2345\n',
    );
    // The README's command, minus the build that precedes it in the root script.
    const relative = path.relative(REPO_ROOT, path.join(dir, 'rates.csv'));
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url };
    delete env.INIT_CWD; // as in a shell: npm sets it to where it was started
    const { stdout } = await run(
      'npm',
      ['run', '--silent', '-w', '@referral/api', 'fx:load', '--', relative],
      { cwd: REPO_ROOT, env },
    );
    expect(stdout).toContain('Loaded 2 exchange rates');

    const pool = createPool(db.url);
    try {
      const { rows } = await pool.query<{ usd_per_unit: string }>(
        `SELECT usd_per_unit::text FROM fx_rates WHERE currency = 'EUR'`,
      );
      expect(Number(rows[0]?.usd_per_unit)).toBe(1.2345);
    } finally {
      await pool.end();
    }
  });
});
