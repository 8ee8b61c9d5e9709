import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '@referral/db';
import { ensureTemplate } from './template-database';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

let container: { getConnectionUri(): string; stop(): Promise<unknown> } | undefined;
let template: Promise<string> | undefined;

/** DATABASE_URL when set, else a throwaway Postgres container (needs Docker). */
async function serverUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!container) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    container = await new PostgreSqlContainer('postgres:16-alpine').start();
  }
  return container.getConnectionUri();
}

async function cloneTemplate(client: pg.Client, adminUrl: string, name: string): Promise<void> {
  template ??= ensureTemplate(adminUrl);
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${await template}`);
  } catch (error) {
    // 3D000: a run with other migrations found our template stale and dropped
    // it; build it again once.
    if ((error as { code?: string }).code !== '3D000') throw error;
    template = ensureTemplate(adminUrl);
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${await template}`);
  }
}

/**
 * A fresh, migrated database of its own for one test file, so files run in
 * parallel without seeing each other's rows. It is a copy of a template
 * migrated once per set of migrations, which is much faster than migrating
 * from scratch.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = new URL(await serverUrl());
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await cloneTemplate(client, admin.toString(), name);
  } finally {
    await client.end();
  }

  const url = new URL(admin);
  url.pathname = `/${name}`;
  // A template serves until the migrations change, maybe for weeks; migrating
  // the copy (nothing left to apply) creates the time partitions of today.
  await migrate(url.toString());

  return {
    url: url.toString(),
    async drop() {
      await dropDatabase(admin.toString(), name);
      if (container) {
        await container.stop();
        container = undefined;
        template = undefined;
      }
    },
  };
}

/**
 * Drop a test's database. The test's own pools are let finish closing first
 * (pool.end() resolves before their sockets do): FORCE only ends what is still
 * connected after that, or a closing client would report the termination.
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    for (let i = 0; i < 40; i++) {
      const { rows } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
        [name],
      );
      if (rows[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
