import type { Pool } from '@referral/db';

/** The engine's tables that grow with every delivery. */
const TABLES = ['webhook_events', 'webhook_deliveries', 'webhook_attempts'] as const;

export interface PostgresStorage {
  deliveries: number;
  /** pg_total_relation_size (heap, indexes, TOAST) per table, summed over its partitions. */
  bytes: Record<string, number>;
  bytesPerDelivery: Record<string, number> & { total: number };
}

/**
 * What the engine's rows weigh in Postgres per delivery, everything the
 * database holds so far divided by every delivery row. A partitioned table's
 * own size is 0: its leaf partitions hold the rows (pg_partition_tree lists
 * them, and lists nothing for a plain table).
 */
export async function postgresStorage(pool: Pool): Promise<PostgresStorage> {
  const { rows } = await pool.query<{ name: string; bytes: number }>(
    `SELECT t.name,
            CASE WHEN c.relkind = 'p'
              THEN (SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0)
                    FROM pg_partition_tree(c.oid) p WHERE p.isleaf)
              ELSE pg_total_relation_size(c.oid)
            END::bigint AS bytes
     FROM unnest($1::text[]) AS t(name) JOIN pg_class c ON c.oid = to_regclass(t.name)`,
    [TABLES],
  );
  const counted = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM webhook_deliveries`);
  const deliveries = counted.rows[0]?.n ?? 0;
  const bytes = Object.fromEntries(rows.map((r) => [r.name, r.bytes]));
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  const per = (b: number) => Math.round(b / deliveries);
  return {
    deliveries,
    bytes,
    bytesPerDelivery: {
      ...Object.fromEntries(rows.map((r) => [r.name, per(r.bytes)])),
      total: per(total),
    },
  };
}
