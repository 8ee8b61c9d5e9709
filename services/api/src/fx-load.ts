import path from 'node:path';
import { loadConfigOrExit } from '@referral/config';
import { createPool, ensureDatabase, migrate } from '@referral/db';
import { DEFAULT_FX_RATES_FILE, loadFxRates } from '@referral/domain';

/**
 * `npm run fx:load [file]`: load exchange rates (default: the shipped file).
 * USD amounts not locked yet follow the new rates; locked ones never change.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // `npm run -w` runs this from services/api; a relative path means what it
  // meant where the user typed the command, which npm keeps in INIT_CWD.
  const file = process.argv[2]
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2])
    : DEFAULT_FX_RATES_FILE;
  await ensureDatabase(config.database.url);
  await migrate(config.database.url);
  const pool = createPool(config.database.url);
  try {
    const count = await loadFxRates(pool, file);
    process.stdout.write(`Loaded ${count} exchange rates from ${file}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`fx:load failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
