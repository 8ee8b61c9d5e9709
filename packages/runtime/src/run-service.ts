import { loadConfigOrExit, type Config } from '@referral/config';
import { createPool, ensureDatabase, migrate, type Pool } from '@referral/db';
import { createLogger, type Logger } from '@referral/logger';

export interface ServiceContext {
  config: Config;
  logger: Logger;
  pool: Pool;
}

/** What a started service hands back: how to stop it, gracefully. */
export type StopFn = () => Promise<void>;

/**
 * The one lifecycle every process shares: parse config (exit 78 naming bad
 * variables), make sure the database exists and is migrated, start, and on
 * SIGTERM/SIGINT stop gracefully within the deadline; a second signal forces
 * exit. Exit code 0 after a clean stop, 1 after a failed start or stop.
 */
export async function runService(
  name: string,
  start: (ctx: ServiceContext) => Promise<StopFn>,
): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ name, level: config.log.level, format: config.log.format });
  const pool = createPool(config.database.url, { max: config.database.poolMax });
  pool.on('error', (err) => logger.error({ err }, 'idle postgres client error'));

  let stop: StopFn;
  try {
    if (await ensureDatabase(config.database.url)) logger.info('created database');
    const applied = await migrate(config.database.url);
    if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
    stop = await start({ config, logger, pool });
  } catch (err) {
    logger.fatal({ err }, `${name} failed to start`);
    await pool.end().catch(() => undefined);
    process.exit(1);
  }

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: forcing exit');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, `${name} stopping: finishing in-flight work`);
    const deadline = setTimeout(() => {
      logger.error('graceful stop timed out: forcing exit');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    stop()
      .then(() => pool.end())
      .then(() => {
        logger.info(`${name} stopped`);
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, `${name} failed to stop cleanly`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
