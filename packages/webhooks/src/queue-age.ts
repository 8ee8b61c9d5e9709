import type { Queue } from 'bullmq';
import type { Queryable } from '@referral/db';
import { DeliveryJob } from './queue-catalogue';

/**
 * Seconds the job at the head of a queue's wait list (the next one a worker
 * takes) has waited, 0 when the list is empty. BullMQ names the job and
 * gives its add time; a job that went back to wait (a retry, a delivery that
 * waited for its subscription's slot) keeps that time, so for a pending
 * delivery the later of it and the row's due time counts: a retry waits
 * from when it became due, not from its first attempt hours ago.
 */
export async function oldestWaitingSeconds(queue: Queue, db: Queryable): Promise<number> {
  const [job] = await queue.getWaiting(0, 0);
  if (!job) return 0;
  let since = job.timestamp + (job.opts.delay ?? 0);
  const data = DeliveryJob.safeParse(job.data);
  if (data.success) {
    const { rows } = await db.query<{ due: Date }>(
      `SELECT next_attempt_at AS due FROM webhook_deliveries
       WHERE id = $1 AND status = 'pending' AND next_attempt_at IS NOT NULL`,
      [data.data.deliveryId],
    );
    if (rows[0]) since = Math.max(since, rows[0].due.getTime());
  }
  return Math.max(0, (Date.now() - since) / 1000);
}
