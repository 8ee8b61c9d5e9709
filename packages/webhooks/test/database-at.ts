import { ensureDatabase, migrate } from '@referral/db';
import { createTestDatabase, dropDatabase } from '@referral/testing';

/** A database of its own, migrated up to `until` only. */
export async function databaseAt(until: string) {
  const server = await createTestDatabase();
  const url = new URL(server.url);
  url.pathname = `${url.pathname}_m`;
  await ensureDatabase(url.toString());
  await migrate(url.toString(), undefined, { until });
  return {
    url: url.toString(),
    async drop() {
      await dropDatabase(server.url, url.pathname.slice(1));
      await server.drop();
    },
  };
}
