import { createPool, type Pool } from '@referral/db';
import { createLogger } from '@referral/logger';
import {
  createTestDatabase,
  createTestRedis,
  waitFor,
  type TestDatabase,
  type TestRedis,
} from '@referral/testing';
import { listPeriods, PartitionRetention } from '@referral/webhooks';
import { createScheduledTasks } from '../src/scheduled-tasks';

const logger = createLogger({ name: 'dispatcher-test', level: 'silent', format: 'json' });
let db: TestDatabase;
let redis: TestRedis;
let pool: Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  pool = createPool(db.url);
});
afterAll(async () => {
  await pool.end();
  await redis.cleanup();
  await db.drop();
});

describe('webhook retention, a scheduled task', () => {
  it('creates the coming weeks’ partitions that are missing, run by the scheduler', async () => {
    const last = async () => {
      const periods = await listPeriods(pool);
      return Math.max(...periods.filter((p) => !p.kept).map((p) => p.to.getTime()));
    };
    const ahead = await last();
    // The furthest week, empty, as if the job had not run for a while.
    const furthest = (await listPeriods(pool)).find((p) => !p.kept && p.to.getTime() === ahead)!;
    await pool.query(`DROP TABLE ${Object.values(furthest.partitions).join(', ')}`);
    expect(await last()).toBeLessThan(ahead);

    const runs: unknown[] = [];
    const retention = new PartitionRetention(pool, logger, { succeededDays: 30, failedDays: 90 });
    // As dispatcher-service schedules it, at a test's pace.
    const scheduled = createScheduledTasks({
      redisUrl: redis.url,
      prefix: redis.prefix,
      logger,
      tasks: [
        {
          name: 'webhook-retention',
          everyMs: 100,
          run: async () => runs.push(await retention.run()),
        },
      ],
    });
    try {
      await scheduled.start(60_000);
      await waitFor(async () => (await last()) === ahead, { what: 'the week to be created again' });
      await waitFor(() => runs.length >= 3, { what: 'three runs' });
      expect(runs[0]).toMatchObject({ created: 3 });
      expect(runs.slice(1)).toContainEqual(expect.objectContaining({ created: 0 }));
    } finally {
      await scheduled.stop();
    }
  });
});
