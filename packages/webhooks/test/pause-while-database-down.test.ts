import { createPool, type Pool } from '@referral/db';
import { createLogger } from '@referral/logger';
import {
  createTestDatabase,
  startTcpProxy,
  waitFor,
  type TcpProxy,
  type TestDatabase,
} from '@referral/testing';
import { PauseWhileDatabaseDown } from '../src/workers/pause-while-database-down';

/**
 * The dispatcher's worker stops taking jobs while Postgres is away and takes
 * them again by itself once it answers. Postgres is taken away from this
 * pool only: a proxy in front of the real server drops and refuses
 * connections, then listens again.
 */
let db: TestDatabase;
let proxy: TcpProxy;
let pool: Pool;
let watch: PauseWhileDatabaseDown | undefined;
const seen: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const { hostname, port } = new URL(db.url);
  proxy = await startTcpProxy({ host: hostname, port: Number(port) });
  pool = createPool(proxy.through(db.url));
});
afterEach(async () => {
  watch?.stop();
  seen.length = 0;
  await proxy.restore().catch(() => undefined); // listening again, whatever the test did
});
afterAll(async () => {
  await pool.end();
  await proxy.close();
  await db.drop();
});

function watchPool(): PauseWhileDatabaseDown {
  watch = new PauseWhileDatabaseDown({
    probe: () => pool.query('SELECT 1'),
    pause: () => seen.push('pause'),
    resume: () => seen.push('resume'),
    logger: createLogger({ name: 'test', level: 'silent', format: 'json' }),
    probeEveryMs: 50,
  });
  return watch;
}

async function errorOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
}

it('pauses at the first error that says Postgres is unreachable, and resumes once it answers', async () => {
  const gate = watchPool();
  await proxy.cut();
  const unreachable = await errorOf(pool.query('SELECT 1'));
  gate.noticeError(unreachable);
  gate.noticeError(unreachable); // the other jobs failing meanwhile: still one pause
  expect(seen).toEqual(['pause']);
  expect(gate.paused).toBe(true);

  // Several probes fail while it is away: still paused.
  await new Promise((r) => setTimeout(r, 300));
  expect(seen).toEqual(['pause']);

  await proxy.restore();
  await waitFor(() => !gate.paused, { what: 'the resume' });
  expect(seen).toEqual(['pause', 'resume']);
});

it('a query Postgres refuses does not pause anything', async () => {
  const gate = watchPool();
  gate.noticeError(await errorOf(pool.query('SELECT 1/0')));
  gate.noticeError(new Error('receiver said no'));
  expect(seen).toEqual([]);
  expect(gate.paused).toBe(false);
});

it('once stopped (the dispatcher shutting down), it never resumes the worker', async () => {
  const gate = watchPool();
  await proxy.cut();
  gate.noticeError(await errorOf(pool.query('SELECT 1')));
  gate.stop();
  await proxy.restore();
  await new Promise((r) => setTimeout(r, 200));
  expect(seen).toEqual(['pause']);
});
