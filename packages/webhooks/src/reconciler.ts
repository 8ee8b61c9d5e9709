import type { Pool } from '@referral/db';
import type { Logger } from '@referral/logger';
import type { JobProducer } from './job-producer';
import type { DispatcherMetrics } from './metrics';

// Any replica may run a sweep; the lock keeps two from doing the same work at once.
const RECONCILER_LOCK = 0x77_68_6b_72; // "whkr"
const BATCH = 1000;

export interface ReconcileResult {
  deliveries: number;
  /** Job hashes that held no work (left by a partial Redis loss), deleted before the re-add. */
  orphans: number;
}

/**
 * The safety net under Redis. Postgres says what must happen; this re-enqueues
 * pending deliveries overdue by more than `graceMs`: committed but never
 * enqueued (Redis down, or the process died after commit: the outbox relay),
 * or enqueued and then lost by Redis. Re-adding a job
 * that still exists is a no-op, because job ids are row ids; so a job hash
 * that holds no work (in no state a worker takes from, or kept as finished:
 * what a partial loss leaves) is deleted first, or its row would stay
 * pending for good.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly queues: JobProducer,
    private readonly logger: Logger,
    private readonly graceMs: number,
    private readonly metrics: DispatcherMetrics,
  ) {}

  async sweep(): Promise<ReconcileResult> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [RECONCILER_LOCK],
      );
      if (!rows[0]?.locked) return { deliveries: 0, orphans: 0 };
      try {
        let orphans = 0;
        const deliveries = await this.drain(async (rows) => {
          orphans += await this.queues.releaseOrphans(rows.map((r) => r.id));
          await this.queues.enqueueDeliveries(rows);
        });
        this.metrics.reconciled.inc({ kind: 'deliveries' }, deliveries);
        this.metrics.reconciled.inc({ kind: 'orphaned_jobs' }, orphans);
        if (deliveries) {
          this.logger.info({ deliveries, orphans }, 'reconciler re-enqueued overdue deliveries');
        }
        return { deliveries, orphans };
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [RECONCILER_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  start(intervalMs: number): void {
    const tick = () => {
      this.running = this.sweep()
        .catch((err: unknown) => this.logger.warn({ err }, 'reconciler sweep failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Hand every overdue pending delivery to `enqueue`, a batch at a time, in id order. */
  private async drain(enqueue: (rows: OverdueDelivery[]) => Promise<void>): Promise<number> {
    let total = 0;
    let after: string | null = null;
    for (;;) {
      const { rows }: { rows: OverdueDelivery[] } = await this.pool.query(
        `SELECT id, subscription_id AS "subscriptionId" FROM webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at < now() - $1 * interval '1 millisecond'
           AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT ${BATCH}`,
        [this.graceMs, after],
      );
      if (rows.length === 0) return total;
      await enqueue(rows);
      total += rows.length;
      after = rows[rows.length - 1]!.id;
      if (rows.length < BATCH) return total;
    }
  }
}

interface OverdueDelivery {
  id: string;
  subscriptionId: string;
}
