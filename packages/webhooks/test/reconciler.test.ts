import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { createHarness, deliveryRows, type Harness } from './harness';

let h: Harness;
let receiver: Receiver;
beforeAll(async () => {
  h = await createHarness();
  // The first answer fails, the retry succeeds.
  receiver = await startReceiver((_req, i) => ({ status: i === 0 ? 500 : 200 }));
});
afterAll(async () => {
  await receiver.close();
  await h.close();
});

describe('the reconciler', () => {
  it('re-enqueues a pending delivery whose job Redis lost, once it is overdue, and it is delivered', async () => {
    // A retry a minute away, and no timed sweep: the test runs the sweeps.
    const dispatcher = h.startDispatcher({ retryBaseMs: 60_000, reconcileIntervalMs: 3_600_000 });
    const tenant = h.newTenant();
    const sub = await h.subscribe(tenant, {
      url: receiver.url,
      eventTypes: ['*'],
    });
    await h.engine.outbox.publish({ tenantId: tenant, type: 'case.created', data: {} });
    const delivery = await waitFor(
      async () => {
        const [row] = await deliveryRows(h.pool, sub.id);
        return row?.attempt_count === 1 ? row : undefined;
      },
      { what: 'the first attempt' },
    );
    expect(delivery.status).toBe('pending');

    // Redis loses the delayed retry; Postgres still says it is due. (The worker
    // records the attempt before it moves the job to the delayed set.)
    const queue = h.engine.queues.delivery;
    await waitFor(async () => (await queue.getJobState(delivery.id)) === 'delayed', {
      what: 'the retry to be delayed',
    });
    await (await queue.getJob(delivery.id))!.remove();
    expect(await queue.getJob(delivery.id)).toBeUndefined();

    // Not yet overdue beyond the grace (a worker may still hold it): left alone.
    expect(await dispatcher.reconciler.sweep()).toEqual({ deliveries: 0, orphans: 0 });

    // As if the retry's time had passed long ago.
    await h.pool.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 hour' WHERE id = $1`,
      [delivery.id],
    );
    expect(await dispatcher.reconciler.sweep()).toEqual({ deliveries: 1, orphans: 0 });
    await waitFor(async () => (await deliveryRows(h.pool, sub.id))[0]?.status === 'succeeded', {
      what: 'the re-enqueued delivery to succeed',
    });
    expect(receiver.requests).toHaveLength(2);
    expect((await deliveryRows(h.pool, sub.id))[0]?.attempt_count).toBe(2);
  });
});
