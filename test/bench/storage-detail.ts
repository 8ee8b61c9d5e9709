/**
 * `npm run bench:storage`: what one delivery costs in Postgres. Publishes
 * STORAGE_EVENTS events (default 20,000) to one `*` subscription whose
 * receiver answers 200, lets the engine deliver them all (one attempt each),
 * then sums heap, indexes and TOAST of the webhook tables over all their
 * partitions and divides by the deliveries: once as written (dead row
 * versions of the status updates included, as a busy table holds them until
 * vacuum reuses their space), once compacted (VACUUM FULL: live rows only).
 * In a throwaway database and key prefix, removed at the end.
 */
import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from '@referral/db';
import { encodeEventEnvelope } from '@referral/events';
import { createLogger } from '@referral/logger';
import { createTestDatabase, createTestRedis, startReceiver, waitFor } from '@referral/testing';
import { createDispatcher, createWebhookEngine } from '@referral/webhooks';
import { EVENT_DATA, EVENT_TYPE } from './bench-event';
import { Teardown } from './teardown';

const TABLES = ['webhook_events', 'webhook_deliveries', 'webhook_attempts'] as const;

interface TableSize {
  table: string;
  heap: number;
  toast: number;
  indexes: number;
  byIndex: Record<string, number>;
}

async function main() {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  const events = Number(process.env.STORAGE_EVENTS ?? 20_000);
  const teardown = new Teardown();
  try {
    const db = await createTestDatabase();
    teardown.push('dropping the database', () => db.drop());
    const redis = await createTestRedis();
    teardown.push('deleting the Redis keys', () => redis.cleanup());
    const receiver = await startReceiver();
    teardown.push('stopping the receiver', () => receiver.close());
    const pool = createPool(db.url);
    teardown.push('closing the pool', () => pool.end());
    const engine = createWebhookEngine({
      pool,
      redisUrl: redis.url,
      prefix: redis.prefix,
      logger: createLogger({ name: 'storage', level: 'silent', format: 'json' }),
      secretEncryptionKey: Buffer.alloc(32, 3),
      allowHttp: true,
      allowPrivateUrls: true,
      encodeEnvelope: encodeEventEnvelope,
    });
    teardown.push('closing the engine', () => engine.close());
    const dispatcher = createDispatcher(engine, {
      retryBaseMs: 60_000,
      timeoutMs: 10_000,
      deliveryConcurrency: 200,
      reconcileIntervalMs: 3_600_000,
    });
    dispatcher.start();
    teardown.push('stopping the dispatcher', () => dispatcher.stop());

    const tenantId = randomUUID();
    const created = await engine.subscriptions.create(tenantId, {
      url: receiver.url,
      eventTypes: ['*'],
    });
    if (created.outcome !== 'created') throw new Error(created.problem);

    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < events) {
          next += 1;
          await engine.outbox.publish({ tenantId, type: EVENT_TYPE, data: EVENT_DATA });
        }
      }),
    );
    await waitFor(async () => (await succeeded(pool)) === events, {
      timeoutMs: 600_000,
      intervalMs: 500,
      what: `${events} deliveries succeeded`,
    });
    await dispatcher.stop();

    const deliveries = await succeeded(pool);
    await pool.query('ANALYZE');
    const columns = await pool.query<{ payload: number; request_headers: number }>(
      `SELECT (SELECT avg(pg_column_size(payload)) FROM webhook_events)::int AS payload,
              (SELECT coalesce(avg(pg_column_size(request_headers)), 0) FROM webhook_attempts)::int
                AS request_headers`,
    );
    // HOT: an update that changes no indexed column (nor one in an index's
    // predicate) writes its new row version without new index entries.
    await pool.query('SELECT pg_stat_force_next_flush()');
    const updates = await pool.query<{ updates: number; hot: number }>(
      `SELECT coalesce(sum(n_tup_upd), 0)::int AS updates, coalesce(sum(n_tup_hot_upd), 0)::int AS hot
       FROM pg_stat_user_tables WHERE relname LIKE 'webhook_deliveries%'`,
    );
    const written = await sizes(pool);
    await pool.query(`VACUUM FULL ${TABLES.join(', ')}`);
    const compacted = await sizes(pool);
    console.log(report(deliveries, written, compacted));
    console.log(
      `average bytes of an event's payload: ${columns.rows[0]!.payload}, ` +
        `of an attempt's request_headers: ${columns.rows[0]!.request_headers}\n` +
        `delivery updates: ${updates.rows[0]!.updates}, of which HOT: ${updates.rows[0]!.hot}`,
    );
  } finally {
    await teardown.run();
  }
}

async function succeeded(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'succeeded'`,
  );
  return rows[0]!.n;
}

/** The leaves of table `$1`: its partitions, or the table itself if it has none. */
const LEAVES = `SELECT relid FROM pg_partition_tree($1::regclass) WHERE isleaf
  UNION ALL SELECT $1::regclass WHERE NOT EXISTS (SELECT 1 FROM pg_partition_tree($1::regclass))`;

/** Heap, TOAST and indexes of each table, summed over its partitions (if any). */
async function sizes(pool: Pool): Promise<TableSize[]> {
  const result: TableSize[] = [];
  for (const table of TABLES) {
    const { rows } = await pool.query<{ heap: number; toast: number; indexes: number }>(
      `WITH leaf AS (
         SELECT c.oid, c.reltoastrelid FROM (${LEAVES}) t JOIN pg_class c ON c.oid = t.relid
       )
       SELECT coalesce(sum(pg_relation_size(oid)), 0)::bigint AS heap,
              coalesce(sum(CASE WHEN reltoastrelid <> 0
                                THEN pg_total_relation_size(reltoastrelid) END), 0)::bigint AS toast,
              coalesce(sum(pg_indexes_size(oid)), 0)::bigint AS indexes
       FROM leaf`,
      [table],
    );
    // An index of a partitioned table is named for the parent index on every leaf.
    const byIndex = await pool.query<{ name: string; bytes: number }>(
      `SELECT coalesce(root.relname, i.relname) AS name, sum(pg_relation_size(i.oid))::bigint AS bytes
       FROM (${LEAVES}) t
       JOIN pg_index x ON x.indrelid = t.relid
       JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN LATERAL (
         SELECT a.relname FROM pg_partition_ancestors(i.oid) p JOIN pg_class a ON a.oid = p.relid
         WHERE NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = p.relid)
       ) root ON true
       GROUP BY 1 ORDER BY 2 DESC`,
      [table],
    );
    result.push({
      table,
      ...rows[0]!,
      byIndex: Object.fromEntries(byIndex.rows.map((r) => [r.name, r.bytes])),
    });
  }
  return result;
}

function report(deliveries: number, written: TableSize[], compacted: TableSize[]): string {
  const per = (bytes: number) => (bytes / deliveries).toFixed(0).padStart(6);
  const lines = [`${deliveries} deliveries, one attempt each: bytes per delivery`, ''];
  for (const [label, set] of [
    ['as written', written],
    ['compacted (VACUUM FULL)', compacted],
  ] as const) {
    lines.push(`${label}:`, '  table                 heap  toast indexes  total');
    let total = 0;
    for (const t of set) {
      const sum = t.heap + t.toast + t.indexes;
      total += sum;
      lines.push(
        `  ${t.table.padEnd(19)} ${per(t.heap)} ${per(t.toast)} ${per(t.indexes)} ${per(sum)}`,
      );
      for (const [name, bytes] of Object.entries(t.byIndex)) {
        lines.push(`      index ${name.padEnd(50)} ${per(bytes)}`);
      }
    }
    lines.push(`  ${'all'.padEnd(19)} ${''.padStart(20)} ${per(total)}`, '');
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error('storage bench failed:', error);
  process.exitCode = 1;
});
