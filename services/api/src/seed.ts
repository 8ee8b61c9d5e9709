import { loadConfigOrExit } from '@referral/config';
import { createPool, ensureDatabase, migrate } from '@referral/db';
import { createLogger } from '@referral/logger';
import { webhookEngineOptions } from '@referral/runtime';
import { createWebhookEngine } from '@referral/webhooks';
import { describeDemo, isEmptyPlatform, seedDemoForAll } from '@referral/demo-data';
import { referralPlatform } from './platform';

/**
 * `npm run seed`: fill the configured database with the demo. Refuses a
 * database that already holds clients, so it never mixes with real data.
 */
async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const logger = createLogger({ name: 'seed', level: config.log.level, format: config.log.format });
  await ensureDatabase(config.database.url);
  await migrate(config.database.url);
  const pool = createPool(config.database.url);
  const engine = createWebhookEngine(webhookEngineOptions({ config, logger, pool }));
  try {
    const platform = await referralPlatform(config, pool, engine);
    if (!(await isEmptyPlatform(pool))) {
      process.stderr.write('The database already holds clients: nothing seeded.\n');
      return 1;
    }
    process.stdout.write('Seeding the demo…\n');
    const summary = await seedDemoForAll({ pool, ...platform });
    process.stdout.write(describeDemo(summary));
    return 0;
  } finally {
    await engine.close();
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`seed failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
