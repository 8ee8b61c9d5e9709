import type { Queryable } from '@referral/db';

export const PARTITIONED_TABLES = [
  'webhook_events',
  'webhook_deliveries',
  'webhook_attempts',
] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

/**
 * One period of one retention branch: the partitions of the three tables that
 * hold the same time range (an event, its deliveries and their attempts are
 * always in the same one). `kept` is the branch of failed and parked
 * deliveries, held to the longer horizon.
 */
export interface Period {
  kept: boolean;
  /** Null for the first, "legacy" period, which has no lower bound. */
  from: Date | null;
  to: Date;
  /** Each table's partition for the period (quoted name), when it exists. */
  partitions: Partial<Record<PartitionedTable, string>>;
}

/** Every period of both branches, oldest first (`webhook_partitions`, from the catalog). */
export async function listPeriods(db: Queryable): Promise<Period[]> {
  const { rows } = await db.query<{
    table_name: PartitionedTable;
    kept: boolean;
    partition: string;
    from_at: Date | null;
    to_at: Date;
  }>(`SELECT table_name, kept, partition::text, from_at, to_at FROM webhook_partitions
      ORDER BY to_at, kept, table_name`);
  const periods = new Map<string, Period>();
  for (const row of rows) {
    const key = `${row.kept}:${row.to_at.getTime()}`;
    let period = periods.get(key);
    if (!period) {
      period = { kept: row.kept, from: row.from_at, to: row.to_at, partitions: {} };
      periods.set(key, period);
    }
    period.partitions[row.table_name] = row.partition;
  }
  return [...periods.values()];
}

/** What a period is called in logs: its branch and first day (or "legacy"). */
export function periodName(period: Period): string {
  const start = period.from ? period.from.toISOString().slice(0, 10) : 'legacy';
  return `${period.kept ? 'kept' : 'short'} ${start}`;
}
