import { ensureTimePartitions, type Pool, type PoolClient } from '@referral/db';
import type { Logger } from '@referral/logger';
import { listPeriods, periodName, type Period } from './periods';

// Any replica may run it; the lock keeps two runs from working the same partitions.
const RETENTION_LOCK = 0x77_68_72_74; // "whrt"
/** Deliveries moved to the kept branch per statement (with their attempts and events). */
const MOVE_BATCH = 2_000;
/**
 * How long a drop waits for the tables' locks before it gives up until the
 * next run. Under `deadlock_timeout` (1 s), so that in a lock cycle with the
 * hot path it is always the drop that yields, and short, because the
 * statements queued behind a waiting drop wait with it.
 */
const LOCK_TIMEOUT_MS = 500;
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** Days a delivery that succeeded (or was cancelled), its attempts and event are kept at least. */
  succeededDays: number;
  /** Days a delivery that failed or was parked, its attempts and event are kept at least. */
  failedDays: number;
}

export interface RetentionResult {
  /** Partitions created ahead (or missing). */
  created: number;
  /** Deliveries moved to the kept branch, each with its attempts and event. */
  moved: number;
  /** Periods whose partitions were dropped. */
  dropped: string[];
  /** Periods due but left for a later run: a delivery still pending, or the locks were busy. */
  postponed: string[];
}

/**
 * Retention by whole partitions, never by deleting rows. Each run:
 * 1. creates the partitions of the next two weeks;
 * 2. for each short period (a week) that ended more than `succeededDays`
 *    ago: moves its failed and parked deliveries, with their attempts and
 *    events, to the kept branch (rows of a minority, by row movement), then
 *    drops its partitions (succeeded and cancelled deliveries, their
 *    attempts, events nobody kept);
 * 3. drops each kept period (four weeks) that ended more than `failedDays` ago.
 * A period holding a pending delivery (redelivered, or replayed, while
 * due) waits for a later run: retention never pulls a row from under the
 * delivery worker.
 */
export class PartitionRetention {
  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly options: RetentionOptions,
  ) {}

  async run(now = new Date()): Promise<RetentionResult> {
    const result: RetentionResult = { created: 0, moved: 0, dropped: [], postponed: [] };
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [RETENTION_LOCK],
      );
      if (!rows[0]?.locked) return result;
      try {
        const ensured = await ensureTimePartitions(client, now);
        result.created = ensured.created;
        if (ensured.busy) result.postponed.push(`partitions ahead (${ensured.busy} branches busy)`);
        const succeededBefore = now.getTime() - this.options.succeededDays * DAY_MS;
        const failedBefore = now.getTime() - this.options.failedDays * DAY_MS;
        // Short periods first: what they keep moves into kept periods.
        for (const period of await listPeriods(client)) {
          if (period.kept || period.to.getTime() > succeededBefore) continue;
          // Past both horizons (a period retired late), nothing in it is kept.
          await this.retire(client, period, period.to.getTime() > failedBefore, result);
        }
        for (const period of await listPeriods(client)) {
          if (!period.kept || period.to.getTime() > failedBefore) continue;
          await this.retire(client, period, false, result);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK]);
      }
    } finally {
      client.release();
    }
    if (result.dropped.length || result.postponed.length) {
      this.logger.info({ ...result }, 'webhook retention: partitions dropped');
    }
    return result;
  }

  /**
   * Retire one period; with `keep`, its failed and parked deliveries move to
   * the kept branch first. Rows can turn failed or parked between the move
   * and the drop (a redelivery that fails at once): the drop then refuses,
   * and the move runs again.
   */
  private async retire(client: PoolClient, period: Period, keep: boolean, result: RetentionResult) {
    const name = periodName(period);
    for (let round = 0; round < 3; round++) {
      if (await this.holdsPending(client, period)) break;
      if (keep) result.moved += await this.moveKept(client, period);
      const outcome = await this.drop(client, period, keep);
      if (outcome === 'dropped') {
        result.dropped.push(name);
        return;
      }
      if (outcome === 'busy') break;
    }
    result.postponed.push(name);
    this.logger.warn({ period: name }, 'webhook retention: period postponed to a later run');
  }

  private async holdsPending(client: PoolClient, period: Period): Promise<boolean> {
    const deliveries = period.partitions.webhook_deliveries;
    if (!deliveries) return false;
    const { rows } = await client.query<{ pending: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${deliveries} WHERE status = 'pending') AS pending`,
    );
    return rows[0]!.pending;
  }

  /**
   * Move a short period's failed and parked deliveries to the kept branch,
   * with their attempts and their events (an event also delivered with
   * success elsewhere moves too: its failed delivery needs it). Postgres
   * moves a row whose partition key changes; a row that turned pending
   * meanwhile fails the recheck of `status` and stays.
   */
  private async moveKept(client: PoolClient, period: Period): Promise<number> {
    const deliveries = period.partitions.webhook_deliveries;
    if (!deliveries) return 0;
    let moved = 0;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `WITH batch AS (
           SELECT id FROM ${deliveries} WHERE status IN ('failed', 'parked') LIMIT $1
         ), moved AS (
           UPDATE webhook_deliveries d SET kept = true
           FROM batch WHERE d.id = batch.id AND NOT d.kept AND d.status IN ('failed', 'parked')
           RETURNING d.id, d.event_id
         ), attempts AS (
           UPDATE webhook_attempts a SET kept = true
           FROM moved WHERE a.delivery_id = moved.id AND NOT a.kept
         ), events AS (
           UPDATE webhook_events e SET kept = true
           FROM (SELECT DISTINCT event_id FROM moved) m WHERE e.id = m.event_id AND NOT e.kept
         )
         SELECT count(*)::int AS n FROM moved`,
        [MOVE_BATCH],
      );
      moved += rows[0]!.n;
      if (rows[0]!.n < MOVE_BATCH) return moved;
    }
  }

  /**
   * Drop the period's partitions: the deliveries' first, in a transaction
   * that checks, under the lock, that it holds nothing that must stay (no
   * pending delivery, and with `keep` no failed or parked one, found through
   * the partial indexes); then the attempts' and the events', which nothing
   * can reach any more (an attempt is only written for its delivery, and
   * every kept delivery's event has moved with it). A run that stops
   * half-way finishes the period next time.
   *
   * Each transaction locks one partitioned table only. Statements lock a
   * partitioned table before its partitions, but several tables in no fixed
   * order: locking two at once made a cycle with the load (deliveries, then
   * events), which held the hot path for the whole lock timeout.
   */
  private async drop(
    client: PoolClient,
    period: Period,
    keep: boolean,
  ): Promise<'dropped' | 'not_empty' | 'busy'> {
    const { webhook_events: events, webhook_deliveries: deliveries } = period.partitions;
    if (deliveries) {
      const unsettled = !keep
        ? ''
        : `OR EXISTS (SELECT 1 FROM ${deliveries} WHERE status IN ('failed', 'parked'))`;
      const outcome = await this.dropPartition(client, 'webhook_deliveries', deliveries, {
        unless: `EXISTS (SELECT 1 FROM ${deliveries} WHERE status = 'pending') ${unsettled}`,
      });
      if (outcome !== 'dropped') return outcome;
    }
    const attempts = period.partitions.webhook_attempts;
    if (attempts) {
      const outcome = await this.dropPartition(client, 'webhook_attempts', attempts);
      if (outcome !== 'dropped') return outcome;
    }
    return events ? this.dropPartition(client, 'webhook_events', events) : 'dropped';
  }

  /** Drop one partition of `table`, unless the condition `unless` holds. */
  private async dropPartition(
    client: PoolClient,
    table: string,
    partition: string,
    { unless }: { unless?: string } = {},
  ): Promise<'dropped' | 'not_empty' | 'busy'> {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
      await client.query(`LOCK TABLE ONLY ${table} IN ACCESS EXCLUSIVE MODE`);
      if (unless) {
        const { rows } = await client.query<{ held: boolean }>(`SELECT ${unless} AS held`);
        if (rows[0]!.held) {
          await client.query('ROLLBACK');
          return 'not_empty';
        }
      }
      await client.query(`DROP TABLE ${partition}`);
      await client.query('COMMIT');
      return 'dropped';
    } catch (error) {
      await client.query('ROLLBACK');
      if ((error as { code?: string }).code === '55P03') return 'busy'; // lock_not_available
      throw error;
    }
  }
}
