import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@referral/testing';
import { migrate, newId } from '../src';

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
