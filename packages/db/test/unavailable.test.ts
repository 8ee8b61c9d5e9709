import {
  createTestDatabase,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from '@referral/testing';
import { createPool, isDatabaseUnavailable, type Pool } from '../src';

/**
 * Postgres taken away from one pool (a proxy in front of the real server
 * drops every connection and refuses new ones), then given back.
 */
let db: TestDatabase;
let proxy: TcpProxy;
let pool: Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  const { hostname, port } = new URL(db.url);
  proxy = await startTcpProxy({ host: hostname, port: Number(port) });
  pool = createPool(proxy.through(db.url));
});
afterAll(async () => {
  await pool.end();
  await proxy.close();
  await db.drop();
});

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected it to fail');
    },
    (err: unknown) => err,
  );
}

it('a lost connection under a checked-out client does not crash the process; the pool recovers once Postgres is back', async () => {
  const client = await pool.connect();
  await client.query('SELECT 1');
  await pool.query('SELECT 1'); // and one idle client in the pool
  await proxy.cut();
  // Without a listener on each client, its 'error' event would have been uncaught here.
  const onTheClient = await failure(client.query('SELECT 1'));
  client.release();
  const refused = await failure(pool.query('SELECT 1'));
  expect([isDatabaseUnavailable(onTheClient), isDatabaseUnavailable(refused)]).toEqual([
    true,
    true,
  ]);

  await proxy.restore();
  const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
  expect(rows).toEqual([{ one: 1 }]);
});

it('a query Postgres refuses is not the database being unavailable', async () => {
  const syntax = await failure(pool.query('SELEC 1'));
  const constraint = await failure(pool.query('SELECT 1/0'));
  expect([isDatabaseUnavailable(syntax), isDatabaseUnavailable(constraint)]).toEqual([
    false,
    false,
  ]);
});

it('a server shutting down (57P01) and a connection terminated are unavailability', async () => {
  const victim = await pool.connect();
  try {
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const query = failure(victim.query('SELECT pg_sleep(5)'));
    // As `pg_ctl stop -m fast` does to every session.
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    const err = (await query) as { code?: string };
    expect(err.code).toBe('57P01');
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(isDatabaseUnavailable(await failure(victim.query('SELECT 1')))).toBe(true);
  } finally {
    victim.release();
  }
});
