import { loadConfigOrExit } from '@referral/config';
import { ensureDatabase, migrate } from '@referral/db';
import { createLogger } from '@referral/logger';

/**
 * `node services/api/dist/migrate.js`: create the database if it is missing,
 * apply every pending migration, and exit. Kubernetes runs it as the init
 * container of every API and dispatcher pod, so a new version's schema is in
 * place before any of its processes starts; concurrent runs queue on the
 * advisory lock in `migrate`, and all but the first find nothing to do.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({
    name: 'migrate',
    level: config.log.level,
    format: config.log.format,
  });
  if (await ensureDatabase(config.database.url)) logger.info('created database');
  const applied = await migrate(config.database.url);
  logger.info({ migrations: applied }, applied.length ? 'applied migrations' : 'schema up to date');
}

main().catch((err: unknown) => {
  process.stderr.write(`migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
