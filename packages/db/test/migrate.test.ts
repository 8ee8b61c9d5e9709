import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@referral/testing';
import { ensureDatabase, migrate, newId } from '../src';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('migrate', () => {
  it('creates the webhook tables and is a no-op the second time', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    await client.end();
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['webhook_subscriptions', 'webhook_deliveries', 'webhook_attempts']),
    );
    expect(await migrate(db.url)).toEqual([]);
  });
});

describe('newId', () => {
  it('is prefixed, unique and sorts by creation time', async () => {
    const a = newId('evt');
    await new Promise((r) => setTimeout(r, 2));
    const b = newId('evt');
    expect(a).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(a < b).toBe(true);
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once, even when several processes race to it', async () => {
    const url = new URL(db.url);
    const name = `${url.pathname.slice(1)}_race`;
    url.pathname = `/${name}`;
    const results = await Promise.all([1, 2, 3, 4].map(() => ensureDatabase(url.toString())));
    expect(results.filter(Boolean)).toHaveLength(1);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL ?? db.url });
    await admin.connect();
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  });
});

describe('migrate, concurrently', () => {
  it('lets processes that start together all succeed, applying each migration once', async () => {
    const fresh = await createTestDatabase();
    const url = new URL(fresh.url);
    const name = `${url.pathname.slice(1)}_m`;
    url.pathname = `/${name}`;
    await ensureDatabase(url.toString());
    const applied = await Promise.all([1, 2, 3].map(() => migrate(url.toString())));
    expect(applied.flat().filter((m) => m === '1732400000000_webhooks')).toHaveLength(1);
    const admin = new pg.Client({ connectionString: fresh.url });
    await admin.connect();
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
    await fresh.drop();
  });
});
